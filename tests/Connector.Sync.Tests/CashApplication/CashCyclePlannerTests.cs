using Connector.Domain.CashApplication;
using Connector.Domain.Ledger;
using Connector.Sync.CashApplication;
using Connector.Sync.Ports;

namespace Connector.Sync.Tests.CashApplication;

public sealed class CashCyclePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 17, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Plan_BankPaymentMatchedByReference_AcceptedAndCountedBeforeTheErpKnows()
    {
        var ledger = Ledger(open: 1000m, bankApplied: 0m);

        var plan = CashCyclePlanner.Plan(ledger, [], CashBench.AutoAccepting, Now);

        var match = Assert.Single(plan.Commit.NewMatches);
        Assert.Equal((CashMatchStatuses.Accepted, "bank", "CAMT-REF-1"), (match.Status, match.Source, match.BankReference));
        var counted = Assert.Single(plan.Counted);
        Assert.Equal(("INV-1", 1000m, true), (counted.InvoiceId, counted.InvoiceAmount, counted.OnInvoice));
        Assert.Equal("BANK-1|INV-1|1|apply", Assert.Single(plan.Commit.Outbox).Key);
        Assert.Equal("cash.auto-accept", Assert.Single(plan.Commit.Audit).Action);
    }

    [Fact]
    public void Plan_ErpExportNowShowsTheInvoicePaid_ConfirmsAndCountsTheInvoiceOnce()
    {
        var stored = Stored(Ledger(open: 1000m, bankApplied: 0m));

        // The ERP booked the cash with its own payment record: the invoice is closed in its export.
        var plan = CashCyclePlanner.Plan(Ledger(open: 0m, bankApplied: 0m), stored, CashBench.AutoAccepting, Now);

        Assert.Equal(1, plan.Report.Confirmed);
        Assert.Equal(CashLineKinds.Confirmed, Assert.Single(plan.Commit.Updates).LineStates.Values.Single());
        var counted = Assert.Single(plan.Counted);
        Assert.Equal((false, true), (counted.OnInvoice, counted.OnPayment));
        Assert.Empty(plan.Commit.NewMatches);
    }

    [Fact]
    public void Plan_ErpTookADifferentAmountOff_BackToAPersonAndNothingCounted()
    {
        var stored = Stored(Ledger(open: 1000m, bankApplied: 0m));

        var plan = CashCyclePlanner.Plan(Ledger(open: 400m, bankApplied: 0m), stored, CashBench.AutoAccepting, Now);

        Assert.Equal(1, plan.Report.Disagreed);
        var update = Assert.Single(plan.Commit.Updates);
        Assert.Equal((CashMatchStatuses.Open, "erp_disagrees"), (update.Status, update.Reason));
        Assert.Equal("The ERP took 600.00 USD off INV-1, the application 1,000.00 USD (400.00 USD still open).", update.Explanation);
        Assert.Empty(plan.Counted);
        Assert.Equal("cash.erp-disagrees", Assert.Single(plan.Commit.Audit).Action);
    }

    [Fact]
    public void Plan_QueuedErpPaymentTheErpAppliedItself_SettledWithoutAPerson()
    {
        var ledger = new ArLedger(
            [new Customer { Id = "C1", Name = "Acme", Currency = "USD" }],
            [Invoice(500m, "INV-1"), Invoice(500m, "INV-2")],
            [new Payment { Id = "PAY-1", CustomerId = "C1", Amount = 500m, Currency = "USD", Date = new DateOnly(2026, 11, 15) }]);
        var first = CashCyclePlanner.Plan(ledger, [], CashBench.AutoAccepting, Now);
        var queued = Assert.Single(first.Commit.NewMatches) with { Id = 1 };
        Assert.Equal("amount_tie", queued.Reason);
        var applied = new ArLedger(
            [new Customer { Id = "C1", Name = "Acme", Currency = "USD" }],
            [Invoice(0m, "INV-1"), Invoice(500m, "INV-2")],
            [new Payment { Id = "PAY-1", CustomerId = "C1", Amount = 500m, AppliedAmount = 500m, Currency = "USD", Date = new DateOnly(2026, 11, 15) }]);

        var plan = CashCyclePlanner.Plan(applied, [queued], CashBench.AutoAccepting, Now);

        Assert.Equal(1, plan.Report.SettledInErp);
        Assert.Equal(CashMatchStatuses.SettledInErp, Assert.Single(plan.Commit.Updates).Status);
        Assert.Equal(0, plan.Report.OpenExceptions);
    }

    /// <summary>What the store holds after the first cycle accepted BANK-1 → INV-1 (ids as the store gives them).</summary>
    private static List<StoredCashMatch> Stored(ArLedger ledger)
    {
        var match = Assert.Single(CashCyclePlanner.Plan(ledger, [], CashBench.AutoAccepting, Now.AddDays(-1)).Commit.NewMatches);
        return [match with { Id = 1, Lines = [.. match.Lines.Select((l, i) => l with { Id = i + 1 })] }];
    }

    private static ArLedger Ledger(decimal open, decimal bankApplied) => new(
        [new Customer { Id = "C1", Name = "Acme", Currency = "USD" }],
        [Invoice(open, "INV-1"), Invoice(250m, "INV-2")],
        [
            new Payment
            {
                Id = "BANK-1", CustomerId = "C1", Amount = 1000m, AppliedAmount = bankApplied, Currency = "USD", Date = new DateOnly(2026, 11, 15),
                Reference = "INV-1", Source = PaymentSource.BankStatement, BankReference = "CAMT-REF-1",
            },
        ]);

    private static Invoice Invoice(decimal open, string id) => new()
    {
        Id = id,
        CustomerId = "C1",
        Amount = open == 0m ? 1000m : Math.Max(open, 500m),
        OpenAmount = open,
        Currency = "USD",
        DocumentDate = new DateOnly(2026, 9, 1),
        DueDate = new DateOnly(2026, 10, 1),
        Status = open == 0m ? ItemStatus.Paid : ItemStatus.Open,
    };
}
