using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Protection;

namespace Connector.Emulators.Tests.Dataverse.Protection;

public sealed class FaultInjectorTests
{
    [Fact]
    public void Next_SameSeed_RepeatsTheSameSequence()
    {
        var options = new FaultOptions { ThrottleRate = 0.2, UnavailableRate = 0.2, TimeoutRate = 0.2, Seed = 42 };

        var first = Draw(new FaultInjector(options), 200);
        var second = Draw(new FaultInjector(options), 200);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Next_DifferentSeed_DiffersSomewhere()
    {
        var first = Draw(new FaultInjector(new FaultOptions { ThrottleRate = 0.5, Seed = 1 }), 200);
        var second = Draw(new FaultInjector(new FaultOptions { ThrottleRate = 0.5, Seed = 2 }), 200);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Next_ConfiguredRates_AreMetOverManyRequests()
    {
        var injector = new FaultInjector(new FaultOptions { ThrottleRate = 0.10, UnavailableRate = 0.05, TimeoutRate = 0.02, Seed = 7 });
        const int Requests = 20_000;

        var counts = Draw(injector, Requests).GroupBy(fault => fault).ToDictionary(group => group.Key, group => group.Count());

        AssertNear(0.10, counts[InjectedFault.Throttle], Requests);
        AssertNear(0.05, counts[InjectedFault.Unavailable], Requests);
        AssertNear(0.02, counts[InjectedFault.Timeout], Requests);
        AssertNear(0.83, counts[InjectedFault.None], Requests);
    }

    [Fact]
    public void Next_NoRates_NeverInjects()
    {
        var injector = new FaultInjector(new FaultOptions());

        Assert.All(Draw(injector, 1000), fault => Assert.Equal(InjectedFault.None, fault));
        Assert.False(injector.IsActive);
    }

    [Fact]
    public void Next_ThrottleRateOne_AlwaysThrottles() =>
        Assert.All(Draw(new FaultInjector(new FaultOptions { ThrottleRate = 1 }), 100), fault => Assert.Equal(InjectedFault.Throttle, fault));

    [Fact]
    public void Ctor_RatesAboveOneInTotal_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new FaultInjector(new FaultOptions { ThrottleRate = 0.6, UnavailableRate = 0.6 }));

        Assert.Contains("more than 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_NegativeRate_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultInjector(new FaultOptions { TimeoutRate = -0.1 }));

    private static List<InjectedFault> Draw(FaultInjector injector, int count) =>
        Enumerable.Range(0, count).Select(_ => injector.Next()).ToList();

    /// <summary>Within 10% of the expected count: far wider than the sampling error at these sizes.</summary>
    private static void AssertNear(double rate, int actual, int requests)
    {
        var expected = rate * requests;
        Assert.InRange(actual, expected * 0.9, expected * 1.1);
    }
}
