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

    /// <summary>The task as Graph returns it; <c>linkedResources</c> is a navigation property, so only when asked for (<c>$expand</c>, or a create's answer).</summary>
    public JsonObject ToJson(bool withLinkedResources = true)
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

        if (withLinkedResources)
        {
            json["linkedResources"] = new JsonArray([.. LinkedResources.Select(r => (JsonNode)r.DeepClone())]);
        }

        return json;
    }

    /// <summary>The <c>externalId</c> of any linked resource equals <paramref name="externalId"/>.</summary>
    public bool HasExternalId(string externalId) =>
        LinkedResources.Exists(r => r["externalId"] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String
            && string.Equals(value.GetValue<string>(), externalId, StringComparison.Ordinal));

    /// <summary>A change: new etag version and the list's next sequence number, so delta reports it.</summary>
    public void Touch(TodoListState list, DateTimeOffset now)
    {
        Modified = now;
        Version++;
        Sequence = ++list.Sequence;
    }

    /// <summary>The server sets <c>completedDateTime</c> when a task becomes completed and clears it when it is reopened.</summary>
    public void SetCompletion(DateTimeOffset now)
    {
        var completed = Fields["status"]?.GetValue<string>() == "completed";
        if (completed && Fields["completedDateTime"] is null)
        {
            Fields["completedDateTime"] = GraphTime.Zoned(now);
        }
        else if (!completed)
        {
            Fields.Remove("completedDateTime");
        }
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
