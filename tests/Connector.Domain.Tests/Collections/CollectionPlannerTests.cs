using Connector.Domain.Collections;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Collections;

public sealed class CollectionPlannerTests
{
    private static readonly Collector[] Collectors = [Dunning.Collector("COL-1"), Dunning.Collector("COL-2")];

    [Fact]
    public void Plan_Queue_IsOrderedByPriorityDescending()
    {
        var customers = new[] { "SMALL", "BIG", "MID" }.Select(id => A.Customer(id) with { CollectorId = "COL-1" });
        var ledger = A.Ledger(customers,
            [A.Invoice("I-S", 100m, 10, "SMALL"), A.Invoice("I-B", 9_000m, 10, "BIG"), A.Invoice("I-M", 900m, 40, "MID")],
            collectors: Collectors);

        var plan = CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.Rates());

        var queue = Assert.Single(plan.Queues);
        Assert.Equal("COL-1", queue.AssigneeId);
        Assert.Equal(["BIG", "MID", "SMALL"], queue.Cases.Select(c => c.CustomerId)); // 9,000 > 900 × 1.5 > 100
        Assert.All(queue.Cases, c => Assert.Equal(AssignmentReason.Explicit, c.Assignment!.Reason));
    }

    [Fact]
    public void Plan_AgencyLevel_GoesToTheArManagersQueue()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 5_000m, 95)], collectors: Collectors);

        var plan = CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.Rates());

        var found = Assert.Single(plan.Cases);
        Assert.Equal(ActionKind.ManagerTask, found.NextAction.Kind);
        Assert.Equal(Dunning.Manager, found.NextAction.AssigneeId);
        Assert.Equal("COL-1", found.Assignment!.CollectorId); // the collector still owns the customer
        Assert.Equal([Dunning.Manager], plan.Queues.Select(q => q.AssigneeId));
        Assert.Equal("AR manager", plan.Queues[0].Name);
    }

    [Fact]
    public void Plan_LeastLoaded_HighestPriorityPicksFirst()
    {
        var ledger = A.Ledger([A.Customer("A1"), A.Customer("A2"), A.Customer("A3")],
            [A.Invoice("I-1", 100m, 10, "A1"), A.Invoice("I-2", 300m, 10, "A2"), A.Invoice("I-3", 200m, 10, "A3")],
            collectors: Collectors);

        var plan = CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.Rates());

        Assert.Equal("COL-1", plan.Find("A2")!.Assignment!.CollectorId);
        Assert.Equal("COL-2", plan.Find("A3")!.Assignment!.CollectorId);
        Assert.Equal("COL-1", plan.Find("A1")!.Assignment!.CollectorId);
    }

    [Fact]
    public void Plan_SameLedgerTwice_EveryCaseUnchanged()
    {
        var ledger = A.Ledger([A.Customer("C1"), A.Customer("C2")], [A.Invoice("I-1", 100m, 20, "C1"), A.Invoice("I-2", 100m, 40, "C2")], collectors: Collectors);
        var first = CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.Rates());

        var second = CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.Rates(), previous: first.Cases);

        Assert.All(first.Changes, c => Assert.Equal(ChangeKind.New, c.Kind));
        Assert.All(second.Changes, c => Assert.Equal(ChangeKind.Unchanged, c.Kind));
        Assert.Empty(second.ChangedCases);
    }

    [Fact]
    public void Plan_NextDayWithoutChange_StaysUnchanged()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("I-1", 100m, 20)], collectors: Collectors);
        var first = CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.Rates());

        var next = CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.RatesOn(A.AsOf.AddDays(1)), previous: first.Cases);

        Assert.Equal(ChangeKind.Unchanged, Assert.Single(next.Changes).Kind);
    }

    [Fact]
    public void Plan_InvoicePaid_CaseCloses()
    {
        var before = A.Ledger([A.Customer()], [A.Invoice("I-1", 100m, 20)], collectors: Collectors);
        var first = CollectionPlanner.Plan(before, Dunning.Policy(), Dunning.Rates());
        var paid = A.Ledger([A.Customer()], [A.Invoice("I-1", 100m, 20) with { OpenAmount = 0m, Status = ItemStatus.Paid }], collectors: Collectors);

        var second = CollectionPlanner.Plan(paid, Dunning.Policy(), Dunning.Rates(), previous: first.Cases);

        Assert.Empty(second.Cases);
        var change = Assert.Single(second.Changes);
        Assert.Equal(("CASE-C1", ChangeKind.Closed), (change.CaseId, change.Kind));
        Assert.Equal(["the undisputed overdue balance is cleared"], change.Changes);
    }

    [Fact]
    public void Plan_NewInvoiceAndEscalation_UpdatedWithWhatChanged()
    {
        var before = A.Ledger([A.Customer()], [A.Invoice("I-1", 100m, 14)], collectors: Collectors);
        var first = CollectionPlanner.Plan(before, Dunning.Policy(), Dunning.Rates());
        var after = A.Ledger([A.Customer()], [A.Invoice("I-1", 100m, 15), A.Invoice("I-2", 50m, 1)], collectors: Collectors);

        var second = CollectionPlanner.Plan(after, Dunning.Policy(), Dunning.RatesOn(A.AsOf.AddDays(1)), previous: first.Cases);

        var change = Assert.Single(second.Changes);
        Assert.Equal(ChangeKind.Updated, change.Kind);
        Assert.Contains("level 1 (Reminder) → 2 (Call)", change.Changes);
        Assert.Contains("amount 100.00 USD → 150.00 USD", change.Changes);
        Assert.Contains("items added I-2", change.Changes);
    }

    [Fact]
    public void Plan_RateMissingNow_KeepsThePreviousCaseOpen()
    {
        var eur = new ExchangeRate("EUR", A.AsOf.AddDays(-5), 1.1m);
        var ledger = A.Ledger([A.Customer(currency: "EUR")], [A.Invoice("I-1", 100m, 20, currency: "EUR")], collectors: Collectors);
        var first = CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.Rates(eur));

        var second = CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.Rates(), previous: first.Cases);

        var change = Assert.Single(second.Changes);
        Assert.Equal(ChangeKind.Unchanged, change.Kind);
        Assert.StartsWith("not re-evaluated: customer C1: no EUR rate", change.Changes[0], StringComparison.Ordinal);
        Assert.Equal(CollectionOutcome.NotEvaluable, Assert.Single(second.Skipped).Outcome);
    }

    [Fact]
    public void Plan_DisputedOnlyBalance_SkippedAndPreviousCaseCloses()
    {
        var before = A.Ledger([A.Customer()], [A.Invoice("I-1", 100m, 20)], collectors: Collectors);
        var first = CollectionPlanner.Plan(before, Dunning.Policy(), Dunning.Rates());
        var disputed = A.Ledger([A.Customer()], [A.Invoice("I-1", 100m, 20) with { Disputed = true }], collectors: Collectors);

        var second = CollectionPlanner.Plan(disputed, Dunning.Policy(), Dunning.Rates(), previous: first.Cases);

        Assert.Equal(CollectionOutcome.DisputedOnly, Assert.Single(second.Skipped).Outcome);
        Assert.Equal(ChangeKind.Closed, Assert.Single(second.Changes).Kind);
    }

    [Fact]
    public void Plan_PreviousCollector_IsKeptAcrossRuns()
    {
        var ledger = A.Ledger([A.Customer("C1"), A.Customer("C2")], [A.Invoice("I-1", 100m, 20, "C1"), A.Invoice("I-2", 100m, 20, "C2")], collectors: Collectors);
        var first = CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.Rates());
        var grown = A.Ledger([A.Customer("C1"), A.Customer("C2")], [A.Invoice("I-1", 100m, 20, "C1"), A.Invoice("I-2", 5_000m, 20, "C2")], collectors: Collectors);

        var second = CollectionPlanner.Plan(grown, Dunning.Policy(), Dunning.Rates(), previous: first.Cases);

        Assert.Equal(first.Find("C2")!.Assignment!.CollectorId, second.Find("C2")!.Assignment!.CollectorId);
        Assert.Equal(AssignmentReason.Continuing, second.Find("C2")!.Assignment!.Reason);
    }

    [Fact]
    public void Plan_AnotherCaseRisesToTheTop_EveryCaseKeepsTheCollectorTheLastPlanGave()
    {
        var customers = new[] { A.Customer("A1"), A.Customer("A2"), A.Customer("A3") };
        var first = CollectionPlanner.Plan(
            A.Ledger(customers, [A.Invoice("I-1", 100m, 10, "A1"), A.Invoice("I-2", 300m, 10, "A2"), A.Invoice("I-3", 200m, 10, "A3")], collectors: Collectors),
            Dunning.Policy(), Dunning.Rates());
        var grown = A.Ledger(customers, [A.Invoice("I-1", 900m, 10, "A1"), A.Invoice("I-2", 300m, 10, "A2"), A.Invoice("I-3", 200m, 10, "A3")], collectors: Collectors);

        var second = CollectionPlanner.Plan(grown, Dunning.Policy(), Dunning.Rates(), lastCollectors: CollectorsOf(first));

        Assert.Equal(CollectorsOf(first), CollectorsOf(second));
        Assert.All(second.Cases, c => Assert.Equal(AssignmentReason.Continuing, c.Assignment!.Reason));
        Assert.NotEqual(CollectorsOf(first), CollectorsOf(CollectionPlanner.Plan(grown, Dunning.Policy(), Dunning.Rates()))); // balanced afresh, A2 and A3 would move
    }

    [Fact]
    public void Plan_NewCaseBesideKeptOnes_GoesToTheCollectorWithFewestCasesCountingEveryKeptCase()
    {
        var customers = new[] { A.Customer("A1"), A.Customer("A2"), A.Customer("A3"), A.Customer("A4") };
        var invoices = new List<Invoice> { A.Invoice("I-1", 100m, 10, "A1"), A.Invoice("I-2", 300m, 10, "A2"), A.Invoice("I-3", 200m, 10, "A3") };
        var first = CollectionPlanner.Plan(A.Ledger(customers, invoices, collectors: Collectors), Dunning.Policy(), Dunning.Rates()); // COL-1: A2, A1; COL-2: A3

        var second = CollectionPlanner.Plan(
            A.Ledger(customers, [.. invoices, A.Invoice("I-4", 5_000m, 10, "A4")], collectors: Collectors), Dunning.Policy(), Dunning.Rates(), lastCollectors: CollectorsOf(first));

        var added = second.Find("A4")!.Assignment!;
        Assert.Equal(("COL-2", AssignmentReason.LeastLoaded), (added.CollectorId, added.Reason));
        Assert.Equal("least loaded of 2: COL-2 with 1 open case(s)", added.Explanation);
    }

    [Fact]
    public void Plan_RestartedFromTheStoredOpenCases_EqualsThePlanOfTheProcessThatKeptItsCases()
    {
        var customers = Enumerable.Range(1, 12).Select(i => A.Customer($"C{i:00}")).ToList();
        List<Invoice> Invoices(int round) => [.. customers.Select((c, i) => A.Invoice($"I-{i}", 100m + ((i * 37 + round * 101) % 900), 10 + (i % 3) * 20, c.Id))];
        var cache = new CollectionCaseCache();
        var policy = Dunning.Policy();
        var plan = CollectionPlanner.Plan(A.Ledger(customers, Invoices(0), collectors: Collectors), policy, Dunning.Rates(), cache: cache);
        IReadOnlyList<CollectionCase> stored = [];
        for (var round = 1; round <= 4; round++)
        {
            // The tasks step stored the plan's cases as open; the process also keeps the collectors its last plan gave.
            var kept = CollectorsOf(plan);
            stored = plan.Cases;
            var ledger = A.Ledger(customers, Invoices(round), collectors: Collectors);
            plan = CollectionPlanner.Plan(ledger, policy, Dunning.Rates(), previous: stored, cache: cache, lastCollectors: kept);

            var restarted = CollectionPlanner.Plan(ledger, policy, Dunning.Rates(), previous: stored);

            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(plan), System.Text.Json.JsonSerializer.Serialize(restarted));
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(restarted), System.Text.Json.JsonSerializer.Serialize(CollectionPlanner.Plan(ledger, policy, Dunning.Rates(), previous: stored)));
        }
    }

    private static Dictionary<string, string> CollectorsOf(CollectionPlan plan) =>
        plan.Cases.ToDictionary(static c => c.CustomerId, static c => c.Assignment!.CollectorId!, StringComparer.Ordinal);

    [Fact]
    public void Plan_NoCollectors_CasesAreUnassigned()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("I-1", 100m, 20)]);

        var plan = CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.Rates());

        Assert.Single(plan.Unassigned);
        Assert.Empty(plan.Queues);
    }

    [Fact]
    public void Describe_Case_ReadsAsOneLine()
    {
        var ledger = A.Ledger([A.Customer() with { CollectorId = "COL-2" }], [A.Invoice("INV-1", 1_200m, 20)], collectors: Collectors);

        var line = CollectionPlanner.Describe(CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.Rates()).Cases[0]);

        Assert.Equal("CASE-C1  level 2 (Call)  1,200.00 USD  priority 1,200 (Low)  COL-2  Collector task, level 2 (Call): 1,200.00 USD overdue, oldest INV-1 20 days past due.", line);
    }
}
