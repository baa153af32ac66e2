using System.Text.Json;
using Connector.Domain.Credit;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Sync.Ports;
using Connector.Sync.Push;
using Connector.Sync.Writeback;

namespace Connector.Sync.Tests.Writeback;

public sealed class ErpWritebackPlannerTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 22);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly Order[] Orders =
    [
        Order("SO-1", "C-1", 400m),
        Order("SO-2", "C-2", 900m),
        Order("SO-3", "C-1", 250m) with { Source = OrderSource.Dataverse },
        Order("SO-4", "C-2", 300m) with { Status = OrderStatus.Invoiced },
        Order("SO-5", "C-9", 100m),
    ];

    private static Order Order(string id, string customer, decimal uninvoiced) =>
        new() { Id = id, CustomerId = customer, Amount = uninvoiced, UninvoicedAmount = uninvoiced, Currency = "USD" };

    /// <summary>C-1 owes an invoice 75 days past due (held by OVERDUE_AGE) unless <paramref name="paid"/>; C-2 is in good standing.</summary>
    private static PortfolioEvaluation Evaluate(bool paid = false, DateOnly? asOf = null) => PortfolioEvaluator.Evaluate(
        new ArLedger(
            [
                new Customer { Id = "C-1", Name = "Contoso Ltd", Currency = "USD", CreditLimit = 5000m, CollectorId = "COL1" },
                new Customer { Id = "C-2", Name = "Fabrikam Inc", Currency = "USD", CreditLimit = 5000m, CollectorId = "COL1" },
            ],
            [
                new Invoice
                {
                    Id = "I-1", CustomerId = "C-1", Currency = "USD", DocumentDate = AsOf.AddDays(-105), DueDate = AsOf.AddDays(-75),
                    Amount = 1500m, OpenAmount = paid ? 0m : 1500m, Status = paid ? ItemStatus.Paid : ItemStatus.Open,
                },
            ],
            orders: Orders,
            collectors: [new Collector { Id = "COL1", Name = "Jane Doe", Email = "jane@example.com" }]),
        new EvaluationPolicies(),
        asOf ?? AsOf);

    private static ErpWritebackPlan Plan(PortfolioEvaluation evaluation, ErpWritebackPlan? before = null, ManualActions? actions = null) =>
        ErpWritebackPlanner.Plan(evaluation, Orders, new CreditPolicy(), actions, Sent(before, "erp:hold"), Sent(before, "erp:order-credit"));

    /// <summary>The baseline after <paramref name="before"/>'s rows were all written.</summary>
    private static PushBaseline Sent(ErpWritebackPlan? before, string target) => before is null
        ? PushBaseline.Empty
        : new PushBaseline(before.Outbox.Where(i => i.Target == target).ToDictionary(i => i.Key, i => i.PayloadHash), []);

    private static CustomerHoldRow Hold(ErpWritebackPlan plan, string customer) =>
        JsonSerializer.Deserialize<CustomerHoldRow>(Assert.Single(plan.Outbox, i => i.Target == "erp:hold" && i.Key == customer).Payload, Web)!;

    private static OrderCreditRow OrderRow(ErpWritebackPlan plan, string order) =>
        JsonSerializer.Deserialize<OrderCreditRow>(Assert.Single(plan.Outbox, i => i.Target == "erp:order-credit" && i.Key == order).Payload, Web)!;

    [Fact]
    public void Plan_HeldCustomersErpOrder_HeldWithTheSentenceAndFigures()
    {
        var plan = Plan(Evaluate());

        var held = OrderRow(plan, "SO-1");
        Assert.Equal((OrderCreditDecisions.Held, "C-1", "ON_HOLD;OVERDUE_AGE"), (held.Decision, held.CustomerId, held.ReasonCodes));
        Assert.Equal(
            "Order blocked: Contoso Ltd is on credit hold — 1 invoice more than 60 days overdue (1,500.00 USD). Contact Jane Doe (Collections) to request a release.",
            held.Message);
        Assert.Equal(("USD", 400m, 2150m, 5000m, AsOf), (held.Currency, held.OrderAmount, held.Exposure, held.CreditLimit, held.AsOf)); // exposure: 1,500 open + SO-1 + SO-3 (from Dynamics)

        var good = OrderRow(plan, "SO-2");
        Assert.Equal((OrderCreditDecisions.Approved, ""), (good.Decision, good.ReasonCodes));
        Assert.StartsWith("Order allowed: exposure after this order 900.00 USD of a 5,000.00 USD limit", good.Message, StringComparison.Ordinal);

        var hold = Hold(plan, "C-1");
        Assert.Equal((true, "OVERDUE_AGE", AsOf), (hold.OnHold, hold.HoldCodes, hold.AsOf));
        Assert.Equal("Contoso Ltd is on credit hold — 1 invoice more than 60 days overdue (1,500.00 USD). Contact Jane Doe (Collections) to request a release.", hold.HoldMessage);
        Assert.Equal((false, "", ""), (Hold(plan, "C-2").OnHold, Hold(plan, "C-2").HoldCodes, Hold(plan, "C-2").HoldMessage));
    }

    [Fact]
    public void Plan_OrdersNotOpenFromTheErp_NotWrittenBackAndUnknownCustomerCounted()
    {
        var plan = Plan(Evaluate());

        // SO-3 came from Dynamics (it has its own status there), SO-4 is invoiced, SO-5 names a customer the ledger lacks.
        Assert.Equal(["SO-1", "SO-2"], plan.Outbox.Where(i => i.Target == "erp:order-credit").Select(i => i.Key).Order(StringComparer.Ordinal));
        Assert.Equal((2, 1), (plan.OrdersChecked, plan.UnknownCustomerOrders));
    }

    [Fact]
    public void Plan_OneOrderOverrideInForce_ApprovedAsDynamicsShowsIt()
    {
        var actions = new ManualActions(overrides: [new OrderOverride { OrderId = "SO-1", CustomerId = "C-1", By = "Ann Lee", Reason = "prepaid" }]);

        var row = OrderRow(Plan(Evaluate(), actions: actions), "SO-1");

        Assert.Equal((OrderCreditDecisions.Approved, "ON_HOLD;OVERDUE_AGE"), (row.Decision, row.ReasonCodes));
        Assert.StartsWith("Order allowed by override of Ann Lee (prepaid): Contoso Ltd is on credit hold", row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_NothingChangedSinceLastWritebackOnALaterDay_QueuesNothing()
    {
        var first = Plan(Evaluate());

        var second = Plan(Evaluate(asOf: AsOf.AddDays(1)), before: first);

        Assert.Empty(second.Outbox);
        Assert.Equal(4, first.Outbox.Count);
    }

    [Fact]
    public void Plan_HoldEndsAfterPayment_QueuesCustomerNotOnHoldAndItsOrderApproved()
    {
        var first = Plan(Evaluate());

        var second = Plan(Evaluate(paid: true), before: first);

        var hold = Hold(second, "C-1");
        Assert.Equal((false, "", ""), (hold.OnHold, hold.HoldCodes, hold.HoldMessage));
        Assert.Equal(OrderCreditDecisions.Approved, OrderRow(second, "SO-1").Decision);
        Assert.Equal(["C-1", "SO-1"], second.Outbox.Select(i => i.Key).Order(StringComparer.Ordinal));
    }
}
