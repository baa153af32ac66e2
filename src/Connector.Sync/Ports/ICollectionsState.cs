using Connector.Domain.Collections;

namespace Connector.Sync.Ports;

/// <summary>What a collector did to a case's task in Outlook, as the read-back saw it.</summary>
public enum OutlookAction
{
    None,

    /// <summary>The collector completed the task (a contact attempt): it stays completed until the case reaches another level.</summary>
    Completed,

    /// <summary>The collector deleted the task: recreated only while the case is open and <c>Collections:RecreateDeletedTasks</c> allows.</summary>
    Deleted,
}

/// <summary>
/// A customer's collection case as the last plan left it. <see cref="Snapshot"/> is the planned case as JSON (the next
/// plan's "previous": the collector stays assigned, and a closed case is told apart); null once the case closed.
/// </summary>
public sealed record StoredCase
{
    public required string CaseId { get; init; }
    public required string CustomerId { get; init; }
    public string? Snapshot { get; init; }

    /// <summary>Where its task lives, once Graph created it (or the read-back found it by external id).</summary>
    public TaskPlacement? Placement { get; init; }

    public OutlookAction OutlookAction { get; init; }

    /// <summary>The case's level when the collector acted (a new level reopens a completed task).</summary>
    public int? OutlookActionLevel { get; init; }

    public bool IsOpen => Snapshot is not null;
}

/// <summary>A collector's list: its id in their mailbox and the delta link to read changes from.</summary>
public sealed record TaskListRecord(string UserId, string DisplayName, string ListId, string? DeltaLink);

/// <summary>
/// A contact with the customer on a case: a task a collector completed in Outlook, or a dunning email sent.
/// <paramref name="SourceId"/> (the task id and completion time, or the mail's outbox key) makes recording it twice a no-op.
/// </summary>
public sealed record StoredContactAttempt(
    string CustomerId, string CaseId, int Level, ContactKind Kind, DateOnly On, string By, string? Detail, string SourceId);

/// <summary>A case's new snapshot (null: the case closed).</summary>
public sealed record CaseSnapshot(string CaseId, string CustomerId, string? Snapshot);

/// <summary>
/// One collections plan, committed in one transaction: the case snapshots, the task and mail intents (outbox targets
/// <c>graph:task</c> and <c>graph:mail</c>, same enqueue rules as <see cref="IOutbox.EnqueueAsync"/>) and the audit.
/// </summary>
public sealed record CollectionsCommit
{
    public IReadOnlyList<CaseSnapshot> Cases { get; init; } = [];
    public IReadOnlyList<OutboxItem> Outbox { get; init; } = [];
    public IReadOnlyList<AuditEvent> Audit { get; init; } = [];
}

/// <summary>A task Graph created or updated for the outbox entry <paramref name="OutboxId"/>, and where it lives.</summary>
public sealed record WrittenTask(long OutboxId, TaskPlacement Placement);

/// <summary>A collector's action on a case's task (<see cref="OutlookAction.None"/> clears it).</summary>
public sealed record CaseOutlookAction(string CaseId, OutlookAction Action, int? Level);

/// <summary>What one read-back of the collectors' lists learnt, committed in one transaction.</summary>
public sealed record TaskReadBackCommit
{
    /// <summary>Tasks found by their external id whose placement the store did not know (a crash after Graph created them).</summary>
    public IReadOnlyList<TaskPlacement> Adopted { get; init; } = [];

    public IReadOnlyList<CaseOutlookAction> Actions { get; init; } = [];

    /// <summary>Cases whose task is gone: their placement and the hash last sent for key case id of target <c>graph:task</c> are forgotten, so the next plan creates it again.</summary>
    public IReadOnlyList<string> Forgotten { get; init; } = [];

    public IReadOnlyList<StoredContactAttempt> ContactAttempts { get; init; } = [];

    public IReadOnlyList<AuditEvent> Audit { get; init; } = [];

    /// <summary>Lists whose delta link (or id) moved.</summary>
    public IReadOnlyList<TaskListRecord> Lists { get; init; } = [];
}

/// <summary>A case as stored, and when it was written.</summary>
public sealed record StoredCaseChange(StoredCase Case, DateTimeOffset UpdatedAt);

/// <summary>The state the collections writer keeps between runs.</summary>
public interface ICollectionsState
{
    /// <summary>Every case ever planned (open ones have a snapshot), by case id order.</summary>
    Task<IReadOnlyList<StoredCase>> ReadCasesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The cases written at or after <paramref name="since"/> (a closed one without snapshot), by case id order, each with when;
    /// <c>null</c> when the store cannot tell (then read them all).
    /// </summary>
    Task<IReadOnlyList<StoredCaseChange>?> ReadCasesChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredCaseChange>?>(null);

    /// <summary>Where each case's task lives, for the cases that have one (without the snapshots: the writer needs only this).</summary>
    Task<IReadOnlyList<TaskPlacement>> ReadTaskPlacementsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<TaskListRecord>> ReadTaskListsAsync(CancellationToken cancellationToken);

    /// <summary>Adds or replaces the list record of (user, display name).</summary>
    Task SaveTaskListAsync(TaskListRecord list, CancellationToken cancellationToken);

    /// <summary>Every contact attempt, oldest first.</summary>
    Task<IReadOnlyList<StoredContactAttempt>> ReadContactAttemptsAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the snapshots given, enqueues the outbox items and appends the audit, atomically. Returns how many outbox items were queued.</summary>
    Task<int> CommitCollectionsAsync(CollectionsCommit commit, CancellationToken cancellationToken);

    Task CommitTaskReadBackAsync(TaskReadBackCommit commit, CancellationToken cancellationToken);

    /// <summary>Marks the outbox entry sent (its hash becomes the last sent) and stores where the task lives, atomically.</summary>
    Task RecordTaskWrittenAsync(long outboxId, TaskPlacement placement, CancellationToken cancellationToken) =>
        RecordTasksWrittenAsync([new WrittenTask(outboxId, placement)], cancellationToken);

    /// <summary>
    /// <see cref="RecordTaskWrittenAsync"/> for many tasks in one transaction (the writer records in batches: one commit
    /// per task would cost more than the Graph call; a batch lost in a crash is found again by the read-back).
    /// </summary>
    Task RecordTasksWrittenAsync(IReadOnlyList<WrittenTask> written, CancellationToken cancellationToken);

    /// <summary>Marks the mail's outbox entry sent and records the email as a contact attempt, atomically.</summary>
    Task RecordMailSentAsync(long outboxId, StoredContactAttempt attempt, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="RecordMailSentAsync(long, StoredContactAttempt, CancellationToken)"/>, also keeping the email as sent (its
    /// recipients and full content, for the evidence pack) and queueing what follows from it (the letter's proposed charges
    /// for the ERP), all in one transaction. Recording the same mail twice keeps it once.
    /// </summary>
    Task RecordMailSentAsync(long outboxId, StoredContactAttempt attempt, SentMail mail, IReadOnlyList<OutboxItem> followUps, CancellationToken cancellationToken);

    /// <summary>The dunning email sent to a customer (every customer: <c>null</c>), oldest first.</summary>
    Task<IReadOnlyList<SentMail>> ReadSentMailAsync(string? customerId, CancellationToken cancellationToken);
}

/// <summary>A dunning email as it left the shared mailbox: who it went to and its full content (kept since migration 0015).</summary>
/// <param name="Key">The letter's key (<c>CASE-C1|L3|2026-11-20</c>).</param>
/// <param name="On">The day it is dated (its contact attempt's day).</param>
/// <param name="SentAt">When Graph accepted it.</param>
public sealed record SentMail(
    string Key,
    string CustomerId,
    string CaseId,
    int Level,
    DateOnly On,
    DateTimeOffset SentAt,
    string FromMailbox,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    string Subject,
    string HtmlBody);
