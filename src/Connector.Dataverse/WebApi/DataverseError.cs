using System.Text.Json;

namespace Connector.Dataverse.WebApi;

/// <summary>The OData error body Dataverse answers with: <c>{"error":{"code":"0x80040217","message":"…"}}</c>.</summary>
/// <param name="Code">The hex HRESULT as a string, e.g. <c>0x80072322</c>; empty when the body had none.</param>
/// <param name="Message">Dataverse's message; empty when the body had none.</param>
public sealed record DataverseError(string Code, string Message)
{
    public static readonly DataverseError None = new(string.Empty, string.Empty);

    /// <summary>Reads the error object; anything else (HTML from a proxy, an empty body) gives <see cref="None"/>, never the raw text.</summary>
    public static DataverseError Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return None;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                return new DataverseError(Text(error, "code"), Text(error, "message"));
            }
        }
        catch (JsonException)
        {
        }

        return None;
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? string.Empty,
                JsonValueKind.Number => value.GetRawText(),
                _ => string.Empty,
            }
            : string.Empty;
}
