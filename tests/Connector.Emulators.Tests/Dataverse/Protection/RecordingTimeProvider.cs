using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Emulators.Tests.Dataverse.Protection;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also reports every timer created on it, so a test can wait until the server is
/// waiting (a delay has started) before it advances time, instead of sleeping.
/// </summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    private readonly BlockingCollection<TimeSpan> timers = [];

    public FakeTimeProvider Fake { get; } = new();

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        timers.Add(dueTime);
        return timer;
    }

    /// <summary>Waits until a timer due in <paramref name="dueTime"/> has been created (fails instead of hanging).</summary>
    public void WaitForTimer(TimeSpan dueTime)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (timers.Take(cancel.Token) != dueTime)
            {
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No timer due in {dueTime} was created.");
        }
    }

    public void Advance(TimeSpan delta) => Fake.Advance(delta);
}
