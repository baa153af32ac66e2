using Connector.Domain.Credit;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Credit;

public sealed class CreditEvaluatorTests
{
    [Fact]
    public void Evaluate_TwoRuns_PlacesThenReleasesAutomaticallyWhenPaid()
    {
        var overdue = A.Ledger(
            [A.Customer("C1"), A.Customer("C2")],
            invoices: [A.Invoice("I1", 800m, 70, "C1"), A.Invoice("I2", 800m, 10, "C2")],
            collectors: [CreditSetup.Collector()]);
        var paid = A.Ledger([A.Customer("C1"), A.Customer("C2")], invoices: [A.Invoice("I2", 800m, 10, "C2")]);
        var policy = new CreditPolicy();

        var first = CreditEvaluator.Evaluate(overdue, CreditSetup.Rates(overdue), policy);
        var second = CreditEvaluator.Evaluate(paid, CreditSetup.Rates(paid), policy, previous: first.Statuses());

        Assert.Equal(["C1"], first.OnHold.Select(s => s.CustomerId));
        Assert.Equal(HoldTransitionKind.Placed, Assert.Single(first.Transitions).Kind);
        Assert.Equal(800m, first.Find("C1")!.Exposure.Total);
        Assert.Equal(HoldTransitionKind.ReleasedAutomatically, Assert.Single(second.Transitions).Kind);
        Assert.Empty(second.OnHold);
    }

    [Fact]
    public void Evaluate_Snapshot_CarriesHoldTextAndAvailableCredit()
    {
        var ledger = A.Ledger(
            [A.Customer(limit: 10_000m) with { Name = "Contoso Ltd", CollectorId = "COL-1" }],
            invoices: [A.Invoice("I1", 4_000m)],
            collectors: [CreditSetup.Collector()]);

        var snapshot = CreditEvaluator.Evaluate(ledger, CreditSetup.Rates(ledger), new CreditPolicy()).Find("C1")!;

        Assert.Equal(6_000m, snapshot.AvailableCredit);
        Assert.Equal("", snapshot.HoldMessage);
        Assert.Equal("Jane Doe", snapshot.Collector.Name);
    }

    [Fact]
    public void Evaluate_EveryRuleFiresWithTwoGroupLevels_ListsEveryReason()
    {
        // C1 (limit 1,000) under parent P (limit 1,500) under grandparent G (limit 2,000), 2,500 overdue 90 days,
        // a broken promise and a manual hold: MANUAL, OVERDUE_AGE, OVERDUE_SHARE, BROKEN_PROMISE and three OVER_LIMIT
        // (own, parent's group, grandparent's group) — more reasons than one customer usually has.
        var ledger = A.Ledger(
            [
                A.Customer("G", limit: 2_000m),
                A.Customer("P", limit: 1_500m) with { ParentId = "G" },
                A.Customer("C1", limit: 1_000m) with { ParentId = "P", ManualHold = true },
            ],
            invoices: [A.Invoice("I1", 2_500m, 90, "C1")],
            promises: [A.Promise(2_500m, promisedDaysAgo: 20, dueInDays: -10, customerId: "C1")]);
        var policy = new CreditPolicy { OverdueShareEnabled = true };

        var hold = CreditEvaluator.Evaluate(ledger, CreditSetup.Rates(ledger), policy).Find("C1")!.Hold;

        Assert.True(hold.OnHold);
        Assert.Equal(7, hold.Reasons.Count);
        Assert.Equal(3, hold.Reasons.Count(r => r.Code == CreditCodes.OverLimit));
        Assert.Contains(CreditCodes.Manual, hold.Codes);
        Assert.Contains(CreditCodes.BrokenPromise, hold.Codes);
        Assert.Contains(CreditCodes.OverdueShare, hold.Codes);
    }
}
