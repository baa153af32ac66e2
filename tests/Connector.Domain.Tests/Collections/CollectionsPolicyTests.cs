using Connector.Domain.Collections;
using Connector.Domain.Ledger;

namespace Connector.Domain.Tests.Collections;

public sealed class CollectionsPolicyTests
{
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
    public void Evaluator_AgeWeightsWithAGap_ThrowsNamingTheSetting()
    {
        var policy = new CollectionsPolicy();
        policy.Priority.AgeWeights.Remove("d31_60");

        var error = Assert.Throws<ArgumentException>(() => new CollectionCaseEvaluator(policy));

        Assert.StartsWith("Collections:Priority:AgeWeights must cover every day without gaps", error.Message, StringComparison.Ordinal);
    }
}
