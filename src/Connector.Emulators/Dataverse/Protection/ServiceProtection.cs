using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// Dataverse's service protection limits, per caller over a sliding window of emulated time (reference §5): the number
/// of requests, their combined execution time, and the requests in flight. Pure and thread-safe; the middleware turns a
/// rejection into a 429.
/// </summary>
/// <remarks>
/// Every request that reaches <see cref="TryEnter"/> counts toward the request window, rejected ones included: the
/// documentation warns that retrying before <c>Retry-After</c> can extend the penalty, and this is the simplest way to
/// make that true. A client that waits the <c>Retry-After</c> it was given is admitted (if nothing else arrived); one
/// that retries early pushes its own admission further out. Rejected requests add no execution time. Execution time is
/// booked when a request completes, at its completion time. Checks run requests, then execution time, then concurrency,
/// so a request over several limits hears about the one with the longest wait.
/// </remarks>
public sealed class ServiceProtection
{
    /// <summary>Emulated wait suggested after a concurrency rejection: in-flight durations are unknown in advance.</summary>
    public static readonly TimeSpan ConcurrencyRetryAfter = TimeSpan.FromSeconds(1);

    private readonly ServiceProtectionLimits limits;
    private readonly EmulatedClock clock;
    private readonly ConcurrentDictionary<string, CallerWindow> callers = new(StringComparer.Ordinal);

    public ServiceProtection(ServiceProtectionLimits limits, EmulatedClock clock)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(clock);
        if (limits.Window <= TimeSpan.Zero || limits.RequestsPerWindow < 1 || limits.ExecutionTimePerWindow <= TimeSpan.Zero || limits.ConcurrentRequests < 1)
        {
            throw new ArgumentException("Service protection limits need a positive window, request count, execution time and concurrency.", nameof(limits));
        }

        this.limits = limits;
        this.clock = clock;
    }

    public ServiceProtectionLimits Limits => limits;

    public EmulatedClock Clock => clock;

    /// <summary>
    /// Admits a request of <paramref name="caller"/> (a lease to complete when it is done) or refuses it with the code,
    /// message and <c>Retry-After</c> Dataverse would send. With limits disabled every request is admitted.
    /// </summary>
    public bool TryEnter(
        string caller,
        [NotNullWhen(true)] out ServiceProtectionLease? lease,
        [NotNullWhen(false)] out ServiceProtectionRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var window = callers.GetOrAdd(caller, static _ => new CallerWindow());
        TimeSpan wait;
        string? code;
        lock (window)
        {
            var now = clock.EmulatedNow;
            window.Prune(now - limits.Window);
            window.Arrivals.Enqueue(now);
            (code, wait) = limits.Enabled ? Check(window, now) : (null, TimeSpan.Zero);
            if (code is null)
            {
                window.InFlight++;
            }
        }

        if (code is null)
        {
            lease = new ServiceProtectionLease(this, window);
            rejection = null;
            return true;
        }

        lease = null;
        var real = clock.ToReal(wait);
        rejection = new ServiceProtectionRejection(code, MessageFor(code, limits), real, RetryAfterValue.Format(real, clock.IsRealTime));
        return false;
    }

    /// <summary>What <paramref name="caller"/> has left in the window now.</summary>
    public ServiceProtectionBudget Budget(string caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!callers.TryGetValue(caller, out var window))
        {
            return new ServiceProtectionBudget(limits.RequestsPerWindow, limits.ExecutionTimePerWindow, 0);
        }

        lock (window)
        {
            window.Prune(clock.EmulatedNow - limits.Window);
            return new ServiceProtectionBudget(
                Math.Max(0, limits.RequestsPerWindow - window.Arrivals.Count),
                Max(TimeSpan.Zero, limits.ExecutionTimePerWindow - window.ExecutionTotal),
                window.InFlight);
        }
    }

    /// <summary>
    /// The documented message for a service protection code, with the configured numbers: the numbers vary by
    /// environment (8000 requests recorded in a GCC sandbox), so the message carries the limits, never the docs' values.
    /// The execution-time message has two spaces before "milliseconds", as api-limits.md prints it.
    /// </summary>
    public static string MessageFor(string errorCode, ServiceProtectionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var seconds = limits.Window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return errorCode switch
        {
            ProtectionErrorCodes.RequestsExceeded => string.Create(CultureInfo.InvariantCulture,
                $"Number of requests exceeded the limit of {limits.RequestsPerWindow} over time window of {seconds} seconds."),
            ProtectionErrorCodes.ExecutionTimeExceeded => string.Create(CultureInfo.InvariantCulture,
                $"Combined execution time of incoming requests exceeded limit of {limits.ExecutionTimePerWindow.TotalMilliseconds:N0}  milliseconds over time window of {seconds} seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later."),
            ProtectionErrorCodes.ConcurrencyExceeded => string.Create(CultureInfo.InvariantCulture,
                $"Number of concurrent requests exceeded the limit of {limits.ConcurrentRequests}."),
            _ => throw new ArgumentOutOfRangeException(nameof(errorCode), errorCode, "Not a service protection error code."),
        };
    }

    internal void Complete(CallerWindow window, TimeSpan executionTime)
    {
        lock (window)
        {
            window.InFlight--;
            if (executionTime > TimeSpan.Zero)
            {
                window.Executions.Enqueue((clock.EmulatedNow, executionTime));
                window.ExecutionTotal += executionTime;
            }
        }
    }

    /// <summary>The first limit the request breaks and the emulated wait until it would not; a null code admits.</summary>
    private (string? Code, TimeSpan Wait) Check(CallerWindow window, DateTimeOffset now)
    {
        // The arrival just recorded is included and stays. A later attempt adds one more arrival, so it is admitted once
        // at most RequestsPerWindow - 1 of these remain: after the arrival at index (count - RequestsPerWindow) leaves.
        var excess = window.Arrivals.Count - limits.RequestsPerWindow;
        if (excess > 0)
        {
            var leaving = window.Arrivals.ElementAt(excess);
            return (ProtectionErrorCodes.RequestsExceeded, leaving + limits.Window - now);
        }

        if (window.ExecutionTotal >= limits.ExecutionTimePerWindow)
        {
            var remaining = window.ExecutionTotal;
            foreach (var (at, duration) in window.Executions)
            {
                remaining -= duration;
                if (remaining < limits.ExecutionTimePerWindow)
                {
                    return (ProtectionErrorCodes.ExecutionTimeExceeded, at + limits.Window - now);
                }
            }
        }

        if (window.InFlight >= limits.ConcurrentRequests)
        {
            return (ProtectionErrorCodes.ConcurrencyExceeded, ConcurrencyRetryAfter);
        }

        return (null, TimeSpan.Zero);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>One caller's window; guarded by locking the instance.</summary>
    internal sealed class CallerWindow
    {
        public Queue<DateTimeOffset> Arrivals { get; } = new();

        public Queue<(DateTimeOffset At, TimeSpan Duration)> Executions { get; } = new();

        public TimeSpan ExecutionTotal { get; set; }

        public int InFlight { get; set; }

        /// <summary>Drops what happened at or before <paramref name="horizon"/> (the window start).</summary>
        public void Prune(DateTimeOffset horizon)
        {
            while (Arrivals.TryPeek(out var at) && at <= horizon)
            {
                Arrivals.Dequeue();
            }

            while (Executions.TryPeek(out var execution) && execution.At <= horizon)
            {
                Executions.Dequeue();
                ExecutionTotal -= execution.Duration;
            }
        }
    }
}
