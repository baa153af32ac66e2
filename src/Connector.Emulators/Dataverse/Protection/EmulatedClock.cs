namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// Emulated time: <see cref="TimeScale"/> emulated seconds pass per real second, so the documented 5-minute window can
/// be exercised in seconds. Limits, windows and execution costs are emulated durations; delays and <c>Retry-After</c>
/// values the client sees are real durations.
/// </summary>
public sealed class EmulatedClock
{
    private readonly DateTimeOffset origin;
    private readonly long originTimestamp;

    /// <param name="timeProvider">The real clock (tests pass a FakeTimeProvider).</param>
    /// <param name="timeScale">Emulated seconds per real second; 1 is real time.</param>
    public EmulatedClock(TimeProvider timeProvider, double timeScale)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!double.IsFinite(timeScale) || timeScale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeScale), timeScale, "The time scale must be a positive number of emulated seconds per real second.");
        }

        TimeProvider = timeProvider;
        TimeScale = timeScale;
        origin = timeProvider.GetUtcNow();
        originTimestamp = timeProvider.GetTimestamp();
    }

    /// <summary>The clock of <paramref name="options"/> at its time scale.</summary>
    public static EmulatedClock For(DataverseEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EmulatedClock(options.TimeProvider, options.TimeScale);
    }

    public TimeProvider TimeProvider { get; }

    public double TimeScale { get; }

    /// <summary>True when emulated time runs at real speed (Retry-After is then whole seconds, as Dataverse sends it).</summary>
    public bool IsRealTime => TimeScale == 1;

    /// <summary>
    /// Now in emulated time: it starts at the real time the clock was made and then runs <see cref="TimeScale"/> times
    /// as fast. Built on the provider's monotonic timestamp, so it never runs backwards.
    /// </summary>
    public DateTimeOffset EmulatedNow => origin + ToEmulated(TimeProvider.GetElapsedTime(originTimestamp));

    /// <summary>The real duration of an emulated one, rounded up to the next tick so waiting it never falls short.</summary>
    public TimeSpan ToReal(TimeSpan emulated) =>
        TimeSpan.FromTicks((long)Math.Ceiling(emulated.Ticks / TimeScale));

    public TimeSpan ToEmulated(TimeSpan real) =>
        TimeSpan.FromTicks((long)Math.Round(real.Ticks * TimeScale));

    /// <summary>Waits an emulated duration in real time (nothing to wait for a zero or negative one).</summary>
    public Task DelayAsync(TimeSpan emulated, CancellationToken cancellationToken)
    {
        var real = ToReal(emulated);
        return real <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(real, TimeProvider, cancellationToken);
    }
}
