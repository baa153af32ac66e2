using Connector.Domain.CashApplication;

namespace Connector.Domain.Tests.CashApplication;

public sealed class CashApplicationPolicyTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        var policy = new CashApplicationPolicy();

        Assert.Empty(policy.Validate());
        Assert.Equal((1m, 5.00m), (policy.TolerancePercent, policy.ToleranceAmount));
    }

    [Fact]
    public void Validate_BadSettings_NameEachSetting()
    {
        var policy = new CashApplicationPolicy { TolerancePercent = -1m, MaxCombinationCandidates = 61 };

        Assert.Equal(
            [
                "CashApplication:TolerancePercent must be between 0 and 100 (was -1).",
                "CashApplication:MaxCombinationCandidates must be between 2 and 60 (was 61).",
            ],
            policy.Validate());
    }
}
