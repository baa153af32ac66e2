using Connector.Domain.Collections;
using Connector.Domain.Ledger;

namespace Connector.Domain.Tests.Collections;

public sealed class CollectionsPolicyTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(new CollectionsPolicy().Validate());
    }

    [Fact]
    public void DefaultLadder_MatchesTheDomainTable()
    {
        var ladder = new CollectionsPolicy().LadderFor(RiskClass.B);

        Assert.Equal([-3, 1, 15, 30, 60, 90], ladder.Select(s => s.Days));
        Assert.False(ladder[0].Enabled);
        Assert.Equal([DunningTaskKind.None, DunningTaskKind.None, DunningTaskKind.Collector, DunningTaskKind.Collector, DunningTaskKind.Collector, DunningTaskKind.Manager], ladder.Select(s => s.Task));
        Assert.True(ladder[3].Email);
        Assert.True(ladder[4].CreditHold);
    }

    [Fact]
    public void Validate_LadderDaysNotIncreasing_NamesTheStep()
    {
        var policy = new CollectionsPolicy { Ladder = CollectionsPolicy.DefaultLadder() };
        policy.Ladder[2].Days = 1;

        var error = Assert.Single(policy.Validate());

        Assert.Equal("Collections:Ladder:2:Days must be greater than the days of the step before it (1) (was 1).", error);
    }

    [Fact]
    public void Validate_RiskClassLadderWithUnknownClass_NamesTheKey()
    {
        var policy = new CollectionsPolicy();
        policy.LadderByRiskClass["E"] = CollectionsPolicy.DefaultLadder();

        Assert.Equal(["Collections:LadderByRiskClass:E is not a risk class; use A, B, C or D (was 'E')."], policy.Validate());
    }

    [Fact]
    public void Validate_AgeWeightsWithAGap_NamesTheSetting()
    {
        var policy = new CollectionsPolicy();
        policy.Priority.AgeWeights.Remove("d31_60");

        var error = Assert.Single(policy.Validate());

        Assert.StartsWith("Collections:Priority:AgeWeights must cover every day without gaps", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HighThresholdNotAboveNormal_NamesBoth()
    {
        var policy = new CollectionsPolicy();
        policy.Priority.HighThreshold = 5_000m;

        Assert.Equal(["Collections:Priority:HighThreshold must be greater than Collections:Priority:NormalThreshold (5000) (was 5000)."], policy.Validate());
    }

    [Fact]
    public void Validate_SizeRuleWithoutSeniors_AsksForThem()
    {
        var policy = new CollectionsPolicy { SeniorCaseAmount = 10_000m };

        Assert.Equal(["Collections:SeniorCollectorIds must name at least one collector when Collections:SeniorCaseAmount is set (was [])."], policy.Validate());
    }

    [Fact]
    public void Validate_NegativeQuietPeriod_IsRejected()
    {
        var policy = new CollectionsPolicy { QuietPeriodDays = -1 };

        Assert.Equal(["Collections:QuietPeriodDays must be between 0 and 365 (was -1)."], policy.Validate());
    }

    [Fact]
    public void Evaluator_InvalidPolicy_Throws()
    {
        var policy = new CollectionsPolicy { PromiseGraceDays = -2 };

        var error = Assert.Throws<ArgumentException>(() => new CollectionCaseEvaluator(policy));

        Assert.Contains("Collections:PromiseGraceDays", error.Message, StringComparison.Ordinal);
    }
}
