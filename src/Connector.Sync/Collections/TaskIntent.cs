using System.IO.Hashing;
using System.Text.Json;
using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>
/// What the outbox holds for a case's task (target <see cref="Target"/>, key the case id): the mailbox it belongs in,
/// the task as the collector must see it, and, when the case moved to another collector, how the old task closes.
/// </summary>
public sealed record TaskIntent
{
    public const string Target = "graph:task";

    public required string UserId { get; init; }

    public required TaskContent Content { get; init; }

    /// <summary>The closing content of the task left in another collector's list, when the case was reassigned.</summary>
    public TaskContent? Reassigned { get; init; }

    public OutboxItem ToOutbox()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(this, IntentJson.Default.TaskIntent);
        return new OutboxItem(Target, Content.ExternalId, System.Text.Encoding.UTF8.GetString(bytes), XxHash128.HashToUInt128(bytes));
    }

    public static TaskIntent Parse(string payload) =>
        JsonSerializer.Deserialize(payload, IntentJson.Default.TaskIntent) ?? throw new JsonException("empty task intent");
}
