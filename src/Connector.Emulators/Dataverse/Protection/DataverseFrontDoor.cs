using System.Globalization;

namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// Everything the emulator's front door keeps between requests: the emulated clock, the per-caller service protection
/// windows, the fault generator and the counters. Make one per emulator, hand it to
/// <see cref="FrontDoorApplicationBuilderExtensions.UseDataverseFrontDoor"/>, and read <see cref="Stats"/> for
/// assertions and benchmark reports.
/// </summary>
public sealed class DataverseFrontDoor
{
    public DataverseFrontDoor(DataverseEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Clock = EmulatedClock.For(options);
        Protection = new ServiceProtection(options.Limits, Clock);
        Faults = new FaultInjector(options.Faults);
    }

    public DataverseEmulatorOptions Options { get; }

    public EmulatedClock Clock { get; }

    public ServiceProtection Protection { get; }

    public FaultInjector Faults { get; }

    /// <summary>A snapshot of the counters: admitted requests, 429s by code, injected faults, per caller.</summary>
    public ProtectionStats Stats => Counters.Snapshot();

    internal ProtectionCounters Counters { get; } = new();

    /// <summary>The emulated execution time of a request that wrote <paramref name="records"/> records and returned <paramref name="recordsRead"/>.</summary>
    public TimeSpan ExecutionTimeOf(int records, int recordsRead = 0) =>
        Options.Latency + (Options.PerRecordCost * records) + ((Options.PerRecordReadCost ?? Options.PerRecordCost) * recordsRead);

    /// <summary>What the front door enforces, a few lines for <c>connector emulate dataverse</c> to print at start.</summary>
    public static IReadOnlyList<string> Describe(DataverseEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Limits;
        var lines = new List<string>
        {
            "Auth: any bearer token is accepted without validation; the caller is its oid or appid claim (else a token digest); no token gives 401.",
            limits.Enabled
                ? Invariant($"Service protection per caller over a {Seconds(limits.Window)} s sliding window: {limits.RequestsPerWindow} requests, {limits.ExecutionTimePerWindow.TotalMilliseconds:N0} ms combined execution time, {limits.ConcurrentRequests} concurrent; beyond them 429 with Retry-After and codes {ProtectionErrorCodes.RequestsExceeded}, {ProtectionErrorCodes.ExecutionTimeExceeded}, {ProtectionErrorCodes.ConcurrencyExceeded}. Rejected requests still count toward the request limit.")
                : "Service protection: off.",
            options.TimeScale == 1
                ? "Time scale: real time; Retry-After in whole seconds."
                : Invariant($"Time scale: {options.TimeScale:0.###} emulated seconds per real second (the window lasts {Seconds(limits.Window / options.TimeScale)} s real); Retry-After in fractional real seconds, e.g. 0.25."),
            Invariant($"Execution time per request (emulated): {options.Latency.TotalMilliseconds:0.###} ms latency + {options.PerRecordCost.TotalMilliseconds:0.###} ms per record written + {(options.PerRecordReadCost ?? options.PerRecordCost).TotalMilliseconds:0.###} ms per record read; a $batch is one request costing the sum of its operations."),
            Invariant($"x-ms-dop-hint: {options.DegreeOfParallelismHint}."),
        };
        var faults = options.Faults;
        lines.Add(faults.ThrottleRate + faults.UnavailableRate + faults.TimeoutRate > 0
            ? Invariant($"Faults (seed {faults.Seed}): 429 {faults.ThrottleRate:0.###%}, 503 {faults.UnavailableRate:0.###%}, answer held {Seconds(faults.TimeoutDelay)} s real {faults.TimeoutRate:0.###%} of requests.")
            : "Faults: none.");
        return lines;
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
