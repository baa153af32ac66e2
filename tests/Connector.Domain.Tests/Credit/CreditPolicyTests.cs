using Connector.Domain.Credit;

namespace Connector.Domain.Tests.Credit;

public sealed class CreditPolicyTests
{
    [Fact]
    public void Validate_Defaults_AreValidAndMatchTheDomainRules()
    {
        var policy = new CreditPolicy();

        Assert.Empty(policy.Validate());
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

    [Fact]
    public void Validate_BadOrderWebhookSettings_NamesEach()
    {
        var errors = new CreditPolicy { StaleSnapshotMinutes = 0, StaleSnapshotPolicy = (CheckFailurePolicy)5, UnknownCustomerPolicy = (CheckFailurePolicy)7 }.Validate();

        Assert.Equal(
            [
                "Credit:StaleSnapshotMinutes must be between 1 and 10080 (was 0).",
                "Credit:StaleSnapshotPolicy must be FailOpen or FailClosed (was 5).",
                "Credit:UnknownCustomerPolicy must be FailOpen or FailClosed (was 7).",
            ],
            errors);
    }

    [Fact]
    public void Validate_NegativeOverdueAgeDays_NamesTheSetting()
    {
        var errors = new CreditPolicy { OverdueAgeDays = -1 }.Validate();

        Assert.Equal("Credit:OverdueAgeDays must be between 0 and 3650 (was -1).", Assert.Single(errors));
    }

    [Fact]
    public void Validate_SeveralBadSettings_ReportsEach()
    {
        var errors = new CreditPolicy { TolerancePercent = 150m, DefaultReleaseDays = 0, OrderEnforcement = (OrderEnforcement)9 }.Validate();

        Assert.Equal(
            [
                "Credit:TolerancePercent must be between 0 and 100 (was 150).",
                "Credit:DefaultReleaseDays must be between 1 and 365 (was 0).",
                "Credit:OrderEnforcement must be Hold or Reject (was 9).",
            ],
            errors);
    }
}
