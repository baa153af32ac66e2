using System.Globalization;
using System.Text.Json.Nodes;

namespace Connector.Emulators.Graph.Todo;

/// <summary>A stored todoTask: its writable properties as sent (validated), its linked resources, and server-set times.</summary>
internal sealed class TodoTaskState
{
    public TodoTaskState(string id, JsonObject fields, DateTimeOffset now)
    {
        Id = id;
        Fields = fields;
        Created = now;
        Modified = now;
    }

    public string Id { get; }

    public JsonObject Fields { get; }

    public List<JsonObject> LinkedResources { get; } = [];

    public DateTimeOffset Created { get; }

    public DateTimeOffset Modified { get; set; }

    public long Sequence { get; set; }

    public int Version { get; set; } = 1;

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["@odata.etag"] = $"W/\"{Convert.ToBase64String(BitConverter.GetBytes((long)Version))}\"",
            ["importance"] = "normal",
            ["isReminderOn"] = false,
            ["status"] = "notStarted",
            ["title"] = "",
            ["createdDateTime"] = GraphTime.Format(Created),
            ["lastModifiedDateTime"] = GraphTime.Format(Modified),
            ["hasAttachments"] = false,
            ["categories"] = new JsonArray(),
            ["id"] = Id,
            ["body"] = new JsonObject { ["content"] = "", ["contentType"] = "text" },
        };
        foreach (var (name, value) in Fields)
        {
            json[name] = value?.DeepClone();
        }

        json["linkedResources"] = new JsonArray([.. LinkedResources.Select(r => (JsonNode)r.DeepClone())]);
        return json;
    }
}

/// <summary>Graph's timestamp format: UTC with seven fractional digits and a Z.</summary>
internal static class GraphTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A dateTimeTimeZone in UTC, as the server sets <c>completedDateTime</c>.</summary>
    public static JsonObject Zoned(DateTimeOffset time) => new()
    {
        ["dateTime"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        ["timeZone"] = "UTC",
    };
}
