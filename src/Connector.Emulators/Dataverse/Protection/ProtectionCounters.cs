using System.Collections.Concurrent;

namespace Connector.Emulators.Dataverse.Protection;

/// <summary>The live counters behind <see cref="ProtectionStats"/>; thread-safe.</summary>
internal sealed class ProtectionCounters
{
    private readonly ConcurrentDictionary<string, CallerCounters> callers = new(StringComparer.Ordinal);
    private long unauthorized;
    private long injectedThrottles;
    private long injectedUnavailable;
    private long injectedTimeouts;

    public void Unauthorized() => Interlocked.Increment(ref unauthorized);

    public void Admitted(string caller) => Interlocked.Increment(ref For(caller).Admitted);

    public void Completed(string caller, TimeSpan executionTime, int records)
    {
        var counters = For(caller);
        Interlocked.Add(ref counters.ExecutionTicks, executionTime.Ticks);
        Interlocked.Add(ref counters.Records, records);
    }

    public void Throttled(string caller, string errorCode) =>
        For(caller).ThrottledByCode.AddOrUpdate(errorCode, 1, static (_, count) => count + 1);

    public void Injected(string caller, InjectedFault fault)
    {
        Interlocked.Increment(ref For(caller).InjectedFaults);
        switch (fault)
        {
            case InjectedFault.Throttle:
                Interlocked.Increment(ref injectedThrottles);
                break;
            case InjectedFault.Unavailable:
                Interlocked.Increment(ref injectedUnavailable);
                break;
            case InjectedFault.Timeout:
                Interlocked.Increment(ref injectedTimeouts);
                break;
        }
    }

    public ProtectionStats Snapshot()
    {
        var callers = this.callers.ToDictionary(
            pair => pair.Key,
            pair => new CallerProtectionStats(
                Interlocked.Read(ref pair.Value.Admitted),
                pair.Value.ThrottledByCode.ToDictionary(code => code.Key, code => code.Value, StringComparer.Ordinal),
                Interlocked.Read(ref pair.Value.InjectedFaults),
                TimeSpan.FromTicks(Interlocked.Read(ref pair.Value.ExecutionTicks)),
                Interlocked.Read(ref pair.Value.Records)),
            StringComparer.Ordinal);
        var byCode = callers.Values
            .SelectMany(caller => caller.ThrottledByCode)
            .GroupBy(code => code.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(code => code.Value), StringComparer.Ordinal);
        return new ProtectionStats(
            callers.Values.Sum(caller => caller.Admitted),
            Interlocked.Read(ref unauthorized),
            byCode,
            Interlocked.Read(ref injectedThrottles),
            Interlocked.Read(ref injectedUnavailable),
            Interlocked.Read(ref injectedTimeouts),
            callers);
    }

    private CallerCounters For(string caller) => callers.GetOrAdd(caller, static _ => new CallerCounters());

    private sealed class CallerCounters
    {
        // Fields, not properties, so Interlocked can update them in place.
        public long Admitted;
        public long InjectedFaults;
        public long ExecutionTicks;
        public long Records;

        public ConcurrentDictionary<string, long> ThrottledByCode { get; } = new(StringComparer.Ordinal);
    }
}
