namespace Connector.Sync.Ports;

/// <summary>Something a person or the connector did, kept forever: who, what, on what, before, after, why.</summary>
public sealed record AuditEvent(DateTimeOffset At, string Actor, string Action, string Subject, string? Before, string? After, string? Reason);

public sealed record StoredAuditEvent(long Id, AuditEvent Event);

/// <summary>The append-only audit journal.</summary>
public interface IAuditLog
{
    Task<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>The newest events first, optionally of one subject (<c>customer:C-1</c>).</summary>
    Task<IReadOnlyList<StoredAuditEvent>> ReadAuditAsync(string? subject, int limit, CancellationToken cancellationToken);
}
