using Connector.Dataverse.Resilience;

namespace Connector.Dataverse.Tests.Resilience;

public sealed class AdaptiveConcurrencyTests
{
    [Fact]
    public void Constructor_MoreThanFiftyTwo_CapsAtTheServiceProtectionLimit() =>
        Assert.Equal(52, new AdaptiveConcurrency(500).Limit);

    // Fidelity facts item 13: Dataverse sends x-ms-dop-hint only in answers; ServiceClient assumes 5 until the first call.
    [Fact]
    public void Constructor_BeforeAnyHint_AllowsTheServiceClientDefaultOfFive()
    {
        var limiter = new AdaptiveConcurrency(52, limitBeforeFirstHint: AdaptiveConcurrency.DefaultLimitBeforeFirstHint);

        Assert.Equal(5, limiter.Limit);
        Assert.False(limiter.HintSeen);
    }

    [Fact]
    public void ObserveDegreeOfParallelismHint_FirstHint_RaisesTheStartLimitToTheHint()
    {
        var limiter = new AdaptiveConcurrency(52, limitBeforeFirstHint: 5);

        limiter.ObserveDegreeOfParallelismHint(48);

        Assert.Equal(48, limiter.Limit);
        Assert.True(limiter.HintSeen);
    }

    [Fact]
    public async Task ObserveDegreeOfParallelismHint_FirstHintAfterA429_DoesNotRaiseTheLimit()
    {
        var limiter = new AdaptiveConcurrency(52, limitBeforeFirstHint: 4);
        using (var lease = await limiter.AcquireAsync(CancellationToken.None))
        {
            lease.Throttled();
        }

        limiter.ObserveDegreeOfParallelismHint(48);

        Assert.Equal(2, limiter.Limit);
        Assert.Equal(48, limiter.Ceiling);
    }

    [Fact]
    public async Task AcquireAsync_UpToTheLimit_GrantsAtOnceThenQueues()
    {
        var limiter = new AdaptiveConcurrency(2);
        var first = limiter.AcquireAsync(CancellationToken.None);
        var second = limiter.AcquireAsync(CancellationToken.None);
        var third = limiter.AcquireAsync(CancellationToken.None);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.False(third.IsCompleted);
        Assert.Equal(1, limiter.Waiting);

        (await first).Dispose();
        using var granted = await third;
        Assert.Equal(2, limiter.InFlight);
        (await second).Dispose();
    }

    [Fact]
    public async Task Release_AfterThrottle_HalvesTheLimit()
    {
        var limiter = new AdaptiveConcurrency(40);
        using (var lease = await limiter.AcquireAsync(CancellationToken.None))
        {
            lease.Throttled();
        }

        Assert.Equal(20, limiter.Limit);
    }

    [Fact]
    public async Task Release_ManyThrottlesFromTheSameOverload_HalveOnce()
    {
        var limiter = new AdaptiveConcurrency(40);
        var leases = new List<ConcurrencyLease>();
        for (var i = 0; i < 10; i++)
        {
            leases.Add(await limiter.AcquireAsync(CancellationToken.None));
        }

        foreach (var lease in leases)
        {
            lease.Throttled();
            lease.Dispose();
        }

        Assert.Equal(20, limiter.Limit);
    }

    [Fact]
    public async Task Release_ThrottlesOfSuccessiveOverloads_HalveDownToOneAndNoFurther()
    {
        var limiter = new AdaptiveConcurrency(8);
        for (var i = 0; i < 6; i++)
        {
            using var lease = await limiter.AcquireAsync(CancellationToken.None);
            lease.Throttled();
        }

        Assert.Equal(1, limiter.Limit);
    }

    [Fact]
    public async Task Release_Successes_RaiseTheLimitByOneEveryNUpToTheCeiling()
    {
        var limiter = new AdaptiveConcurrency(8, successesPerIncrease: 3);
        using (var throttled = await limiter.AcquireAsync(CancellationToken.None))
        {
            throttled.Throttled();
        }

        Assert.Equal(4, limiter.Limit);
        await SucceedAsync(limiter, 2);
        Assert.Equal(4, limiter.Limit);
        await SucceedAsync(limiter, 1);
        Assert.Equal(5, limiter.Limit);
        await SucceedAsync(limiter, 3 * 10);
        Assert.Equal(8, limiter.Limit);
    }

    [Fact]
    public async Task ObserveDegreeOfParallelismHint_Lower_CapsLimitAndCeiling()
    {
        var limiter = new AdaptiveConcurrency(52, successesPerIncrease: 1);
        limiter.ObserveDegreeOfParallelismHint(16);
        Assert.Equal(16, limiter.Limit);
        Assert.Equal(16, limiter.Ceiling);

        await SucceedAsync(limiter, 10);
        Assert.Equal(16, limiter.Limit);
    }

    [Fact]
    public async Task ObserveDegreeOfParallelismHint_HigherLater_RampsUpGraduallyButNotPastMaxParallelism()
    {
        var limiter = new AdaptiveConcurrency(20, successesPerIncrease: 2);
        limiter.ObserveDegreeOfParallelismHint(4);
        limiter.ObserveDegreeOfParallelismHint(100);

        Assert.Equal(20, limiter.Ceiling);
        Assert.Equal(4, limiter.Limit);
        await SucceedAsync(limiter, 2);
        Assert.Equal(5, limiter.Limit);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_ThrowsAndLeavesTheQueue()
    {
        var limiter = new AdaptiveConcurrency(1);
        using var held = await limiter.AcquireAsync(CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        var waiting = limiter.AcquireAsync(cancellation.Token).AsTask();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, limiter.Waiting);
        Assert.Equal(1, limiter.InFlight);
    }

    [Fact]
    public async Task AcquireAsync_AlreadyCancelled_Throws()
    {
        var limiter = new AdaptiveConcurrency(1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.AcquireAsync(new CancellationToken(canceled: true)).AsTask());
    }

    [Fact]
    public async Task Release_LimitHalvedWhileFull_GrantsNoOneUntilBelowTheNewLimit()
    {
        var limiter = new AdaptiveConcurrency(4);
        var leases = new List<ConcurrencyLease>();
        for (var i = 0; i < 4; i++)
        {
            leases.Add(await limiter.AcquireAsync(CancellationToken.None));
        }

        var waiting = limiter.AcquireAsync(CancellationToken.None);
        leases[0].Throttled();
        leases[0].Dispose(); // limit 2, three still in flight
        Assert.False(waiting.IsCompleted);
        leases[1].Dispose();
        Assert.False(waiting.IsCompleted);
        leases[2].Dispose(); // one in flight, limit 2
        Assert.True(waiting.IsCompletedSuccessfully);
        (await waiting).Dispose();
        leases[3].Dispose();
    }

    private static async Task SucceedAsync(AdaptiveConcurrency limiter, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var lease = await limiter.AcquireAsync(CancellationToken.None);
            lease.Succeeded();
        }
    }
}
