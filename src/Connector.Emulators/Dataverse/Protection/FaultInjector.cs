namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// Decides per request whether to inject a failure, from a seeded generator so that a run can be repeated: one draw per
/// request, compared against the cumulative rates (throttle, then unavailable, then timeout). Thread-safe.
/// </summary>
public sealed class FaultInjector
{
    /// <summary>Emulated wait an injected 429 asks for.</summary>
    public static readonly TimeSpan ThrottleRetryAfter = TimeSpan.FromSeconds(1);

    private readonly Random random;
    private readonly double throttle;
    private readonly double unavailable;
    private readonly double timeout;

    public FaultInjector(FaultOptions faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        RequireProbability(faults.ThrottleRate, nameof(faults.ThrottleRate));
        RequireProbability(faults.UnavailableRate, nameof(faults.UnavailableRate));
        RequireProbability(faults.TimeoutRate, nameof(faults.TimeoutRate));
        if (faults.ThrottleRate + faults.UnavailableRate + faults.TimeoutRate > 1)
        {
            throw new ArgumentException("Fault rates ThrottleRate + UnavailableRate + TimeoutRate add up to more than 1.", nameof(faults));
        }

        if (faults.TimeoutDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Faults TimeoutDelay cannot be negative.", nameof(faults));
        }

        Options = faults;
        random = new Random(faults.Seed);
        throttle = faults.ThrottleRate;
        unavailable = throttle + faults.UnavailableRate;
        timeout = unavailable + faults.TimeoutRate;
    }

    public FaultOptions Options { get; }

    /// <summary>True when some rate is above zero (no draw is made otherwise).</summary>
    public bool IsActive => timeout > 0;

    public InjectedFault Next()
    {
        if (!IsActive)
        {
            return InjectedFault.None;
        }

        double draw;
        lock (random)
        {
            // A seeded generator for repeatable runs, not for security.
            draw = random.NextDouble();
        }

        return draw < throttle ? InjectedFault.Throttle
            : draw < unavailable ? InjectedFault.Unavailable
            : draw < timeout ? InjectedFault.Timeout
            : InjectedFault.None;
    }

    private static void RequireProbability(double rate, string name)
    {
        if (!(rate >= 0 && rate <= 1))
        {
            throw new ArgumentOutOfRangeException(name, rate, $"Faults {name} must be a probability between 0 and 1.");
        }
    }
}
