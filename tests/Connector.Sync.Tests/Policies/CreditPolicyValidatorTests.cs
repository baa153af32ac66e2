using Connector.Domain.Credit;
using Connector.Sync.Policies;
using Connector.Sync.Settings;

namespace Connector.Sync.Tests.Policies;

public sealed class CreditPolicyValidatorTests
{
    [Fact]
    public void Validate_Defaults_NoFailures() => Assert.Empty(Failures(new CreditPolicy()));

    [Fact]
    public void Validate_OverdueAgeDaysAboveTheRange_NamesSettingRangeAndValue()
    {
        Assert.Equal(["Credit:OverdueAgeDays must be between 0 and 3650 (was 4000)."], Failures(new CreditPolicy { OverdueAgeDays = 4000 }));
    }

    [Fact]
    public void Validate_EveryRuleBroken_ReportsEach()
    {
        var policy = new CreditPolicy
        {
            OverdueAgeDays = -1,
            OverdueAgeMateriality = 1_000_000_001m,
            OverdueSharePercent = 1000.5m,
            BrokenPromiseGraceDays = 366,
            TolerancePercent = 150m,
            DefaultReleaseDays = 0,
            OrderEnforcement = (OrderEnforcement)9,
            StaleSnapshotMinutes = 0,
            StaleSnapshotPolicy = (CheckFailurePolicy)5,
            UnknownCustomerPolicy = (CheckFailurePolicy)7,
        };

        Assert.Equal(
            [
                "Credit:OverdueAgeDays must be between 0 and 3650 (was -1).",
                "Credit:OverdueAgeMateriality must be between 0 and 1000000000 (was 1000000001).",
                "Credit:OverdueSharePercent must be between 0 and 1000 (was 1000.5).",
                "Credit:BrokenPromiseGraceDays must be between 0 and 365 (was 366).",
                "Credit:TolerancePercent must be between 0 and 100 (was 150).",
                "Credit:DefaultReleaseDays must be between 1 and 365 (was 0).",
                "Credit:OrderEnforcement must be Hold or Reject (was 9).",
                "Credit:StaleSnapshotMinutes must be between 1 and 10080 (was 0).",
                "Credit:StaleSnapshotPolicy must be FailOpen or FailClosed (was 5).",
                "Credit:UnknownCustomerPolicy must be FailOpen or FailClosed (was 7).",
            ],
            Failures(policy));
    }

    private static IReadOnlyList<string> Failures(CreditPolicy policy) => SettingsValidation.Failures(policy, new CreditPolicyValidator());
}
