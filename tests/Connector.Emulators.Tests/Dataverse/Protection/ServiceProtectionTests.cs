using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Protection;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Emulators.Tests.Dataverse.Protection;

public sealed class ServiceProtectionTests
{
    private const string Caller = "app-user-1";
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void TryEnter_DocumentedLimits_RejectsRequest6001WithDocumentedMessage()
    {
        var protection = Protection(ServiceProtectionLimits.Documented());
        for (var i = 0; i < 6000; i++)
        {
            Admit(protection).Complete(TimeSpan.Zero);
        }

        var rejection = Reject(protection);

        Assert.Equal(429, rejection.StatusCode);
        Assert.Equal("0x80072322", rejection.ErrorCode);
        Assert.Equal("Number of requests exceeded the limit of 6000 over time window of 300 seconds.", rejection.Message);
    }

    [Fact]
    public void TryEnter_RequestLimitOfThree_FourthIsRejected()
    {
        var protection = Protection(Limits(requests: 3));
        for (var i = 0; i < 3; i++)
        {
            Admit(protection).Complete(TimeSpan.Zero);
        }

        Assert.Equal(ProtectionErrorCodes.RequestsExceeded, Reject(protection).ErrorCode);
    }

    [Fact]
    public void TryEnter_WindowSlides_RetryAfterPointsAtTheFreedSlot()
    {
        var protection = Protection(Limits(requests: 3));
        AdmitAtSeconds(protection, 0, 1, 2);

        var rejection = Reject(protection);

        // The arrival at 1 s leaves the 300 s window at 301 s; now is 2 s.
        Assert.Equal(TimeSpan.FromSeconds(299), rejection.RetryAfter);
        Assert.Equal("299", rejection.RetryAfterHeader);
        time.Advance(rejection.RetryAfter);
        Admit(protection);
    }

    [Fact]
    public void TryEnter_RetryingBeforeRetryAfter_ExtendsThePenalty()
    {
        var protection = Protection(Limits(requests: 3));
        AdmitAtSeconds(protection, 0, 1, 2);
        var first = Reject(protection);
        var admittedAt = time.GetUtcNow() + first.RetryAfter;

        time.Advance(TimeSpan.FromSeconds(98));
        var early = Reject(protection);

        Assert.True(time.GetUtcNow() + early.RetryAfter > admittedAt);
        time.SetUtcNow(admittedAt);
        Reject(protection);
    }

    [Fact]
    public void TryEnter_ExecutionTimeUsedUp_RejectsWithExecutionCodeUntilOldestExpires()
    {
        var protection = Protection(Limits(executionTime: TimeSpan.FromSeconds(10)));
        Admit(protection).Complete(TimeSpan.FromSeconds(6));
        time.Advance(TimeSpan.FromSeconds(1));
        Admit(protection).Complete(TimeSpan.FromSeconds(4));
        time.Advance(TimeSpan.FromSeconds(1));

        var rejection = Reject(protection);

        Assert.Equal("0x80072321", rejection.ErrorCode);
        Assert.Equal(
            "Combined execution time of incoming requests exceeded limit of 10,000  milliseconds over time window of 300 seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.",
            rejection.Message);
        Assert.Equal(TimeSpan.FromSeconds(298), rejection.RetryAfter);
        time.Advance(rejection.RetryAfter);
        Admit(protection);
    }

    [Fact]
    public void TryEnter_ExecutionTimeJustUnderLimit_Admits()
    {
        var protection = Protection(Limits(executionTime: TimeSpan.FromSeconds(10)));
        Admit(protection).Complete(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));

        Admit(protection);
    }

    [Fact]
    public void TryEnter_Rejected_AddsNoExecutionTime()
    {
        var protection = Protection(Limits(requests: 1, executionTime: TimeSpan.FromSeconds(10)));
        Admit(protection).Complete(TimeSpan.FromSeconds(2));

        Reject(protection);

        Assert.Equal(TimeSpan.FromSeconds(8), protection.Budget(Caller).ExecutionTimeRemaining);
    }

    [Fact]
    public void TryEnter_ConcurrencyLimitOfTwo_ThirdInFlightIsRejectedUntilOneCompletes()
    {
        var protection = Protection(Limits(concurrent: 2));
        var first = Admit(protection);
        Admit(protection);

        var rejection = Reject(protection);

        Assert.Equal("0x80072326", rejection.ErrorCode);
        Assert.Equal("Number of concurrent requests exceeded the limit of 2.", rejection.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), rejection.RetryAfter);
        first.Complete(TimeSpan.Zero);
        Admit(protection);
    }

    [Fact]
    public void Complete_Twice_FreesOneSlotOnly()
    {
        var protection = Protection(Limits(concurrent: 2));
        var first = Admit(protection);
        Admit(protection);

        first.Complete(TimeSpan.FromSeconds(1));
        first.Complete(TimeSpan.FromSeconds(1));
        Admit(protection);

        Assert.Equal(ProtectionErrorCodes.ConcurrencyExceeded, Reject(protection).ErrorCode);
        Assert.Equal(TimeSpan.FromMinutes(20) - TimeSpan.FromSeconds(1), protection.Budget(Caller).ExecutionTimeRemaining);
    }

    [Fact]
    public void TryEnter_TimeScale120_RetryAfterIsFractionalRealSeconds()
    {
        var protection = new ServiceProtection(Limits(requests: 1), new EmulatedClock(time, 120));
        Admit(protection).Complete(TimeSpan.Zero);

        var rejection = Reject(protection);

        Assert.Equal(TimeSpan.FromSeconds(2.5), rejection.RetryAfter);
        Assert.Equal("2.5", rejection.RetryAfterHeader);
    }

    [Fact]
    public void TryEnter_TimeScale4_ConcurrencyRetryAfterIsAQuarterSecond()
    {
        var protection = new ServiceProtection(Limits(concurrent: 1), new EmulatedClock(time, 4));
        Admit(protection);

        Assert.Equal("0.25", Reject(protection).RetryAfterHeader);
    }

    [Fact]
    public void TryEnter_TimeScale60_WindowFreesAfterFiveRealSeconds()
    {
        var protection = new ServiceProtection(Limits(requests: 1), new EmulatedClock(time, 60));
        Admit(protection).Complete(TimeSpan.Zero);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(protection.TryEnter(Caller, out _, out _));

        time.Advance(TimeSpan.FromSeconds(5.1));

        Admit(protection);
    }

    [Fact]
    public void TryEnter_OtherCaller_HasItsOwnWindow()
    {
        var protection = Protection(Limits(requests: 1));
        Admit(protection).Complete(TimeSpan.Zero);
        Reject(protection);

        Assert.True(protection.TryEnter("app-user-2", out _, out _));
    }

    [Fact]
    public void TryEnter_LimitsDisabled_AdmitsBeyondThem()
    {
        var limits = Limits(requests: 1, concurrent: 1);
        limits.Enabled = false;
        var protection = Protection(limits);

        for (var i = 0; i < 5; i++)
        {
            Admit(protection);
        }

        Assert.Equal(5, protection.Budget(Caller).InFlight);
    }

    [Fact]
    public void Budget_AfterTwoRequests_ShowsWhatIsLeft()
    {
        var protection = Protection(ServiceProtectionLimits.Documented());
        Admit(protection).Complete(TimeSpan.FromSeconds(1.5));
        Admit(protection);

        var budget = protection.Budget(Caller);

        Assert.Equal(new ServiceProtectionBudget(5998, TimeSpan.FromSeconds(1198.5), 1), budget);
    }

    [Fact]
    public void Ctor_ZeroRequestsPerWindow_Throws() =>
        Assert.Throws<ArgumentException>(() => Protection(Limits(requests: 0)));

    private static ServiceProtectionLimits Limits(int requests = 6000, TimeSpan? executionTime = null, int concurrent = 52) => new()
    {
        RequestsPerWindow = requests,
        ExecutionTimePerWindow = executionTime ?? TimeSpan.FromMinutes(20),
        ConcurrentRequests = concurrent,
    };

    private ServiceProtection Protection(ServiceProtectionLimits limits) => new(limits, new EmulatedClock(time, 1));

    private static ServiceProtectionLease Admit(ServiceProtection protection)
    {
        Assert.True(protection.TryEnter(Caller, out var lease, out var rejection), rejection?.Message);
        return lease;
    }

    private static ServiceProtectionRejection Reject(ServiceProtection protection)
    {
        Assert.False(protection.TryEnter(Caller, out _, out var rejection));
        return rejection;
    }

    private void AdmitAtSeconds(ServiceProtection protection, params int[] seconds)
    {
        var start = time.GetUtcNow();
        foreach (var second in seconds)
        {
            time.SetUtcNow(start + TimeSpan.FromSeconds(second));
            Admit(protection).Complete(TimeSpan.Zero);
        }
    }
}
