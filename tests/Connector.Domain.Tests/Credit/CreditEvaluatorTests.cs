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
}
