using Connector.Sync.Orders;
using Connector.Sync.Ports;

namespace Connector.Sync.Tests.Orders;

public sealed class OrderChangeQueueTests
{
    private static OrderChange Change(int n) =>
        new(Guid.Parse($"50000000-0000-0000-0000-{n:D12}"), "Create", Guid.Empty, OrderPortfolio.Now);

    [Fact]
    public void TryOffer_QueueFull_RefusesWithoutBlocking()
    {
        var queue = new OrderChangeQueue(capacity: 2);

        Assert.True(queue.TryOffer(Change(1)));
        Assert.True(queue.TryOffer(Change(2)));
        Assert.False(queue.TryOffer(Change(3)));
    }

    [Fact]
    public async Task TakeAsync_SeveralQueued_ReturnsEveryOneInOrderThenRoomAgain()
    {
        var queue = new OrderChangeQueue(capacity: 3);
        queue.TryOffer(Change(1));
        queue.TryOffer(Change(2));
        queue.TryOffer(Change(3));

        var taken = await queue.TakeAsync(CancellationToken.None);

        Assert.Equal([Change(1), Change(2), Change(3)], taken);
        Assert.True(queue.TryOffer(Change(4)));
    }

    [Fact]
    public async Task TakeQueued_RestOfABurstAfterTheFirstTake_ReturnsItAtOnceThenNothing()
    {
        var queue = new OrderChangeQueue();
        queue.TryOffer(Change(1));
        var first = await queue.TakeAsync(CancellationToken.None);
        queue.TryOffer(Change(2));
        queue.TryOffer(Change(3));

        var rest = queue.TakeQueued();

        Assert.Equal([Change(1)], first);
        Assert.Equal([Change(2), Change(3)], rest);
        Assert.Empty(queue.TakeQueued());
    }

    [Fact]
    public async Task TakeAsync_NothingQueued_WaitsForTheNextChange()
    {
        var queue = new OrderChangeQueue();
        var waiting = queue.TakeAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        queue.TryOffer(Change(1));

        Assert.Equal([Change(1)], await waiting);
    }
}
