using System.Text.Json;
using Connector.Domain.Credit;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Tests.Push;

public sealed class PushPlannerTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 22);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static ArLedger Ledger(params Invoice[] invoices) => new(
        [
            new Customer { Id = "C-1", Name = "Contoso Ltd", Currency = "USD", CreditLimit = 1000m, CollectorId = "COL1" },
            new Customer { Id = "C-2", Name = "Fabrikam Inc", Currency = "USD", CreditLimit = 5000m, CollectorId = "COL1" },
        ],
        invoices,
        collectors: [new Collector { Id = "COL1", Name = "Jane Doe", Email = "jane@example.com" }]);

    private static Invoice Invoice(string id, string customer, int daysOverdue, decimal open, ItemStatus status = ItemStatus.Open) => new()
    {
        Id = id,
        CustomerId = customer,
        Currency = "USD",
        DocumentDate = AsOf.AddDays(-daysOverdue - 30),
        DueDate = AsOf.AddDays(-daysOverdue),
        Amount = 1500m,
        OpenAmount = open,
        Status = status,
    };

    private static PortfolioEvaluation Evaluate(ArLedger ledger, ManualActions? actions = null, IReadOnlyDictionary<string, HoldStatus>? previous = null) =>
        PortfolioEvaluator.Evaluate(ledger, new EvaluationPolicies(), AsOf, actions, previous);

    private static JsonElement Columns(OutboxItem item) => JsonDocument.Parse(item.Payload).RootElement;

    [Fact]
    public void Plan_CustomerOverdueAndOverLimit_QueuesHoldSentenceFiguresAndCollector()
    {
        var commit = AccountPlanner.Plan(Evaluate(Ledger(Invoice("I-1", "C-1", 75, 1500m))), PushBaseline.Empty, null, Now);

        var contoso = Columns(Assert.Single(commit.Outbox, i => i.Key == "C-1"));
        Assert.Equal("dataverse:account", commit.Outbox[0].Target);
        Assert.True(contoso.GetProperty("creditonhold").GetBoolean());
        Assert.Equal(1000m, contoso.GetProperty("creditlimit").GetDecimal());
        Assert.Equal(1500m, contoso.GetProperty("arc_exposure").GetDecimal());
        Assert.Equal(1500m, contoso.GetProperty("arc_aging_61_90").GetDecimal());
        Assert.Equal(0m, contoso.GetProperty("arc_aging_current").GetDecimal());
        Assert.Equal(75, contoso.GetProperty("arc_oldestoverduedays").GetInt32());
        Assert.Equal("Jane Doe", contoso.GetProperty("arc_collectorname").GetString());
        Assert.Contains("Jane Doe", contoso.GetProperty("arc_holdmessage").GetString(), StringComparison.Ordinal);
        Assert.Equal("2026-11-22T00:00:00Z", contoso.GetProperty("arc_lastevaluatedon").GetString());
        Assert.False(contoso.TryGetProperty("accountnumber", out _));

        var fabrikam = Columns(Assert.Single(commit.Outbox, i => i.Key == "C-2"));
        Assert.False(fabrikam.GetProperty("creditonhold").GetBoolean());
        Assert.Equal(JsonValueKind.Null, fabrikam.GetProperty("arc_holdmessage").ValueKind);
    }

    [Fact]
    public void Plan_NothingChangedSinceLastPush_QueuesNothing()
    {
        var ledger = Ledger(Invoice("I-1", "C-1", 75, 1500m));
        var first = AccountPlanner.Plan(Evaluate(ledger), PushBaseline.Empty, null, Now);
        var sent = new PushBaseline(first.Outbox.ToDictionary(i => i.Key, i => i.PayloadHash), []);

        var second = AccountPlanner.Plan(Evaluate(ledger), sent, null, Now);

        Assert.Empty(second.Outbox);
    }

    [Fact]
    public void Plan_PendingDifferentPayloadButDesiredEqualsLastSent_QueuesAgainToReplaceIt()
    {
        var ledger = Ledger(Invoice("I-1", "C-1", 75, 1500m));
        var first = AccountPlanner.Plan(Evaluate(ledger), PushBaseline.Empty, null, Now);
        var sentButPending = new PushBaseline(first.Outbox.ToDictionary(i => i.Key, i => i.PayloadHash), ["C-2"]);

        var second = AccountPlanner.Plan(Evaluate(ledger), sentButPending, null, Now);

        Assert.Equal("C-2", Assert.Single(second.Outbox).Key);
    }

    [Fact]
    public void Plan_HoldPlacedThenKept_AuditsAndStoresTheStateOnce()
    {
        var ledger = Ledger(Invoice("I-1", "C-1", 75, 1500m));
        var first = AccountPlanner.Plan(Evaluate(ledger), PushBaseline.Empty, null, Now);
        var placed = Assert.Single(first.Audit);
        Assert.Equal(("hold.placed", "customer:C-1"), (placed.Action, placed.Subject));
        var status = Assert.Single(first.HoldStatuses);
        Assert.True(status.OnHold);

        var previous = ManualActionConversion.ToDomain(first.HoldStatuses);
        var second = AccountPlanner.Plan(Evaluate(ledger, previous: previous), PushBaseline.Empty, previous, Now);

        Assert.Empty(second.Audit);
        Assert.Empty(second.HoldStatuses);
    }

    [Fact]
    public void ToDomain_ManualHoldSetInDynamics_PutsAGoodCustomerOnHold()
    {
        var actions = ManualActionConversion.ToDomain(
            [new ManualAction(ManualActionKinds.Hold, "C-2", "dynamics:Ann Manager", ManualActionConversion.DynamicsHoldReason, AsOf, null)]);

        var commit = AccountPlanner.Plan(Evaluate(Ledger(), actions), PushBaseline.Empty, null, Now);

        Assert.True(Columns(Assert.Single(commit.Outbox, i => i.Key == "C-2")).GetProperty("creditonhold").GetBoolean());
    }

    [Fact]
    public void ToDomain_ReleaseWithReasonFromDynamics_LiftsTheHold()
    {
        var actions = ManualActionConversion.ToDomain(
            [new ManualAction(ManualActionKinds.Release, "C-1", "dynamics:Ann Manager", "paid by wire today", AsOf, AsOf.AddDays(7))]);

        var commit = AccountPlanner.Plan(Evaluate(Ledger(Invoice("I-1", "C-1", 75, 1500m)), actions), PushBaseline.Empty, null, Now);

        Assert.False(Columns(Assert.Single(commit.Outbox, i => i.Key == "C-1")).GetProperty("creditonhold").GetBoolean());
    }

    [Fact]
    public void PlanOpenItems_PaidItemSentBefore_BecomesPaidNotDropped()
    {
        var target = "dataverse:arc_openitem";
        var ids = new HashSet<string> { "C-1", "C-2" };
        var open = ItemPlanner.PlanOpenItems(Ledger(Invoice("I-1", "C-1", 10, 1500m)), AsOf, ids, PushBaseline.Empty);
        var item = Assert.Single(open.Outbox);
        Assert.Equal((target, "I-1"), (item.Target, item.Key));
        Assert.Equal(DataverseModel.Choices.ItemOpen, Columns(item).GetProperty("arc_status").GetInt32());
        Assert.Equal("/accounts(accountnumber='C-1')", Columns(item).GetProperty("arc_AccountId@odata.bind").GetString());
        Assert.Equal(10, Columns(item).GetProperty("arc_dayspastdue").GetInt32());

        var sent = new PushBaseline(new Dictionary<string, UInt128> { ["I-1"] = item.PayloadHash }, []);
        var paid = ItemPlanner.PlanOpenItems(Ledger(Invoice("I-1", "C-1", 10, 0m, ItemStatus.Paid)), AsOf, ids, sent);

        var columns = Columns(Assert.Single(paid.Outbox));
        Assert.Equal(DataverseModel.Choices.ItemPaid, columns.GetProperty("arc_status").GetInt32());
        Assert.Equal(0m, columns.GetProperty("arc_openamount").GetDecimal());
    }

    [Fact]
    public void Plan_CustomerHeldSinceAnEarlierRun_PushesTheDayTheHoldBeganAndNothingWhenNotHeld()
    {
        var ledger = Ledger(Invoice("I-1", "C-1", 75, 1500m));
        var previous = new Dictionary<string, HoldStatus> { ["C-1"] = new("C-1", true, ["OVERDUE_60"], AsOf.AddDays(-9)) };

        var commit = AccountPlanner.Plan(Evaluate(ledger, previous: previous), PushBaseline.Empty, null, Now);

        Assert.Equal("2026-11-13", Columns(Assert.Single(commit.Outbox, i => i.Key == "C-1")).GetProperty("arc_heldsince").GetString());
        Assert.Equal(JsonValueKind.Null, Columns(Assert.Single(commit.Outbox, i => i.Key == "C-2")).GetProperty("arc_heldsince").ValueKind);
    }

    [Theory]
    [InlineData(-5, 472_000_000)]
    [InlineData(0, 472_000_000)]
    [InlineData(1, 472_000_001)]
    [InlineData(45, 472_000_002)]
    [InlineData(75, 472_000_003)]
    [InlineData(120, 472_000_004)]
    [InlineData(121, 472_000_005)]
    public void PlanOpenItems_OpenItem_CarriesTheAgingBucketOfItsDaysPastDue(int daysOverdue, int bucket)
    {
        var planned = ItemPlanner.PlanOpenItems(Ledger(Invoice("I-1", "C-1", daysOverdue, 1500m)), AsOf, new HashSet<string> { "C-1" }, PushBaseline.Empty);

        Assert.Equal(bucket, Columns(Assert.Single(planned.Outbox)).GetProperty("arc_agingbucket").GetInt32());
    }

    [Fact]
    public void PlanOpenItems_PaidItem_HasNoAgingBucket()
    {
        var ids = new HashSet<string> { "C-1" };
        var open = ItemPlanner.PlanOpenItems(Ledger(Invoice("I-1", "C-1", 10, 1500m)), AsOf, ids, PushBaseline.Empty);
        var baseline = new PushBaseline(new Dictionary<string, UInt128> { ["I-1"] = open.Outbox[0].PayloadHash }, []);

        var paid = ItemPlanner.PlanOpenItems(Ledger(Invoice("I-1", "C-1", 10, 0m, ItemStatus.Paid)), AsOf, ids, baseline);

        Assert.Equal(JsonValueKind.Null, Columns(Assert.Single(paid.Outbox)).GetProperty("arc_agingbucket").ValueKind);
    }

    [Fact]
    public void PlanOpenItems_PaidItemNeverSent_IsNotPushed()
    {
        var ids = new HashSet<string> { "C-1" };

        var planned = ItemPlanner.PlanOpenItems(Ledger(Invoice("I-9", "C-1", 10, 0m, ItemStatus.Paid)), AsOf, ids, PushBaseline.Empty);

        Assert.Empty(planned.Outbox);
        Assert.Equal(0, planned.Deferred);
    }

    [Fact]
    public void PlanOpenItems_AccountNotAcceptedByDataverseYet_DefersItsItems()
    {
        var planned = ItemPlanner.PlanOpenItems(Ledger(Invoice("I-1", "C-1", 10, 1500m)), AsOf, new HashSet<string>(), PushBaseline.Empty);

        Assert.Empty(planned.Outbox);
        Assert.Equal(1, planned.Deferred);
    }
}
