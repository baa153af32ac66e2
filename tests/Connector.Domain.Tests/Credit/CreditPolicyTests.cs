using Connector.Domain.Credit;

namespace Connector.Domain.Tests.Credit;

public sealed class CreditPolicyTests
{
    [Fact]
    public void Defaults_MatchTheDomainRules()
    {
        var policy = new CreditPolicy();

        Assert.Equal("Credit", CreditPolicy.SectionName);
        Assert.True(policy.OverdueAgeEnabled);
        Assert.Equal(60, policy.OverdueAgeDays);
        Assert.Equal(100m, policy.OverdueAgeMateriality);
        Assert.False(policy.OverdueShareEnabled);
        Assert.Equal(50m, policy.OverdueSharePercent);
        Assert.True(policy.OverLimitEnabled);
        Assert.True(policy.BrokenPromiseEnabled);
        Assert.Equal(2, policy.BrokenPromiseGraceDays);
        Assert.True(policy.ManualHoldEnabled);
        Assert.Equal(0m, policy.TolerancePercent);
        Assert.True(policy.SubtractUnappliedCash);
        Assert.Equal(7, policy.DefaultReleaseDays);
        Assert.Equal(OrderEnforcement.Hold, policy.OrderEnforcement);
        Assert.Equal(60, policy.StaleSnapshotMinutes);
        Assert.Equal(CheckFailurePolicy.FailOpen, policy.StaleSnapshotPolicy);
        Assert.Equal(CheckFailurePolicy.FailOpen, policy.UnknownCustomerPolicy);
    }
}
