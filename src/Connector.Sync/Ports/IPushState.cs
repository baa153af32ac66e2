namespace Connector.Sync.Ports;

/// <summary>
/// A hold or release a person set outside the ERP (in Dynamics, or with <c>connector holds release</c>), as the
/// evaluation must honour it. One per (kind, customer): the latest state, not a history (the audit journal is the history).
/// </summary>
/// <param name="Kind"><see cref="ManualActionKinds.Hold"/> or <see cref="ManualActionKinds.Release"/>.</param>
/// <param name="CustomerId">The ERP customer number.</param>
/// <param name="By">Who set it: <c>dynamics:Jane Doe</c>, <c>cli:jdoe</c>.</param>
/// <param name="Reason">Why (a release without one is not honoured by the rules and is reported).</param>
/// <param name="On">The day it was set.</param>
/// <param name="Until">The day a release expires (exclusive); null for a hold or the policy's default.</param>
public sealed record ManualAction(string Kind, string CustomerId, string By, string? Reason, DateOnly On, DateOnly? Until);

public static class ManualActionKinds
{
    public const string Hold = "hold";
    public const string Release = "release";
}

/// <summary>
/// What one read-back of Dynamics changes, committed in one transaction so a crash can neither lose nor repeat it:
/// the manual actions set or cleared, their audit events, the record ids learnt, and the delta link to resume from.
/// </summary>
public sealed record ReadBackCommit
{
    public IReadOnlyList<ManualAction> Set { get; init; } = [];

    /// <summary>(kind, customer) pairs a person cleared.</summary>
    public IReadOnlyList<(string Kind, string CustomerId)> Cleared { get; init; } = [];

    public IReadOnlyList<AuditEvent> Audit { get; init; } = [];

    /// <summary>Dataverse ids learnt, by table logical name and alternate key value.</summary>
    public IReadOnlyList<DataverseRecordId> RecordIds { get; init; } = [];

    /// <summary>
    /// Records someone deleted in Dynamics: their id and what was last sent for them are forgotten, so the next push
    /// creates them again instead of believing Dataverse still holds them.
    /// </summary>
    public IReadOnlyList<DataverseRecordId> Forgotten { get; init; } = [];

    /// <summary>The delta link to store (key <c>dataverse:delta:account</c>), or null to keep the stored one.</summary>
    public Checkpoint? DeltaLink { get; init; }
}

public sealed record DataverseRecordId(string Table, string Key, Guid Id);

/// <summary>
/// What one evaluation decided, committed in one transaction: the desired external state (outbox), the hold states
/// the next evaluation compares with, and the audit events of the transitions. A crash before the commit repeats the
/// evaluation; after it, nothing is evaluated twice into the journal.
/// </summary>
public sealed record EvaluationCommit
{
    public IReadOnlyList<OutboxItem> Outbox { get; init; } = [];

    public IReadOnlyList<StoredHoldStatus> HoldStatuses { get; init; } = [];

    public IReadOnlyList<AuditEvent> Audit { get; init; } = [];

    /// <summary>Marks when and as of which day the hold states were last written (the hold list's "as of the last sync").</summary>
    public Checkpoint? Evaluated { get; init; }
}

/// <summary>A customer's hold state as the last evaluation left it (codes joined by <c>;</c>).</summary>
public sealed record StoredHoldStatus(string CustomerId, bool OnHold, string Codes, DateOnly? Since);

/// <summary>The state the push and the read-back keep between runs.</summary>
public interface IPushState
{
    /// <summary>Every manual action in force or stored (the evaluation filters by date).</summary>
    Task<IReadOnlyList<ManualAction>> ReadManualActionsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredHoldStatus>> ReadHoldStatusesAsync(CancellationToken cancellationToken);

    /// <summary>The Dataverse id of every record of <paramref name="table"/> whose id is known, by alternate key value.</summary>
    Task<IReadOnlyDictionary<string, Guid>> ReadRecordIdsAsync(string table, CancellationToken cancellationToken);

    /// <summary>The payload hash last sent per key of <paramref name="target"/> (to enqueue only what changed, and to know what was ever sent).</summary>
    Task<IReadOnlyDictionary<string, UInt128>> ReadSentHashesAsync(string target, CancellationToken cancellationToken);

    Task CommitReadBackAsync(ReadBackCommit commit, CancellationToken cancellationToken);

    /// <summary>Enqueues the outbox items (same rules as <see cref="IOutbox.EnqueueAsync"/>), replaces the hold states given and appends the audit events, atomically.</summary>
    Task<int> CommitEvaluationAsync(EvaluationCommit commit, CancellationToken cancellationToken);

    /// <summary>
    /// Sets an outbox entry aside with the reason Dataverse refused it: it is no longer read as pending until its
    /// payload changes (a new desired state replaces it) or a person retries it.
    /// </summary>
    Task QuarantineAsync(long outboxId, string reason, CancellationToken cancellationToken);

    /// <summary>Quarantined entries, oldest first, optionally of one target.</summary>
    Task<IReadOnlyList<OutboxEntry>> ReadQuarantinedAsync(string? target, int limit, CancellationToken cancellationToken);

    /// <summary>Puts quarantined entries back in the queue. Returns how many were requeued.</summary>
    Task<int> RequeueAsync(IReadOnlyList<long> outboxIds, CancellationToken cancellationToken);
}
