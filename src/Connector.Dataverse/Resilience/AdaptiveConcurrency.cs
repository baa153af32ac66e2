namespace Connector.Dataverse.Resilience;

/// <summary>
/// How many requests one client identity may have in flight. The ceiling is
/// min(<c>MaxParallelism</c>, the latest <c>x-ms-dop-hint</c>, 52); after a 429 the limit halves (never below
/// one) and then climbs back by one after every <see cref="SuccessesPerIncrease"/> successes, because api-limits
/// asks clients to ramp up gradually rather than resume at full parallelism. Several 429s answering requests
/// sent before the last decrease count once: they report the same overload.
/// </summary>
public sealed class AdaptiveConcurrency
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly int _maxParallelism;
    private int _ceiling;
    private int _limit;
    private int _inFlight;
    private int _successes;
    private long _generation;

    public AdaptiveConcurrency(int maxParallelism, int successesPerIncrease = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelism, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(successesPerIncrease, 1);
        _maxParallelism = Math.Min(maxParallelism, Configuration.DataverseOptions.ServiceProtectionConcurrency);
        _ceiling = _maxParallelism;
        _limit = _ceiling;
        SuccessesPerIncrease = successesPerIncrease;
    }

    /// <summary>Successes needed to raise the limit by one.</summary>
    public int SuccessesPerIncrease { get; }

    /// <summary>Requests allowed in flight now.</summary>
    public int Limit
    {
        get { lock (_gate) { return _limit; } }
    }

    /// <summary>The bound the limit climbs back to: min(MaxParallelism, dop hint, 52).</summary>
    public int Ceiling
    {
        get { lock (_gate) { return _ceiling; } }
    }

    /// <summary>Requests holding a slot.</summary>
    public int InFlight
    {
        get { lock (_gate) { return _inFlight; } }
    }

    /// <summary>Requests waiting for a slot.</summary>
    public int Waiting
    {
        get { lock (_gate) { return _waiters.Count; } }
    }

    /// <summary>Waits for a slot; the returned lease gives it back when disposed. Completes synchronously when one is free.</summary>
    public ValueTask<ConcurrencyLease> AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            if (_inFlight < _limit && _waiters.Count == 0)
            {
                _inFlight++;
                return ValueTask.FromResult(new ConcurrencyLease(this, _generation));
            }

            waiter = new Waiter();
            waiter.Node = _waiters.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
            bool settled;
            lock (_gate)
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
        lock (_gate)
        {
            _ceiling = Math.Min(_maxParallelism, hint);
            _limit = Math.Min(_limit, _ceiling);
            granted = GrantFreeSlots();
        }

        Complete(granted);
    }

    /// <summary>Returns a slot after a response other than 429: counts towards raising the limit.</summary>
    internal void Release(long generation, bool succeeded, bool throttled)
    {
        List<(Waiter Waiter, CancellationTokenRegistration Registration)>? granted;
        lock (_gate)
        {
            _inFlight--;
            if (throttled)
            {
                if (generation == _generation)
                {
                    _limit = Math.Max(1, _limit / 2);
                    _successes = 0;
                    _generation++;
                }
            }
            else if (succeeded && _limit < _ceiling && ++_successes >= SuccessesPerIncrease)
            {
                _limit++;
                _successes = 0;
            }

            granted = GrantFreeSlots();
        }

        Complete(granted);
    }

    private List<(Waiter Waiter, CancellationTokenRegistration Registration)>? GrantFreeSlots()
    {
        List<(Waiter, CancellationTokenRegistration)>? granted = null;
        while (_inFlight < _limit && _waiters.First?.Value is { } first)
        {
            _waiters.RemoveFirst();
            first.Node = null;
            _inFlight++;
            first.Generation = _generation;
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
        lock (_gate)
        {
            if (waiter.Node is null)
            {
                return; // already granted; Complete hands the slot back if the task is cancelled.
            }

            _waiters.Remove(waiter.Node);
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
    private readonly AdaptiveConcurrency _owner;
    private readonly long _generation;
    private int _disposed;
    private bool _succeeded;
    private bool _throttled;

    internal ConcurrencyLease(AdaptiveConcurrency owner, long generation)
    {
        _owner = owner;
        _generation = generation;
    }

    /// <summary>The request was answered without throttling.</summary>
    public void Succeeded() => _succeeded = true;

    /// <summary>The request was answered 429: the limit halves (once per overload).</summary>
    public void Throttled() => _throttled = true;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owner.Release(_generation, _succeeded, _throttled);
        }
    }
}
