using System.Text;
using System.Text.Json;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>A dead letter's raw row as JSON (<c>{"header":[…],"values":[…],"text":…,"file":…}</c>), so a retry can map it again.</summary>
internal static class RawRowJson
{
    public static string Write(RawRow raw)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("header");
            foreach (var name in raw.Header)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            if (raw.Values is null)
            {
                writer.WriteNull("values");
            }
            else
            {
                writer.WriteStartArray("values");
                foreach (var value in raw.Values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteString("text", raw.Text);
            if (raw.File is not null)
            {
                writer.WriteString("file", raw.File);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static RawRow Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var header = root.GetProperty("header").EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray();
        var values = root.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray()
            : null;
        var text = root.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var file = root.TryGetProperty("file", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        return new RawRow(header, values, text) { File = file };
    }
}
