using Connector.Domain.CashApplication;
using Connector.Sync.Policies;
using Connector.Sync.Settings;

namespace Connector.Sync.Tests.Policies;

public sealed class CashApplicationPolicyValidatorTests
{
    [Fact]
    public void Validate_Defaults_NoFailures() => Assert.Empty(Failures(new CashApplicationPolicy()));

    [Fact]
    public void Validate_EveryRuleBroken_ReportsEach()
    {
        var policy = new CashApplicationPolicy
        {
            TolerancePercent = -1m,
            ToleranceAmount = 1_000_000.01m,
            MaxCombinationSize = 1,
            MaxCombinationCandidates = 61,
            MaxCombinationNodes = 99,
            MaxExceptionCandidates = 51,
        };

        Assert.Equal(
            [
                "CashApplication:TolerancePercent must be between 0 and 100 (was -1).",
                "CashApplication:ToleranceAmount must be between 0 and 1000000 (was 1000000.01).",
                "CashApplication:MaxCombinationSize must be between 2 and 10 (was 1).",
                "CashApplication:MaxCombinationCandidates must be between 2 and 60 (was 61).",
                "CashApplication:MaxCombinationNodes must be between 100 and 10000000 (was 99).",
                "CashApplication:MaxExceptionCandidates must be between 1 and 50 (was 51).",
            ],
            Failures(policy));
    }

    private static IReadOnlyList<string> Failures(CashApplicationPolicy policy) => SettingsValidation.Failures(policy, new CashApplicationPolicyValidator());
}
