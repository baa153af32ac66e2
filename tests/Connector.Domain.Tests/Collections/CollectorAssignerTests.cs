using Connector.Domain.Collections;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Collections;

public sealed class CollectorAssignerTests
{
    // COL-1 EU/de, COL-2 US/en, COL-3 EU/fr.
    private static CollectorAssigner Assigner(Connector.Domain.Collections.CollectionsPolicy? policy = null) => new(
        [Dunning.Collector("COL-3", ["EU"], ["fr"]), Dunning.Collector("COL-1", ["EU"], ["de"]), Dunning.Collector("COL-2", ["US"], ["en"])],
        policy ?? Dunning.Policy());

    [Fact]
    public void Assign_CustomerNamesAKnownCollector_IsExplicit()
    {
        var assignment = Assigner().Assign(A.Customer() with { CollectorId = "COL-3", Territory = "US" }, 1_000m);

        Assert.Equal(("COL-3", AssignmentReason.Explicit), (assignment.CollectorId, assignment.Reason));
    }

    [Fact]
    public void Assign_CustomerNamesAnUnknownCollector_FallsBackToTheRulesAndSaysSo()
    {
        var assignment = Assigner().Assign(A.Customer() with { CollectorId = "COL-9" }, 1_000m);

        Assert.Equal(("COL-1", AssignmentReason.LeastLoaded), (assignment.CollectorId, assignment.Reason));
        Assert.Equal("collector 'COL-9' named by the ERP is unknown; least loaded of 3: COL-1 with 0 open case(s)", assignment.Explanation);
    }

    [Fact]
    public void Assign_TerritoryThenLanguage_NarrowToOne()
    {
        var assignment = Assigner().Assign(A.Customer() with { Territory = "EU", Language = "fr" }, 1_000m);

        Assert.Equal(("COL-3", AssignmentReason.Territory), (assignment.CollectorId, assignment.Reason));
        Assert.Equal("territory EU (2 collector(s)); language fr (1 collector(s)); only candidate COL-3 (0 open case(s))", assignment.Explanation);
    }

    [Fact]
    public void Assign_LanguageOnly_IsLanguage()
    {
        var assignment = Assigner().Assign(A.Customer() with { Language = "EN" }, 1_000m);

        Assert.Equal(("COL-2", AssignmentReason.Language), (assignment.CollectorId, assignment.Reason));
    }

    [Fact]
    public void Assign_TerritoryWithTwoCollectors_BalancesBetweenThem()
    {
        var assigner = Assigner();
        var eu = A.Customer() with { Territory = "EU" };

        var picks = Enumerable.Range(0, 3).Select(_ => assigner.Assign(eu, 1_000m).CollectorId).ToList();

        Assert.Equal(["COL-1", "COL-3", "COL-1"], picks);
        Assert.Equal(0, assigner.WorkloadOf("COL-2"));
    }

    [Fact]
    public void Assign_NoRuleApplies_LeastLoadedWithTiesById()
    {
        var assigner = Assigner();
        assigner.Assign(A.Customer() with { CollectorId = "COL-1" }, 1_000m); // COL-1 now has one case

        var picks = Enumerable.Range(0, 4).Select(_ => assigner.Assign(A.Customer(), 1_000m)).ToList();

        Assert.Equal(["COL-2", "COL-3", "COL-1", "COL-2"], picks.Select(p => p.CollectorId));
        Assert.All(picks, p => Assert.Equal(AssignmentReason.LeastLoaded, p.Reason));
        Assert.Equal(2, assigner.WorkloadOf("COL-2"));
    }

    [Theory]
    [InlineData(9_999.99, "COL-1", AssignmentReason.LeastLoaded)]
    [InlineData(10_000.00, "COL-2", AssignmentReason.Size)]
    public void Assign_LargeCase_GoesToASenior(decimal amount, string collector, AssignmentReason reason)
    {
        var policy = Dunning.Policy();
        policy.SeniorCaseAmount = 10_000m;
        policy.SeniorCollectorIds = ["COL-2"];

        var assignment = Assigner(policy).Assign(A.Customer(), amount);

        Assert.Equal((collector, reason), (assignment.CollectorId, assignment.Reason));
    }

    [Fact]
    public void Assign_CurrentCollectorStillFits_KeepsTheCase()
    {
        var assigner = Assigner();
        assigner.Assign(A.Customer() with { CollectorId = "COL-3" }, 1_000m);

        var assignment = assigner.Assign(A.Customer() with { Territory = "EU" }, 1_000m, currentCollectorId: "COL-3");

        Assert.Equal(("COL-3", AssignmentReason.Continuing), (assignment.CollectorId, assignment.Reason));
    }

    [Fact]
    public void Assign_CurrentCollectorOutsideTheTerritory_Reassigns()
    {
        var assignment = Assigner().Assign(A.Customer() with { Territory = "EU" }, 1_000m, currentCollectorId: "COL-2");

        Assert.Equal(("COL-1", AssignmentReason.Territory), (assignment.CollectorId, assignment.Reason));
    }

    [Fact]
    public void Assign_NoCollectors_Unassigned()
    {
        var assignment = new CollectorAssigner([], Dunning.Policy()).Assign(A.Customer(), 1_000m);

        Assert.Null(assignment.CollectorId);
        Assert.Equal(AssignmentReason.None, assignment.Reason);
    }
}
