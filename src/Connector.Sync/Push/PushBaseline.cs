using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>
/// What Dataverse was last sent for one target, and which keys still wait in the outbox: a record whose payload
/// equals the last one sent is not queued again (unless a different payload is pending for it, which must be replaced).
/// Deciding this in memory keeps a push of a million unchanged items from costing a million store round trips.
/// </summary>
public sealed class PushBaseline
{
    private readonly IReadOnlyDictionary<string, UInt128> sent;
    private readonly HashSet<string> pending;

    public PushBaseline(IReadOnlyDictionary<string, UInt128> sent, IEnumerable<string> pendingKeys)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(pendingKeys);
        this.sent = sent;
        pending = new HashSet<string>(pendingKeys, StringComparer.Ordinal);
    }

    public static PushBaseline Empty { get; } = new(new Dictionary<string, UInt128>(), []);

    /// <summary>Whether the record was ever sent (a paid item that was sent must become Paid, not vanish).</summary>
    public bool WasSent(string key) => sent.ContainsKey(key);

    public bool NeedsSending(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return !(sent.TryGetValue(item.Key, out var hash) && hash == item.PayloadHash) || pending.Contains(item.Key);
    }

    public static async Task<PushBaseline> ReadAsync(IPushState state, IOutbox outbox, DataverseTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(outbox);
        var target = DataverseModel.Target(table);
        var sent = await state.ReadSentHashesAsync(target, cancellationToken).ConfigureAwait(false);
        var pending = await outbox.ReadPendingAsync(target, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return new PushBaseline(sent, pending.Select(static p => p.Item.Key));
    }
}
