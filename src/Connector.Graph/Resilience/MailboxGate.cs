using System.Collections.Concurrent;

namespace Connector.Graph.Resilience;

/// <summary>
/// At most <c>MaxConcurrentPerMailbox</c> requests in flight per mailbox from this process, so Outlook's 4-per-mailbox
/// limit is rarely met with 429s caused by our own parallelism. One semaphore per mailbox (case-insensitive, as Graph
/// treats user ids and UPNs), kept for the process's life: a collector count is small.
/// </summary>
internal sealed class MailboxGate(int maxConcurrentPerMailbox)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> slots = new(StringComparer.OrdinalIgnoreCase);

    public int MaxConcurrentPerMailbox { get; } = maxConcurrentPerMailbox;

    /// <summary>Waits for a slot of <paramref name="mailbox"/>; dispose the result to give it back.</summary>
    public async Task<IDisposable> EnterAsync(string mailbox, CancellationToken cancellationToken)
    {
        var slots = this.slots.GetOrAdd(mailbox, _ => new SemaphoreSlim(MaxConcurrentPerMailbox, MaxConcurrentPerMailbox));
        await slots.WaitAsync(cancellationToken);
        return new Slot(slots);
    }

    /// <summary>The mailbox a Graph request is for: the segment after <c>users/</c>, unescaped; null for anything else.</summary>
    public static string? MailboxOf(Uri? requestUri)
    {
        if (requestUri is null || !requestUri.IsAbsoluteUri)
        {
            return null;
        }

        var segments = requestUri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var users = Array.FindIndex(segments, s => s.Equals("users", StringComparison.OrdinalIgnoreCase));
        return users >= 0 && users + 1 < segments.Length ? Uri.UnescapeDataString(segments[users + 1]) : null;
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
