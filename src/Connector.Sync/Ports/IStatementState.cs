namespace Connector.Sync.Ports;

/// <summary>Where a customer's statement for a period stands.</summary>
public enum StatementSendState
{
    /// <summary>Claimed and handed to Graph; no answer recorded yet (after a crash: it may have gone out).</summary>
    Sending,

    /// <summary>Graph accepted it (202).</summary>
    Sent,
}

/// <summary>A statement of account sent, or being sent, to a customer for a period (<c>2026-10</c>).</summary>
public sealed record StatementSendRecord(
    string CustomerId,
    string Period,
    StatementSendState State,
    string Recipients,
    string Subject,
    DateTimeOffset StartedAt,
    DateTimeOffset? SentAt);

/// <summary>
/// The statements sent, at most one per customer and period: a send is claimed before the call to Graph and confirmed
/// after its answer, so a claim left unconfirmed (a crash in between) is never sent again by itself.
/// </summary>
public interface IStatementState
{
    /// <summary>The records of a period (every period when null), by period then customer.</summary>
    Task<IReadOnlyList<StatementSendRecord>> ReadStatementSendsAsync(string? period, CancellationToken cancellationToken);

    /// <summary>Claims the send (state <see cref="StatementSendState.Sending"/>); false when a record of the customer and period exists already.</summary>
    Task<bool> TryClaimStatementSendAsync(StatementSendRecord claim, CancellationToken cancellationToken);

    /// <summary>Marks the claim sent and appends the audit event, atomically.</summary>
    Task RecordStatementSentAsync(string customerId, string period, DateTimeOffset sentAt, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Withdraws the record (Graph answered that it did not send, or a person asked to send again), with the audit event.</summary>
    Task ReleaseStatementSendAsync(string customerId, string period, AuditEvent audit, CancellationToken cancellationToken);
}
