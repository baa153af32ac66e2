namespace Connector.Sync.Orders;

/// <summary>One per process: the sync cycle's order pass and the webhook-woken passes take turns, never overlapping.</summary>
public sealed class OrderCreditGate : IDisposable
{
    public SemaphoreSlim Semaphore { get; } = new(1, 1);

    public void Dispose() => Semaphore.Dispose();
}
