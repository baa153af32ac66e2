namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// An admitted request: it holds a concurrency slot until <see cref="Complete"/> books its execution time and frees the
/// slot. Completing twice is harmless; disposing an uncompleted lease frees the slot with no execution time.
/// </summary>
public sealed class ServiceProtectionLease : IDisposable
{
    private readonly ServiceProtection protection;
    private readonly ServiceProtection.CallerWindow window;
    private int completed;

    internal ServiceProtectionLease(ServiceProtection protection, ServiceProtection.CallerWindow window)
    {
        this.protection = protection;
        this.window = window;
    }

    /// <param name="executionTime">The request's execution time (emulated), counted toward the window now.</param>
    public void Complete(TimeSpan executionTime)
    {
        if (Interlocked.Exchange(ref completed, 1) == 0)
        {
            protection.Complete(window, executionTime);
        }
    }

    public void Dispose() => Complete(TimeSpan.Zero);
}
