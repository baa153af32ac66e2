namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// An admitted request: it holds a concurrency slot until <see cref="Complete"/> books its execution time and frees the
/// slot. Completing twice is harmless; disposing an uncompleted lease frees the slot with no execution time.
/// </summary>
public sealed class ServiceProtectionLease : IDisposable
{
    private readonly ServiceProtection _protection;
    private readonly ServiceProtection.CallerWindow _window;
    private int _completed;

    internal ServiceProtectionLease(ServiceProtection protection, ServiceProtection.CallerWindow window)
    {
        _protection = protection;
        _window = window;
    }

    /// <param name="executionTime">The request's execution time (emulated), counted toward the window now.</param>
    public void Complete(TimeSpan executionTime)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _protection.Complete(_window, executionTime);
        }
    }

    public void Dispose() => Complete(TimeSpan.Zero);
}
