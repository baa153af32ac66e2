using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.Webhooks;

/// <summary>A Create or Update about to be written, as every step registered on it sees it.</summary>
internal sealed record WebhookOperation(
    TableState Table,
    Guid RecordId,
    IReadOnlyDictionary<string, object?> Target,
    StoredRecord? Before,
    Guid UserId,
    Guid CorrelationId,
    Guid RequestId,
    DateTimeOffset At)
{
    public StepInvocation For(RegisteredStep step, StoredRecord? after) =>
        new(step, Table, RecordId, Target, Before, after, UserId, CorrelationId, RequestId, At);
}
