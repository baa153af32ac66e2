using Connector.Emulators.Dataverse.Protection;

namespace Connector.Emulators.Graph.Protection;

/// <summary>
/// Outlook's per-mailbox limits: at most <see cref="MailboxLimits.ConcurrentRequests"/> in flight and
/// <see cref="MailboxLimits.RequestsPerWindow"/> per sliding <see cref="MailboxLimits.Window"/> of emulated time. A
/// refused request does not count against the window.
/// </summary>
internal sealed class MailboxThrottle(MailboxLimits limits, EmulatedClock clock)
{
    private readonly Dictionary<string, Usage> usage = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes a slot for <paramref name="mailbox"/>; null when admitted (dispose the lease), else the real wait to ask for.</summary>
    public TimeSpan? TryEnter(string mailbox, out IDisposable? lease)
    {
        lease = null;
        var now = clock.EmulatedNow;
        lock (usage)
        {
            if (!this.usage.TryGetValue(mailbox, out var usage))
            {
                usage = new Usage();
                this.usage[mailbox] = usage;
            }

            if (usage.BlockedUntil > now)
            {
                return clock.ToReal(usage.BlockedUntil - now);
            }

            while (usage.Arrivals.Count > 0 && usage.Arrivals.Peek() <= now - limits.Window)
            {
                usage.Arrivals.Dequeue();
            }

            if (!limits.Enabled)
            {
                return null;
            }

            if (usage.Arrivals.Count >= limits.RequestsPerWindow)
            {
                return clock.ToReal(usage.Arrivals.Peek() + limits.Window - now);
            }

            if (usage.InFlight >= limits.ConcurrentRequests)
            {
                return clock.ToReal(limits.ConcurrencyRetryAfter);
            }

            usage.Arrivals.Enqueue(now);
            usage.InFlight++;
            lease = new Lease(this, usage);
            return null;
        }
    }

    /// <summary>Refuses every request to <paramref name="mailbox"/> for <paramref name="duration"/> (emulated) from now, as Outlook does after load it does not show.</summary>
    public void Block(string mailbox, TimeSpan duration)
    {
        var until = clock.EmulatedNow + duration;
        lock (usage)
        {
            if (!this.usage.TryGetValue(mailbox, out var usage))
            {
                usage = new Usage();
                this.usage[mailbox] = usage;
            }

            usage.BlockedUntil = until;
        }
    }

    /// <summary>Requests in flight for a mailbox right now.</summary>
    public int InFlight(string mailbox)
    {
        lock (usage)
        {
            return this.usage.TryGetValue(mailbox, out var usage) ? usage.InFlight : 0;
        }
    }

    private sealed class Usage
    {
        public Queue<DateTimeOffset> Arrivals { get; } = new();

        public int InFlight { get; set; }

        public DateTimeOffset BlockedUntil { get; set; }
    }

    private sealed class Lease(MailboxThrottle owner, Usage usage) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                lock (owner.usage)
                {
                    usage.InFlight--;
                }
            }
        }
    }
}
