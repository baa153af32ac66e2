using System.Collections.Concurrent;

namespace Connector.Graph.Resilience;

/// <summary>What the gate did for one mailbox since the process started.</summary>
/// <param name="Requests">Attempts let through to Graph.</param>
/// <param name="Throttled">429s Graph answered for the mailbox.</param>
/// <param name="Held">Attempts that waited for a pause to end before they went.</param>
/// <param name="PausedFor">How long the mailbox was paused in all (overlapping pauses counted once).</param>
/// <param name="PausedUntil">When the current pause ends; null when the mailbox is not paused.</param>
public sealed record MailboxGateCounters(long Requests, long Throttled, long Held, TimeSpan PausedFor, DateTimeOffset? PausedUntil);

/// <summary>
/// Outlook's limits are per app and mailbox, so this process keeps them per mailbox (case-insensitive, as Graph treats
/// user ids and UPNs): at most <c>MaxConcurrentPerMailbox</c> requests in flight, and after a 429 for a mailbox EVERY
/// request to it waits until the answer's <c>Retry-After</c> has passed — not only the throttled one, since Outlook
/// refuses the mailbox, not the request. Other mailboxes go on. Time comes from the <see cref="TimeProvider"/>; state is
/// kept for the process's life (a collector count is small).
/// </summary>
public sealed class MailboxGate
{
    private readonly ConcurrentDictionary<string, Mailbox> mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider time;

    public MailboxGate(int maxConcurrentPerMailbox, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentPerMailbox, 1);
        ArgumentNullException.ThrowIfNull(time);
        MaxConcurrentPerMailbox = maxConcurrentPerMailbox;
        this.time = time;
    }

    public int MaxConcurrentPerMailbox { get; }

    /// <summary>
    /// Waits until <paramref name="mailbox"/> is not paused and has a free slot; dispose the result to give the slot back.
    /// A pause that starts while waiting for a slot is waited out too before the request goes.
    /// </summary>
    public async Task<IDisposable> EnterAsync(string mailbox, CancellationToken cancellationToken)
    {
        var state = Of(mailbox);
        var held = false;
        while (true)
        {
            if (state.RemainingPause(time.GetUtcNow()) is { } pause)
            {
                if (!held)
                {
                    held = true;
                    Interlocked.Increment(ref state.Held);
                }

                await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await state.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (state.RemainingPause(time.GetUtcNow()) is null)
            {
                Interlocked.Increment(ref state.Requests);
                return new Slot(state.Slots);
            }

            state.Slots.Release();
        }
    }

    /// <summary>Graph answered 429 for <paramref name="mailbox"/>: pause it for <paramref name="retryAfter"/> from now (a later end wins).</summary>
    public void Throttled(string mailbox, TimeSpan retryAfter)
    {
        var state = Of(mailbox);
        state.Pause(time.GetUtcNow(), retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.Zero);
    }

    /// <summary>The mailbox's counters (all zero for a mailbox never seen).</summary>
    public MailboxGateCounters Counters(string mailbox) =>
        mailboxes.TryGetValue(mailbox, out var state) ? state.Counters(time.GetUtcNow()) : new MailboxGateCounters(0, 0, 0, TimeSpan.Zero, null);

    /// <summary>Every mailbox seen so far, with its counters.</summary>
    public IReadOnlyDictionary<string, MailboxGateCounters> AllCounters()
    {
        var now = time.GetUtcNow();
        return mailboxes.ToDictionary(static m => m.Key, m => m.Value.Counters(now), StringComparer.OrdinalIgnoreCase);
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

    private Mailbox Of(string mailbox) => mailboxes.GetOrAdd(mailbox, _ => new Mailbox(MaxConcurrentPerMailbox));

    private sealed class Mailbox(int slots)
    {
        private readonly Lock sync = new();
        private DateTimeOffset pausedUntil;
        private TimeSpan pausedFor;
        private long throttled;

        public long Requests;
        public long Held;

        public SemaphoreSlim Slots { get; } = new(slots, slots);

        public TimeSpan? RemainingPause(DateTimeOffset now)
        {
            lock (sync)
            {
                return pausedUntil > now ? pausedUntil - now : null;
            }
        }

        public void Pause(DateTimeOffset now, TimeSpan retryAfter)
        {
            var until = now + retryAfter;
            lock (sync)
            {
                throttled++;
                if (until <= pausedUntil)
                {
                    return;
                }

                // Only the part of the new pause beyond the current one adds to the time paused.
                pausedFor += until - (pausedUntil > now ? pausedUntil : now);
                pausedUntil = until;
            }
        }

        public MailboxGateCounters Counters(DateTimeOffset now)
        {
            lock (sync)
            {
                return new MailboxGateCounters(
                    Interlocked.Read(ref Requests), throttled, Interlocked.Read(ref Held), pausedFor, pausedUntil > now ? pausedUntil : null);
            }
        }
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
