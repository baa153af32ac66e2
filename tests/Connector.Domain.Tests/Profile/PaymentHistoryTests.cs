using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Profile;
using Connector.Domain.Tests.Builders;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Connector.Domain.Tests.Builders.Sales;

namespace Connector.Domain.Tests.Profile;

public sealed class PaymentHistoryTests
{
    private static CustomerPaymentHistory Build(ArLedger ledger) =>
        PaymentHistory.Build(ledger.Accounts[0], new CurrencyConverter("USD", ledger.Rates).At(A.AsOf));

    [Fact]
    public void Build_PaymentsInDateOrder_FillOldestDueInvoiceFirst()
    {
        // I1 1,000 due 31 Jan; I2 500 due 31 Mar. P1 700 on 10 Feb → I1; P2 800 on 20 Mar → 300 to I1, 500 to I2.
        var ledger = A.Ledger([A.Customer()],
            [Paid("I2", 500m, D(2026, 3, 1)), Paid("I1", 1_000m, D(2026, 1, 1))],
            [Payment("P2", 800m, D(2026, 3, 20)), Payment("P1", 700m, D(2026, 2, 10))]);

        var history = Build(ledger);

        Assert.Equal(["I1", "I2"], history.Invoices.Select(h => h.Invoice.Id));
        var i1 = history.Invoices[0];
        Assert.Equal(
            [new PaidPart(D(2026, 2, 10), 700m, SettlementKind.Payment, "P1"), new PaidPart(D(2026, 3, 20), 300m, SettlementKind.Payment, "P2")],
            i1.Parts);
        Assert.Equal(D(2026, 3, 20), i1.PaidOn);
        Assert.True(i1.IsLate);
        var i2 = history.Invoices[1];
        Assert.Equal([new PaidPart(D(2026, 3, 20), 500m, SettlementKind.Payment, "P2")], i2.Parts);
        Assert.False(i2.IsLate);
        Assert.Equal(0m, history.Unallocated);
        Assert.Equal(0m, history.Undated);
    }

    [Fact]
    public void Build_OldestInvoiceStillOpen_PaymentGoesToTheSettledOne()
    {
        // I1 (oldest, disputed, fully open) receives nothing: the ledger says it is unpaid.
        var ledger = A.Ledger([A.Customer()],
            [Invoice("I1", 1_000m, D(2026, 1, 1)) with { Disputed = true }, Paid("I2", 500m, D(2026, 2, 1))],
            [Payment("P1", 500m, D(2026, 3, 1))]);

        var history = Build(ledger);

        Assert.Empty(history.Invoices[0].Parts);
        Assert.Null(history.Invoices[0].PaidOn);
        Assert.Equal(D(2026, 3, 1), history.Invoices[1].PaidOn);
    }

    [Fact]
    public void Build_PartlyPaidInvoice_ReceivesOnlyItsSettledPart()
    {
        // I1 1,000 with 400 open: 600 settled. P1 1,000 → 600 to I1, 400 to I2.
        var ledger = A.Ledger([A.Customer()],
            [Invoice("I1", 1_000m, D(2026, 1, 1), open: 400m), Paid("I2", 400m, D(2026, 1, 15))],
            [Payment("P1", 1_000m, D(2026, 2, 20))]);

        var history = Build(ledger);

        Assert.Equal(600m, history.Invoices[0].Parts.Sum(p => p.Amount));
        Assert.Null(history.Invoices[0].PaidOn);
        Assert.Equal(400m, history.Invoices[1].Parts.Sum(p => p.Amount));
        Assert.Equal(D(2026, 2, 20), history.Invoices[1].PaidOn);
    }

    [Fact]
    public void Build_PaymentBeforeInvoice_IsDatedOnTheInvoiceDate()
    {
        var ledger = A.Ledger([A.Customer()], [Paid("I1", 300m, D(2026, 4, 10))], [Payment("P1", 300m, D(2026, 4, 1))]);

        Assert.Equal(D(2026, 4, 10), Build(ledger).Invoices[0].PaidOn);
    }

    [Fact]
    public void Build_CreditMemoApplied_SettlesOnItsDateAsNonCash()
    {
        // I1 1,000 paid by a 200 credit memo (1 Feb) and 800 cash (15 Feb).
        var ledger = A.Ledger([A.Customer()],
            [Paid("I1", 1_000m, D(2026, 1, 1)), Paid("CM1", -200m, D(2026, 2, 1)) with { Type = DocumentType.CreditMemo }],
            [Payment("P1", 800m, D(2026, 2, 15))]);

        var history = Build(ledger);

        Assert.Equal(
            [new PaidPart(D(2026, 2, 1), 200m, SettlementKind.CreditMemo, "CM1"), new PaidPart(D(2026, 2, 15), 800m, SettlementKind.Payment, "P1")],
            history.Invoices[0].Parts);
        Assert.Single(history.CreditMemos);
    }

    [Fact]
    public void Build_PaidInvoiceWithoutPaymentOnRecord_IsUndatedNotPaid()
    {
        var ledger = A.Ledger([A.Customer()], [Paid("I1", 1_000m, D(2026, 1, 1))], [Payment("P1", 250m, D(2026, 1, 20))]);

        var history = Build(ledger);

        Assert.Equal(750m, history.Invoices[0].Undated);
        Assert.Equal(750m, history.Undated);
        Assert.Null(history.Invoices[0].PaidOn);
    }

    [Fact]
    public void OpenAt_PastDates_AddsInvoicesAndSubtractsCashReceivedByThen()
    {
        // I1 1,000 (1 Jan) paid 10 Feb; I2 500 (1 Mar) open. 31 Jan: 1,000; 10 Feb: 0; 1 Mar: 500.
        var ledger = A.Ledger([A.Customer()],
            [Paid("I1", 1_000m, D(2026, 1, 1)), Invoice("I2", 500m, D(2026, 3, 1))],
            [Payment("P1", 1_000m, D(2026, 2, 10))]);

        var history = Build(ledger);

        Assert.Equal(0m, history.OpenAt(D(2025, 12, 31)));
        Assert.Equal(1_000m, history.OpenAt(D(2026, 1, 31)));
        Assert.Equal(0m, history.OpenAt(D(2026, 2, 10)));
        Assert.Equal(500m, history.OpenAt(D(2026, 3, 1)));
    }

    [Fact]
    public void Build_MissingRate_IsNotEvaluableWithReason()
    {
        var ledger = A.Ledger([A.Customer("C1", "EUR")], [Paid("I1", 100m, D(2026, 1, 1))]);

        var history = Build(ledger);

        Assert.False(history.IsEvaluable);
        Assert.StartsWith("customer C1: no EUR rate", history.NotEvaluableReason, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public Property Build_AnyHistory_AllocatesEverySettlementOnceAndNoInvoiceBeyondItsSettledPart(NonEmptyArray<PositiveInt> invoiceCents, NonEmptyArray<PositiveInt> paymentCents)
    {
        var start = D(2025, 1, 1);
        var invoices = invoiceCents.Get.Select((c, i) => Paid($"I{i}", c.Get % 100_000 / 100m + 1m, start.AddDays(i * 7 % 200))).ToList();
        var payments = paymentCents.Get.Select((c, i) => Payment($"P{i}", c.Get % 100_000 / 100m + 1m, start.AddDays(i * 11 % 300))).ToList();
        var history = Build(A.Ledger([A.Customer()], invoices, payments));

        var allocated = history.Invoices.Sum(h => h.Parts.Sum(p => p.Amount));
        var cash = payments.Sum(p => p.AppliedAmount);
        var eachWithin = history.Invoices.All(h => h.Parts.Sum(p => p.Amount) + h.Undated == h.Settled && h.Undated >= 0m);
        var datesValid = history.Invoices.All(h => h.Parts.All(p => p.Date >= h.Invoice.DocumentDate));
        return (allocated + history.Unallocated == cash && eachWithin && datesValid).ToProperty();
    }
}
