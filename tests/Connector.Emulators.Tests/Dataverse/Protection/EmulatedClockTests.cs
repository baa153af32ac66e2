using Connector.Emulators.Dataverse.Protection;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Emulators.Tests.Dataverse.Protection;

public sealed class EmulatedClockTests
{
    [Fact]
    public void ToReal_TimeScale60_FiveMinuteWindowLastsFiveSeconds()
    {
        var clock = new EmulatedClock(new FakeTimeProvider(), 60);

        Assert.Equal(TimeSpan.FromSeconds(5), clock.ToReal(TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.FromMinutes(5), clock.ToEmulated(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void ToReal_UnevenDivision_RoundsUpSoWaitingNeverFallsShort()
    {
        var clock = new EmulatedClock(new FakeTimeProvider(), 3);

        var real = clock.ToReal(TimeSpan.FromTicks(10));

        Assert.Equal(TimeSpan.FromTicks(4), real);
        Assert.True(clock.ToEmulated(real) >= TimeSpan.FromTicks(10));
    }

    [Fact]
    public void EmulatedNow_OneRealSecondPasses_AdvancesByTimeScale()
    {
        var time = new FakeTimeProvider();
        var clock = new EmulatedClock(time, 60);
        var before = clock.EmulatedNow;

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromMinutes(1), clock.EmulatedNow - before);
    }

    [Fact]
    public void EmulatedNow_RealTime_FollowsTheProvider()
    {
        var time = new FakeTimeProvider();
        var clock = new EmulatedClock(time, 1);

        time.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal(time.GetUtcNow(), clock.EmulatedNow);
        Assert.True(clock.IsRealTime);
    }

    [Fact]
    public async Task DelayAsync_EmulatedMinuteAtScale60_EndsAfterOneRealSecond()
    {
        var time = new FakeTimeProvider();
        var clock = new EmulatedClock(time, 60);

        var delay = clock.DelayAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        await delay;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Ctor_TimeScaleNotPositive_Throws(double timeScale)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EmulatedClock(new FakeTimeProvider(), timeScale));

        Assert.Equal("timeScale", error.ParamName);
    }
}
