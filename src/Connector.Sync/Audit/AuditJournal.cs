using Connector.Sync.Ports;

namespace Connector.Sync.Audit;

/// <summary>The audit journal as people read it: newest first, optionally of one subject (<c>customer:C-1001</c>).</summary>
public sealed class AuditJournal
{
    private readonly IConnectorStoreFactory stores;

    public AuditJournal(IConnectorStoreFactory stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        this.stores = stores;
    }

    /// <summary>At most <paramref name="limit"/> events, newest first; empty when there is no store yet (nothing was ever journalled).</summary>
    public async Task<IReadOnlyList<StoredAuditEvent>> ReadAsync(string? subject, int limit, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        return store is null ? [] : await store.ReadAuditAsync(subject, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the hash chain of the whole journal; an absent store is an empty, intact journal.</summary>
    public async Task<AuditChainVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        return store is null
            ? new AuditChainVerification(0, null, null)
            : await AuditChain.VerifyAsync(store.ReadAuditChainAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
