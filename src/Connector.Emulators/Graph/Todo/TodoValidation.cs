using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Emulators.Graph.Todo;

/// <summary>
/// Checks a todoTask or linkedResource body against the documented property types and enumerations; the first
/// problem found is the 400 message. Annotations (<c>@odata.*</c>) are ignored, unknown properties are refused.
/// </summary>
internal static class TodoValidation
{
    private static readonly HashSet<string> Importances = new(StringComparer.Ordinal) { "low", "normal", "high" };
    private static readonly HashSet<string> Statuses = new(StringComparer.Ordinal) { "notStarted", "inProgress", "completed", "waitingOnOthers", "deferred" };
    private static readonly HashSet<string> ZonedProperties = new(StringComparer.Ordinal) { "dueDateTime", "reminderDateTime", "startDateTime", "completedDateTime" };
    private static readonly HashSet<string> LinkedResourceProperties = new(StringComparer.Ordinal) { "webUrl", "applicationName", "displayName", "externalId", "id" };

    /// <summary>The writable task properties of <paramref name="body"/> (linkedResources apart), or an error message.</summary>
    public static (JsonObject? Fields, List<JsonObject>? Links, string? Error) Task(JsonNode? body, bool creating)
    {
        if (body is not JsonObject obj)
        {
            return (null, null, "The request body must be a JSON object.");
        }

        var fields = new JsonObject();
        List<JsonObject>? links = null;
        foreach (var (name, value) in obj)
        {
            if (name.StartsWith('@'))
            {
                continue;
            }

            string? error = name switch
            {
                "title" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? null : "Property 'title' must be a string.",
                "body" => ItemBody(value),
                "importance" => Enumerated(value, Importances, name),
                "status" => Enumerated(value, Statuses, name),
                "isReminderOn" => value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : "Property 'isReminderOn' must be a boolean.",
                "categories" => value is JsonArray a && a.All(c => c is JsonValue s && s.GetValueKind() == JsonValueKind.String) ? null : "Property 'categories' must be an array of strings.",
                "linkedResources" => creating ? LinkedResourceList(value, out links) : "Property 'linkedResources' cannot be updated with PATCH; use the linkedResources navigation property.",
                _ when ZonedProperties.Contains(name) => Zoned(value, name),
                _ => $"Invalid property '{name}' on a todoTask.",
            };
            if (error is not null)
            {
                return (null, null, error);
            }

            if (name != "linkedResources")
            {
                fields[name] = value?.DeepClone();
            }
        }

        if (creating && (fields["title"] is null || string.IsNullOrWhiteSpace(fields["title"]!.GetValue<string>())))
        {
            return (null, null, "A todoTask needs a non-empty 'title'.");
        }

        return (fields, links ?? [], null);
    }

    /// <summary>A linkedResource body, or an error message.</summary>
    public static string? LinkedResource(JsonNode? value)
    {
        if (value is not JsonObject obj)
        {
            return "A linkedResource must be a JSON object.";
        }

        foreach (var (name, property) in obj)
        {
            if (name.StartsWith('@'))
            {
                continue;
            }

            if (!LinkedResourceProperties.Contains(name))
            {
                return $"Invalid property '{name}' on a linkedResource.";
            }

            if (property is not null && !(property is JsonValue s && s.GetValueKind() == JsonValueKind.String))
            {
                return $"Property '{name}' of a linkedResource must be a string.";
            }
        }

        return obj["applicationName"] is null || obj["displayName"] is null
            ? "A linkedResource needs 'applicationName' and 'displayName'."
            : null;
    }

    private static string? LinkedResourceList(JsonNode? value, out List<JsonObject>? links)
    {
        links = null;
        if (value is not JsonArray array)
        {
            return "Property 'linkedResources' must be an array.";
        }

        var list = new List<JsonObject>();
        foreach (var item in array)
        {
            if (LinkedResource(item) is { } error)
            {
                return error;
            }

            list.Add((JsonObject)item!);
        }

        links = list;
        return null;
    }

    private static string? ItemBody(JsonNode? value)
    {
        if (value is not JsonObject obj)
        {
            return "Property 'body' must be an itemBody object {content, contentType}.";
        }

        if (obj["content"] is { } content && !(content is JsonValue c && c.GetValueKind() == JsonValueKind.String))
        {
            return "Property 'body.content' must be a string.";
        }

        var type = obj["contentType"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
        return obj["contentType"] is null || type is not null && (type.Equals("text", StringComparison.OrdinalIgnoreCase) || type.Equals("html", StringComparison.OrdinalIgnoreCase))
            ? null
            : "Property 'body.contentType' must be 'text' or 'html'.";
    }

    private static string? Enumerated(JsonNode? value, HashSet<string> allowed, string name) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String && allowed.Contains(v.GetValue<string>())
            ? null
            : $"Property '{name}' must be one of {string.Join("|", allowed)}.";

    private static string? Zoned(JsonNode? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        if (value is not JsonObject obj
            || obj["dateTime"] is not JsonValue dt || dt.GetValueKind() != JsonValueKind.String
            || !DateTime.TryParse(dt.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            || obj["timeZone"] is not JsonValue tz || tz.GetValueKind() != JsonValueKind.String)
        {
            return $"Property '{name}' must be a dateTimeTimeZone {{\"dateTime\":\"2025-07-01T00:00:00\",\"timeZone\":\"UTC\"}}.";
        }

        return null;
    }
}
