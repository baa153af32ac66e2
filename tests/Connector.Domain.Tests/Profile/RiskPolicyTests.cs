using Connector.Domain.Profile;

namespace Connector.Domain.Tests.Profile;

public sealed class RiskPolicyTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(new RiskPolicy().Validate());
    }

    [Fact]
    public void Validate_DescendingThreshold_NamesTheSetting()
    {
        var errors = new RiskPolicy { DaysLateThresholds = [5m, 3m, 30m] }.Validate();

        Assert.Equal(["Risk:DaysLateThresholds:1 must not be below the threshold before it (5) (was 3)."], errors);
    }

    [Fact]
    public void Validate_WrongMultiplierCount_NamesTheSetting()
    {
        var errors = new RiskPolicy { LimitMultipliers = [1m, 0.5m] }.Validate();

        Assert.Equal(["Risk:LimitMultipliers must list 4 multipliers, one per risk class A, B, C, D, such as [1, 0.75, 0.5, 0] (was [1, 0.5])."], errors);
    }
}
