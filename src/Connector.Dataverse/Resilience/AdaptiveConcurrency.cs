namespace Connector.Dataverse.Resilience;

/// <summary>
/// How many requests one client identity may have in flight. The ceiling is
/// min(<c>MaxParallelism</c>, the latest <c>x-ms-dop-hint</c>, 52); after a 429 the limit halves (never below
/// one) and then climbs back by one after every <see cref="SuccessesPerIncrease"/> successes, because api-limits
/// asks clients to ramp up gradually rather than resume at full parallelism. Several 429s answering requests
/// sent before the last decrease count once: they report the same overload.
/// A 429's <c>Retry-After</c> also pauses the whole caller: service protection limits are per user, so every request of
/// this identity (all pusher workers) waits until then, not only the one that was throttled; sending others meanwhile
/// only earns more 429s and, per api-limits, extends the penalty.
/// </summary>
public sealed class AdaptiveConcurrency
{
    private readonly Lock gate = new();
    private readonly LinkedList<Waiter> waiters = new();
    private readonly int maxParallelism;
    private readonly TimeProvider time;
    private DateTimeOffset pausedUntil = DateTimeOffset.MinValue;
    private (int? Requests, TimeSpan? ExecutionTime) lastRemaining;
    private long pauses;
    private long heldByPause;
    private int ceiling;
    private int limit;
    private int inFlight;
    private int successes;
    private long generation;

    /// <summary>
    /// Requests in flight before the server has sent any <c>x-ms-dop-hint</c>: Dataverse sends it only in answers, so
    /// before the first one the client has to guess; ServiceClient's <c>RecommendedDegreesOfParallelism</c> defaults to 5
    /// "until the first call to the server" (fidelity facts item 13), and so do we.
    /// </summary>
    public const int DefaultLimitBeforeFirstHint = 5;

    private bool hintSeen;

    /// <param name="timeProvider">The clock a pause is measured on; <c>null</c>: the system's.</param>
    /// <param name="limitBeforeFirstHint">Limit and ceiling until the first <c>x-ms-dop-hint</c> arrives (then the limit
    /// jumps to the hinted ceiling unless a 429 came first); <c>null</c>: no separate start limit.</param>
    public AdaptiveConcurrency(int maxParallelism, int successesPerIncrease = 10, TimeProvider? timeProvider = null, int? limitBeforeFirstHint = null)
    {
        time = timeProvider ?? TimeProvider.System;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelism, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(successesPerIncrease, 1);
        this.maxParallelism = Math.Min(maxParallelism, Configuration.DataverseOptions.ServiceProtectionConcurrency);
        ceiling = limitBeforeFirstHint is { } start ? Math.Clamp(start, 1, this.maxParallelism) : this.maxParallelism;
        limit = ceiling;
        SuccessesPerIncrease = successesPerIncrease;
    }

    /// <summary>The clock pauses are measured on.</summary>
    public TimeProvider Time => time;

    /// <summary>Successes needed to raise the limit by one.</summary>
    public int SuccessesPerIncrease { get; }

    /// <summary>Requests allowed in flight now.</summary>
    public int Limit
    {
        get { lock (gate) { return limit; } }
    }

    /// <summary>The bound the limit climbs back to: min(MaxParallelism, dop hint, 52).</summary>
    public int Ceiling
    {
        get { lock (gate) { return ceiling; } }
    }

    /// <summary>Whether any <c>x-ms-dop-hint</c> has been observed yet.</summary>
    public bool HintSeen
    {
        get { lock (gate) { return hintSeen; } }
    }

    /// <summary>Requests holding a slot.</summary>
    public int InFlight
    {
        get { lock (gate) { return inFlight; } }
    }

    /// <summary>Requests waiting for a slot.</summary>
    public int Waiting
    {
        get { lock (gate) { return waiters.Count; } }
    }

    /// <summary>Times a 429 paused every request of the caller (one per overload: a 429 during a pause only extends it).</summary>
    public long Pauses => Interlocked.Read(ref pauses);

    /// <summary>Requests that waited for a pause to end before being sent (the throttled ones' retries included when they did).</summary>
    public long HeldByPause => Interlocked.Read(ref heldByPause);

    /// <summary>
    /// What the last answer said the caller has left in the service protection window (its
    /// <c>x-ms-ratelimit-*</c> headers), for reports: requests, then combined execution time; null until an answer said.
    /// </summary>
    public (int? Requests, TimeSpan? ExecutionTime) LastRemaining
    {
        get { lock (gate) { return lastRemaining; } }
    }

    /// <summary>Records what an answer's <c>x-ms-ratelimit-*</c> headers said (<see cref="LastRemaining"/>).</summary>
    public void ObserveRemaining(int? requests, TimeSpan? executionTime)
    {
        if (requests is null && executionTime is null)
        {
            return;
        }

        lock (gate)
        {
            lastRemaining = (requests ?? lastRemaining.Requests, executionTime ?? lastRemaining.ExecutionTime);
        }
    }

    /// <summary>When the current pause ends; a past moment when there is none.</summary>
    public DateTimeOffset PausedUntil
    {
        get { lock (gate) { return pausedUntil; } }
    }

    /// <summary>A 429 asked to wait <paramref name="retryAfter"/>: no request of this caller is sent before then.</summary>
    public void PauseFor(TimeSpan retryAfter)
    {
        if (retryAfter <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetUtcNow();
        var until = now + retryAfter;
        lock (gate)
        {
            if (pausedUntil <= now)
            {
                pauses++;
            }

            if (until > pausedUntil)
            {
                pausedUntil = until;
            }
        }
    }

    /// <summary>Completes when no pause is in force (at once when none is); a pause extended meanwhile is waited out too.</summary>
    public async ValueTask WaitWhilePausedAsync(CancellationToken cancellationToken)
    {
        var held = false;
        while (true)
        {
            TimeSpan remaining;
            lock (gate)
            {
                remaining = pausedUntil - time.GetUtcNow();
            }

            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            if (!held)
            {
                held = true;
                Interlocked.Increment(ref heldByPause);
            }

            await Task.Delay(remaining, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for a slot; the returned lease gives it back when disposed. Completes synchronously when one is free.</summary>
    public ValueTask<ConcurrencyLease> AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (gate)
        {
            if (inFlight < limit && waiters.Count == 0)
            {
                inFlight++;
                return ValueTask.FromResult(new ConcurrencyLease(this, generation));
            }

            waiter = new Waiter();
            waiter.Node = waiters.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
            bool settled;
            lock (gate)
            {
                settled = waiter.Node is null;
                if (!settled)
                {
                    waiter.Registration = registration;
                }
            }

            if (settled)
            {
                registration.Dispose();
            }
        }

        return new ValueTask<ConcurrencyLease>(waiter.Completion.Task);
    }

    /// <summary>The server recommends <paramref name="hint"/> concurrent requests: the ceiling follows it, the limit never exceeds it.</summary>
    public void ObserveDegreeOfParallelismHint(int hint)
    {
        if (hint < 1)
        {
            return;
        }

        List<(Waiter Waiter, CancellationTokenRegistration Registration)>? granted;
        lock (gate)
        {
            ceiling = Math.Min(maxParallelism, hint);
            limit = !hintSeen && generation == 0 ? ceiling : Math.Min(limit, ceiling);
            hintSeen = true;
            granted = GrantFreeSlots();
        }

        Complete(granted);
    }

    /// <summary>Returns a slot after a response other than 429: counts towards raising the limit.</summary>
    internal void Release(long generation, bool succeeded, bool throttled)
    {
        List<(Waiter Waiter, CancellationTokenRegistration Registration)>? granted;
        lock (gate)
        {
            inFlight--;
            if (throttled)
            {
                if (generation == this.generation)
                {
                    limit = Math.Max(1, limit / 2);
                    successes = 0;
                    this.generation++;
                }
            }
            else if (succeeded && limit < ceiling && ++successes >= SuccessesPerIncrease)
            {
                limit++;
                successes = 0;
            }

            granted = GrantFreeSlots();
        }

        Complete(granted);
    }

    private List<(Waiter Waiter, CancellationTokenRegistration Registration)>? GrantFreeSlots()
    {
        List<(Waiter, CancellationTokenRegistration)>? granted = null;
        while (inFlight < limit && waiters.First?.Value is { } first)
        {
            waiters.RemoveFirst();
            first.Node = null;
            inFlight++;
            first.Generation = generation;
            (granted ??= []).Add((first, first.Registration));
        }

        return granted;
    }

    private void Complete(List<(Waiter Waiter, CancellationTokenRegistration Registration)>? granted)
    {
        if (granted is null)
        {
            return;
        }

        // Outside the lock: the registration's callback takes it.
        foreach (var (waiter, registration) in granted)
        {
            registration.Dispose();
            if (!waiter.Completion.TrySetResult(new ConcurrencyLease(this, waiter.Generation)))
            {
                Release(waiter.Generation, succeeded: false, throttled: false);
            }
        }
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (waiter.Node is null)
            {
                return; // already granted; Complete hands the slot back if the task is cancelled.
            }

            waiters.Remove(waiter.Node);
            waiter.Node = null;
        }

        waiter.Completion.TrySetCanceled(cancellationToken);
    }

    private sealed class Waiter
    {
        public TaskCompletionSource<ConcurrencyLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public long Generation { get; set; }
    }
}

/// <summary>One slot of <see cref="AdaptiveConcurrency"/>; say how the request ended, then dispose to give the slot back.</summary>
public sealed class ConcurrencyLease : IDisposable
{
    private readonly AdaptiveConcurrency owner;
    private readonly long generation;
    private int disposed;
    private bool succeeded;
    private bool throttled;

    internal ConcurrencyLease(AdaptiveConcurrency owner, long generation)
    {
        this.owner = owner;
        this.generation = generation;
    }

    /// <summary>The request was answered without throttling.</summary>
    public void Succeeded() => succeeded = true;

    /// <summary>The request was answered 429: the limit halves (once per overload).</summary>
    public void Throttled() => throttled = true;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            owner.Release(generation, succeeded, throttled);
        }
    }
}
