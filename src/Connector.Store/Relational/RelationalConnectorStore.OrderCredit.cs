using Connector.Sync.Ports;

namespace Connector.Store.Relational;

public abstract partial class RelationalConnectorStore
{
    public Task<IReadOnlyList<StoredOrderCredit>> ReadOrderCreditsAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("The order credit state is not stored yet (migration 0004 pending).");

    public Task<IReadOnlyList<StoredOrderRelease>> ReadOrderReleasesAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("The order credit state is not stored yet (migration 0004 pending).");

    public Task<int> CommitOrderCreditAsync(OrderCreditCommit commit, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The order credit state is not stored yet (migration 0004 pending).");
}
