namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// A snapshot of what the front door did, for assertions and benchmark reports (e.g. "429s received").
/// </summary>
/// <param name="Admitted">Requests that passed service protection and reached the endpoints.</param>
/// <param name="Unauthorized">Requests refused with 401 (no or non-bearer token).</param>
/// <param name="ThrottledByCode">429s earned by load, by error code.</param>
/// <param name="InjectedThrottles">429s injected at random (code <see cref="ProtectionErrorCodes.RequestsExceeded"/>).</param>
/// <param name="InjectedUnavailable">503s injected at random.</param>
/// <param name="InjectedTimeouts">Answers held back for the timeout delay.</param>
/// <param name="Callers">The same per caller (token <c>oid</c>/<c>appid</c> or token digest).</param>
public sealed record ProtectionStats(
    long Admitted,
    long Unauthorized,
    IReadOnlyDictionary<string, long> ThrottledByCode,
    long InjectedThrottles,
    long InjectedUnavailable,
    long InjectedTimeouts,
    IReadOnlyDictionary<string, CallerProtectionStats> Callers)
{
    /// <summary>Every 429 sent, earned or injected.</summary>
    public long Throttled => ThrottledByCode.Values.Sum() + InjectedThrottles;
}

/// <summary>One caller's share of <see cref="ProtectionStats"/>.</summary>
/// <param name="Admitted">Requests admitted.</param>
/// <param name="ThrottledByCode">429s earned by load, by error code.</param>
/// <param name="InjectedFaults">Injected 429s, 503s and held answers.</param>
/// <param name="ExecutionTime">Execution time booked (emulated): latency plus per-record cost of admitted requests.</param>
/// <param name="Records">Records the endpoints reported through <see cref="ExecutionCostFeature"/>.</param>
public sealed record CallerProtectionStats(
    long Admitted,
    IReadOnlyDictionary<string, long> ThrottledByCode,
    long InjectedFaults,
    TimeSpan ExecutionTime,
    long Records);
