using Connector.Domain.Collections;
using Connector.Domain.Ledger;
using Connector.Sync.Policies;
using Connector.Sync.Settings;

namespace Connector.Sync.Tests.Policies;

public sealed class CollectionsPolicyValidatorTests
{
    [Fact]
    public void Validate_Defaults_NoFailures()
    {
        Assert.Empty(Failures(new CollectionsPolicy()));
        Assert.Empty(Failures(new CollectionsPolicy { Ladder = CollectionsPolicy.DefaultLadder() }));
    }

    [Fact]
    public void Validate_LadderDaysNotIncreasing_NamesTheStep()
    {
        var policy = new CollectionsPolicy { Ladder = CollectionsPolicy.DefaultLadder() };
        policy.Ladder[2].Days = 1;

        Assert.Equal(["Collections:Ladder:2:Days must be greater than the days of the step before it (1) (was 1)."], Failures(policy));
    }

    [Fact]
    public void Validate_ChargesOutOfRangeOrOnAStepWithoutEmail_NamesEachSetting()
    {
        var policy = new CollectionsPolicy { Ladder = CollectionsPolicy.DefaultLadder() };
        policy.Ladder[1].InterestRatePercent = 101m;
        policy.Ladder[1].FeeAmount = -40m;
        policy.Ladder[2].FeeAmount = 40m;
        policy.Ladder[3].InterestRatePercent = 10.15m;
        policy.Ladder[3].FeeAmount = 40m;

        Assert.Equal(
            [
                "Collections:Ladder:1:InterestRatePercent must be between 0 and 100 (was 101).",
                "Collections:Ladder:1:FeeAmount must be between 0 and 1000000 (was -40).",
                "Collections:Ladder:2:Email must be true when the step proposes interest or a fee (they are proposed with the step's letter) (was False).",
            ],
            Failures(policy));
    }

    [Fact]
    public void Validate_RiskClassLadderWithUnknownClass_NamesTheKey()
    {
        var policy = new CollectionsPolicy();
        policy.LadderByRiskClass["E"] = CollectionsPolicy.DefaultLadder();

        Assert.Equal(["Collections:LadderByRiskClass:E is not a risk class; use A, B, C or D (was 'E')."], Failures(policy));
    }

    [Fact]
    public void Validate_EveryStepRuleBroken_ReportsEach()
    {
        var policy = new CollectionsPolicy
        {
            Ladder = [new() { Level = 1, Name = "Reminder", Days = 1 }, new() { Level = 1, Name = " ", Days = 4000, Task = (DunningTaskKind)9 }, null!],
        };
        policy.LadderByRiskClass["D"] = [new() { Level = 100, Name = "Agency", Days = -366 }];
        policy.LadderByRiskClass["C"] = [];

        Assert.Equal(
            [
                "Collections:Ladder:1:Name is required (was ' ').",
                "Collections:Ladder:1:Days must be between -365 and 3650 (was 4000).",
                "Collections:Ladder:1:Task must be None, Collector or Manager (was 9).",
                "Collections:Ladder:1:Level must be greater than the level of the step before it (1) (was 1).",
                "Collections:Ladder:2 must be a step (was empty).",
                "Collections:LadderByRiskClass:D:0:Days must be between -365 and 3650 (was -366).",
                "Collections:LadderByRiskClass:D:0:Level must be between 0 and 99 (was 100).",
                "Collections:LadderByRiskClass:C must list at least one step (was []).",
            ],
            Failures(policy));
    }

    [Fact]
    public void Validate_EverySettingRuleBroken_ReportsEach()
    {
        var policy = new CollectionsPolicy
        {
            QuietPeriodDays = -1,
            PromiseGraceDays = 366,
            MinimumCaseAmount = -0.01m,
            DefaultRiskClass = (RiskClass)7,
            SeniorCaseAmount = 0m,
        };

        Assert.Equal(
            [
                "Collections:QuietPeriodDays must be between 0 and 365 (was -1).",
                "Collections:PromiseGraceDays must be between 0 and 365 (was 366).",
                "Collections:MinimumCaseAmount must be between 0 and 1000000000 (was -0.01).",
                "Collections:DefaultRiskClass must be A, B, C or D (was 7).",
                "Collections:SeniorCaseAmount must be greater than 0 (or left empty to switch the size rule off) (was 0).",
                "Collections:SeniorCollectorIds must name at least one collector when Collections:SeniorCaseAmount is set (was []).",
            ],
            Failures(policy));
    }

    [Fact]
    public void Validate_SizeRuleWithoutSeniors_AsksForThem()
    {
        Assert.Equal(
            ["Collections:SeniorCollectorIds must name at least one collector when Collections:SeniorCaseAmount is set (was [])."],
            Failures(new CollectionsPolicy { SeniorCaseAmount = 10_000m }));
    }

    [Fact]
    public void Validate_AgeWeightsWithAGap_NamesTheSetting()
    {
        var policy = new CollectionsPolicy();
        policy.Priority.AgeWeights.Remove("d31_60");

        Assert.StartsWith("Collections:Priority:AgeWeights must cover every day without gaps", Assert.Single(Failures(policy)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HighThresholdNotAboveNormal_NamesBoth()
    {
        var policy = new CollectionsPolicy();
        policy.Priority.HighThreshold = 5_000m;

        Assert.Equal(["Collections:Priority:HighThreshold must be greater than Collections:Priority:NormalThreshold (5000) (was 5000)."], Failures(policy));
    }

    [Fact]
    public void Validate_EveryPriorityRuleBroken_ReportsEach()
    {
        var policy = new CollectionsPolicy();
        policy.Priority.BrokenPromiseBoost = -1m;
        policy.Priority.BrokenPromiseLookbackDays = 3651;
        policy.Priority.NormalThreshold = 1_000_000_000_001m;
        policy.Priority.HighThreshold = 0m;
        policy.Priority.AgeWeights["d1_30"] = -1m;
        policy.Priority.RiskFactors.Remove("A");
        policy.Priority.RiskFactors["B"] = 0m;
        policy.Priority.RiskFactors["X"] = 1m;

        Assert.Equal(
            [
                "Collections:Priority:BrokenPromiseBoost must be between 0 and 1000000000 (was -1).",
                "Collections:Priority:BrokenPromiseLookbackDays must be between 0 and 3650 (was 3651).",
                "Collections:Priority:NormalThreshold must be between 0 and 1000000000000 (was 1000000000001).",
                "Collections:Priority:AgeWeights:d1_30 must not be negative (was -1).",
                "Collections:Priority:RiskFactors:A is required (a factor for each risk class A, B, C and D) (was empty).",
                "Collections:Priority:RiskFactors:B must be greater than 0 (was 0).",
                "Collections:Priority:RiskFactors:X is not a risk class; use A, B, C or D (was 'X').",
                "Collections:Priority:HighThreshold must be greater than Collections:Priority:NormalThreshold (1000000000001) (was 0).",
            ],
            Failures(policy));
    }

    [Fact]
    public void Validate_NoPriority_IsRequired()
    {
        Assert.Equal(["Collections:Priority is required (was empty)."], Failures(new CollectionsPolicy { Priority = null! }));
    }

    private static IReadOnlyList<string> Failures(CollectionsPolicy policy) =>
        SettingsValidation.Failures(policy, new CollectionsPolicyValidator(), new CollectionsPolicyCrossFieldValidator());
}
