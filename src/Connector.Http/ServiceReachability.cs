namespace Connector.Http;

/// <summary>
/// What the last call to one outbound service (Dataverse, Graph) told us: when it last answered and the last failure,
/// in one line. Fed by <see cref="ReachabilityHandler"/> from real traffic, read by the readiness check: the check never
/// calls the service itself (each probe would count against its service protection limits).
/// </summary>
public sealed class ServiceReachability(string service)
{
    private State state = new(null, null, null);

    /// <summary>The service's name as the health report shows it (<c>dataverse</c>).</summary>
    public string Service { get; } = service;

    /// <summary>When the service last answered a call (any answer that is not a server or throttling failure).</summary>
    public DateTimeOffset? LastSuccess => Volatile.Read(ref state).LastSuccess;

    /// <summary>When the last failure happened; <c>null</c> when none has since start.</summary>
    public DateTimeOffset? LastFailureAt => Volatile.Read(ref state).LastFailureAt;

    /// <summary>The last failure in one line (<c>503 Service Unavailable</c>, <c>Connection refused (…)</c>); never a token.</summary>
    public string? LastError => Volatile.Read(ref state).LastError;

    /// <summary>Whether the latest call failed (a success after a failure clears it; the error stays readable).</summary>
    public bool Failing
    {
        get
        {
            var now = Volatile.Read(ref state);
            return now.LastFailureAt is { } failed && (now.LastSuccess is not { } ok || failed > ok);
        }
    }

    public void Succeeded(DateTimeOffset at)
    {
        State current, next;
        do
        {
            current = Volatile.Read(ref state);
            next = current with { LastSuccess = at };
        }
        while (Interlocked.CompareExchange(ref state, next, current) != current);
    }

    public void Failed(DateTimeOffset at, string error)
    {
        State current, next;
        do
        {
            current = Volatile.Read(ref state);
            next = current with { LastFailureAt = at, LastError = error };
        }
        while (Interlocked.CompareExchange(ref state, next, current) != current);
    }

    private sealed record State(DateTimeOffset? LastSuccess, DateTimeOffset? LastFailureAt, string? LastError);
}
