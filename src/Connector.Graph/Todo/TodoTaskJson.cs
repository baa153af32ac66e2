using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.Graph.Todo;

/// <summary>
/// A <c>todoTask</c> as a create (POST) or an update (PATCH) sends it, in Graph's property names and enum spellings. An
/// update sends <c>dueDateTime: null</c> and <c>categories: []</c> to clear them, as the SDK's backing store does for a
/// property set to nothing; linked resources go only with a create (Graph refuses them on PATCH).
/// </summary>
internal sealed record TodoTaskWrite(
    string Title,
    TodoItemBody Body,
    TodoDateTimeTimeZone? DueDateTime,
    string Importance,
    IReadOnlyList<string> Categories,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TodoLinkedResource>? LinkedResources);

/// <summary>An <c>itemBody</c>: content and its type (<c>html</c>).</summary>
internal sealed record TodoItemBody(string? Content, string ContentType);

/// <summary>A <c>dateTimeTimeZone</c>.</summary>
internal sealed record TodoDateTimeTimeZone(string DateTime, string TimeZone);

/// <summary>A <c>linkedResource</c>: the link back to the account, and the case id the read-back adopts a task by.</summary>
internal sealed record TodoLinkedResource(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WebUrl,
    string ApplicationName,
    string? DisplayName,
    string? ExternalId);

/// <summary>Graph's error body: <c>{"error":{"code":…,"message":…}}</c>.</summary>
internal sealed record TodoErrorBody(TodoError? Error);

internal sealed record TodoError(string? Code, string? Message);

/// <summary>Serialisation generated at build time (no reflection, no Kiota writer per request): the To Do writes are the collections run's hottest calls.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TodoTaskWrite))]
[JsonSerializable(typeof(TodoErrorBody))]
internal sealed partial class TodoTaskJsonContext : JsonSerializerContext;
