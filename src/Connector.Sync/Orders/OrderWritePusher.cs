using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Orders;

/// <summary>
/// Drains the order credit writes from the outbox: the orders' credit columns (update only: an order deleted meanwhile
/// has nothing to update), then the owners' notifications (create only, by their derived id: a repeat finds it there).
/// A write Dataverse refuses is quarantined with its reason; an unreachable Dataverse throws and leaves the rest pending.
/// </summary>
public sealed class OrderWritePusher(IDataverse dataverse, IConnectorStore store)
{
    private const int PageSize = 200;

    public async Task<(int Orders, int Notices, int Quarantined)> PushAsync(CancellationToken cancellationToken)
    {
        var (orders, refusedOrders) = await DrainAsync(DataverseModel.SalesOrders, DataverseWriteMode.UpdateOnly, cancellationToken).ConfigureAwait(false);
        var (notices, refusedNotices) = await DrainAsync(DataverseModel.AppNotifications, DataverseWriteMode.CreateOnly, cancellationToken).ConfigureAwait(false);
        return (orders, notices, refusedOrders + refusedNotices);
    }

    private async Task<(int Written, int Refused)> DrainAsync(DataverseTable table, DataverseWriteMode mode, CancellationToken cancellationToken)
    {
        var target = DataverseModel.Target(table);
        int written = 0, refused = 0;
        while (true)
        {
            var pending = await store.ReadPendingAsync(target, PageSize, cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                return (written, refused);
            }

            var done = new List<long>(pending.Count);
            var rejected = new List<(long Id, string Why)>();
            var gone = 0;
            await Parallel.ForEachAsync(
                pending,
                new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                async (entry, token) =>
                {
                    var result = await dataverse.WriteByIdAsync(table, Guid.Parse(entry.Item.Key), entry.Item.Payload, mode, token).ConfigureAwait(false);
                    lock (done)
                    {
                        if (result.Status == DataverseWriteStatus.Refused)
                        {
                            rejected.Add((entry.Id, result.Failure?.Message ?? $"{table.EntitySetName}({entry.Item.Key}) refused"));
                        }
                        else
                        {
                            // Written, a create already done, or an order deleted meanwhile (nothing left to update): all finished.
                            done.Add(entry.Id);
                            gone += result.Status == DataverseWriteStatus.Missing ? 1 : 0;
                        }
                    }
                }).ConfigureAwait(false);

            if (done.Count > 0)
            {
                await store.MarkSentAsync(done, cancellationToken).ConfigureAwait(false);
            }

            foreach (var (id, why) in rejected)
            {
                await store.QuarantineAsync(id, why, cancellationToken).ConfigureAwait(false);
            }

            written += done.Count - gone;
            refused += rejected.Count;
        }
    }
}
