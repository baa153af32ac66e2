using Connector.Domain.Ledger;
using Connector.Domain.Profile;
using Connector.Sync.Policies;
using Connector.Sync.Settings;

namespace Connector.Sync.Tests.Policies;

public sealed class RiskPolicyValidatorTests
{
    [Fact]
    public void Validate_Defaults_NoFailures() => Assert.Empty(Failures(new RiskPolicy()));

    [Fact]
    public void Validate_DescendingThreshold_NamesTheSetting()
    {
        Assert.Equal(["Risk:DaysLateThresholds:1 must not be below the threshold before it (5) (was 3)."], Failures(new RiskPolicy { DaysLateThresholds = [5m, 3m, 30m] }));
    }

    [Fact]
    public void Validate_WrongMultiplierCount_NamesTheSetting()
    {
        Assert.Equal(
            ["Risk:LimitMultipliers must list 4 multipliers, one per risk class A, B, C, D, such as [1, 0.75, 0.5, 0] (was [1, 0.5])."],
            Failures(new RiskPolicy { LimitMultipliers = [1m, 0.5m] }));
    }

    [Fact]
    public void Validate_EveryRuleBroken_ReportsEach()
    {
        var policy = new RiskPolicy
        {
            LookbackDays = 29,
            DaysLateThresholds = [5m, 15m],
            LateGraceDays = 91,
            LateSharePercentThresholds = [-1m, 40m, 60m],
            BrokenPromiseThresholds = [0m, 2m, 1m],
            DisputeThresholds = [1m, 3m, 5m, 7m],
            UtilisationPercentThresholds = [80m, 100m, 120m],
            NoHistoryClass = (RiskClass)9,
            LimitExtraDays = 366,
            LimitMultipliers = [1m, 0.75m, 11m, 0m],
            LimitRoundingStep = 0m,
        };

        Assert.Equal(
            [
                "Risk:LookbackDays must be between 30 and 3650 (was 29).",
                "Risk:LateGraceDays must be between 0 and 90 (was 91).",
                "Risk:NoHistoryClass must be A, B, C or D (was 9).",
                "Risk:LimitExtraDays must be between 0 and 365 (was 366).",
                "Risk:LimitRoundingStep must be greater than 0 (was 0).",
                "Risk:DaysLateThresholds must list 3 ascending thresholds (above the first: B, the second: C, the third: D) (was [5, 15]).",
                "Risk:LateSharePercentThresholds:0 must not be negative (was -1).",
                "Risk:BrokenPromiseThresholds:2 must not be below the threshold before it (2) (was 1).",
                "Risk:DisputeThresholds must list 3 ascending thresholds (above the first: B, the second: C, the third: D) (was [1, 3, 5, 7]).",
                "Risk:LimitMultipliers:2 must be between 0 and 10 (was 11).",
            ],
            Failures(policy));
    }

    private static IReadOnlyList<string> Failures(RiskPolicy policy) =>
        SettingsValidation.Failures(policy, new RiskPolicyValidator(), new RiskPolicyCrossFieldValidator());
}
