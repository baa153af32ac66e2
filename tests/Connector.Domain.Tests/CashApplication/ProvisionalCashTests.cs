using Connector.Domain.CashApplication;
using Connector.Domain.Credit;
using Connector.Domain.Evaluation;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.CashApplication;

public sealed class ProvisionalCashTests
{
    [Fact]
    public void Apply_AwaitingLine_LowersTheInvoiceAndRaisesThePayment()
    {
        var ledger = A.Ledger([A.Customer("C1")], [A.Invoice("INV-1", 1000m, 70)], [A.Payment("P1", 1000m, customerId: null)]);

        var counted = ProvisionalCash.Apply(ledger, [new AppliedCash("P1", "INV-1", "C1", 1000m, 1000m, OnInvoice: true, OnPayment: true)]);

        Assert.Empty(counted.Find("C1")!.OpenItems);
        var payment = Assert.Single(counted.Find("C1")!.Payments);
        Assert.Equal(0m, payment.UnappliedAmount);
        Assert.Empty(counted.UnassignedPayments);
    }

    [Fact]
    public void Apply_PaidOverdueInvoice_LiftsTheOverdueHoldInTheSameEvaluation()
    {
        var ledger = A.Ledger([A.Customer("C1", limit: 50_000m)], [A.Invoice("INV-1", 1000m, 70), A.Invoice("INV-2", 500m, 0)], [A.Payment("P1", 1000m)]);
        var policies = new EvaluationPolicies();

        var before = PortfolioEvaluator.Evaluate(ledger, policies, A.AsOf, ManualActions.None);
        var after = PortfolioEvaluator.Evaluate(
            ProvisionalCash.Apply(ledger, [new AppliedCash("P1", "INV-1", "C1", 1000m, 1000m, true, true)]), policies, A.AsOf, ManualActions.None);

        Assert.True(before.Credit.Find("C1")!.Hold.OnHold);
        Assert.False(after.Credit.Find("C1")!.Hold.OnHold);
        Assert.Equal(500m, after.Credit.Find("C1")!.Exposure.OpenAr);
    }

    [Fact]
    public void Apply_ConfirmedBankLine_KeepsThePaymentAppliedAndLeavesTheInvoiceToTheErp()
    {
        // The ERP now shows INV-1 paid (open 0, its own payment record); the bank entry must not count as unapplied cash again.
        var ledger = A.Ledger([A.Customer("C1")], [A.Invoice("INV-1", 1000m) with { OpenAmount = 0m }, A.Invoice("INV-2", 300m)], [A.Payment("BANK-1", 1000m)]);

        var counted = ProvisionalCash.Apply(ledger, [new AppliedCash("BANK-1", "INV-1", "C1", 1000m, 0m, OnInvoice: false, OnPayment: true)]);

        Assert.Equal(0m, Assert.Single(counted.Find("C1")!.Payments).UnappliedAmount);
        Assert.Equal(300m, Assert.Single(counted.Find("C1")!.OpenItems).OpenAmount);
    }

    [Fact]
    public void Apply_MoreThanIsOpen_NeverGoesBelowNothingOpen()
    {
        var ledger = A.Ledger([A.Customer("C1")], [A.Invoice("INV-1", 1000m) with { OpenAmount = 200m }], [A.Payment("P1", 1000m)]);

        var counted = ProvisionalCash.Apply(ledger, [new AppliedCash("P1", "INV-1", "C1", 1000m, 1000m, true, true)]);

        Assert.Empty(counted.Find("C1")!.OpenItems);
        Assert.Equal(0m, counted.Find("C1")!.Invoices[0].OpenAmount);
    }

    [Fact]
    public void Apply_NothingToCount_ReturnsTheSameLedger()
    {
        var ledger = A.Ledger([A.Customer("C1")], [A.Invoice("INV-1", 1000m)]);

        Assert.Same(ledger, ProvisionalCash.Apply(ledger, []));
    }
}
