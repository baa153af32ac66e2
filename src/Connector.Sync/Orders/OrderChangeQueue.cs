using System.Threading.Channels;
using Connector.Sync.Ports;

namespace Connector.Sync.Orders;

/// <summary>
/// Where the asynchronous order webhook drops each new or changed order: a bounded in-memory queue the order credit
/// service drains to start a pass at once instead of at the next scheduled sync. Offering never blocks the webhook;
/// when the queue is full the order is refused and change tracking brings it in with the next pass anyway.
/// </summary>
public sealed class OrderChangeQueue : IOrderChangeSink
{
    private readonly Channel<OrderChange> channel;

    public OrderChangeQueue(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        channel = Channel.CreateBounded<OrderChange>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refused when full, never blocks
            SingleReader = true,
        });
    }

    public bool TryOffer(OrderChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return channel.Writer.TryWrite(change);
    }

    /// <summary>Waits for at least one change, then takes every change queued so far.</summary>
    public async Task<IReadOnlyList<OrderChange>> TakeAsync(CancellationToken cancellationToken)
    {
        var reader = channel.Reader;
        if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        return TakeQueued();
    }

    /// <summary>Takes every change queued now, without waiting (none: an empty list).</summary>
    public IReadOnlyList<OrderChange> TakeQueued()
    {
        var taken = new List<OrderChange>();
        while (channel.Reader.TryRead(out var change))
        {
            taken.Add(change);
        }

        return taken;
    }
}
