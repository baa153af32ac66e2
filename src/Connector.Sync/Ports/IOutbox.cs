namespace Connector.Sync.Ports;

/// <summary>Desired state for one external record (<c>dataverse:account</c>, key <c>C-1</c>), written before any call is made.</summary>
public sealed record OutboxItem(string Target, string Key, string Payload, UInt128 PayloadHash);

public sealed record OutboxEntry(long Id, OutboxItem Item, int Attempts, string? LastError, DateTimeOffset CreatedAt);

/// <summary>
/// The outbox the pushers drain. Enqueueing what was last sent for a (target, key) is a no-op, so only
/// changes go out; an entry stays pending until marked sent, so a crash replays it (pushers are idempotent).
/// </summary>
public interface IOutbox
{
    /// <summary>Adds or replaces the pending entry per (target, key), skipping items equal to what was last sent. Returns how many were queued.</summary>
    Task<int> EnqueueAsync(IReadOnlyList<OutboxItem> items, CancellationToken cancellationToken);

    Task<IReadOnlyList<OutboxEntry>> ReadPendingAsync(string target, int limit, CancellationToken cancellationToken);

    /// <summary>Pending entries of <paramref name="target"/> with an id above <paramref name="afterId"/> (queued since), in id order.</summary>
    async Task<IReadOnlyList<OutboxEntry>> ReadPendingAfterAsync(string target, long afterId, int limit, CancellationToken cancellationToken) =>
        [.. (await ReadPendingAsync(target, int.MaxValue, cancellationToken).ConfigureAwait(false)).Where(e => e.Id > afterId).Take(limit)];

    /// <summary>Marks entries sent and remembers their payload hash as the last sent for their key.</summary>
    Task MarkSentAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken);

    Task MarkFailedAsync(long id, string reason, CancellationToken cancellationToken);
}
