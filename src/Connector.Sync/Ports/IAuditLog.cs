namespace Connector.Sync.Ports;

/// <summary>Something a person or the connector did, kept forever: who, what, on what, before, after, why.</summary>
public sealed record AuditEvent(DateTimeOffset At, string Actor, string Action, string Subject, string? Before, string? After, string? Reason);

public sealed record StoredAuditEvent(long Id, AuditEvent Event);

/// <summary>An event with the chain it was written into: the previous event's hash and its own (null on a row written behind the connector's back).</summary>
public sealed record ChainedAuditEvent(long Id, AuditEvent Event, byte[]? PrevHash, byte[]? Hash);

/// <summary>The append-only audit journal, each event chained to the one before by a hash (decision 95).</summary>
public interface IAuditLog
{
    Task<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>The newest events first, optionally of one subject (<c>customer:C-1</c>).</summary>
    Task<IReadOnlyList<StoredAuditEvent>> ReadAuditAsync(string? subject, int limit, CancellationToken cancellationToken);

    /// <summary>Every event in id order with its hashes, streamed (what <c>audit verify</c> walks).</summary>
    IAsyncEnumerable<ChainedAuditEvent> ReadAuditChainAsync(CancellationToken cancellationToken);
}
