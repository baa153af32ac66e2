using Connector.Domain.CashApplication;

namespace Connector.Domain.Tests.CashApplication;

public sealed class CashApplicationPolicyTests
{
    [Fact]
    public void Defaults_ToleranceOnePercentAndFiveUnits()
    {
        var policy = new CashApplicationPolicy();

        Assert.Equal((1m, 5.00m), (policy.TolerancePercent, policy.ToleranceAmount));
    }
}
