using Connector.Domain.CashApplication;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.CashApplication;

public sealed class CashApplicatorTests
{
    // ---------- Rule 2: reference ----------

    [Fact]
    public void Apply_ReferenceEqualsOpenAmount_AppliesWithHighConfidence()
    {
        var result = Cash.Run([Cash.Inv(123, 1000m), Cash.Inv(124, 1000m)], A.Payment("P1", 1000m, reference: "Payment INV-000123 thank you"));

        var application = Assert.Single(result.Applications);
        Assert.Equal(("P1", "INV-000123", 1000m), (application.PaymentId, application.InvoiceId, application.Amount));
        Assert.Equal(MatchMethod.Reference, application.Method);
        Assert.Equal(MatchConfidence.High, application.Confidence);
        Assert.Contains("names INV-000123", application.Explanation, StringComparison.Ordinal);
        Assert.Empty(result.Exceptions);
    }

    [Theory]
    [InlineData("inv 123")]
    [InlineData("INV000123")]
    [InlineData("000123")]
    [InlineData("Inv. No. 123")]
    [InlineData("IVN-000123")] // a mistyped prefix is ignored: only the digits count
    [InlineData("invoice #123")]
    public void Apply_ReferenceWithOtherCaseZerosOrPrefix_MatchesTheInvoice(string text)
    {
        // Both invoices have the payment's amount: only the reference can decide.
        var result = Cash.Run([Cash.Inv(123, 1000m), Cash.Inv(124, 1000m)], A.Payment("P1", 1000m, reference: text));

        var application = Assert.Single(result.Applications);
        Assert.Equal("INV-000123", application.InvoiceId);
        Assert.Equal(MatchMethod.Reference, application.Method);
    }

    [Fact]
    public void Apply_BareNumberOfTheCustomersInvoice_CountsAsReference()
    {
        var result = Cash.Run([Cash.Inv(123, 1000m), Cash.Inv(124, 1000m)], A.Payment("P1", 1000m, reference: "123"));

        Assert.Equal("INV-000123", Assert.Single(result.Applications).InvoiceId);
    }

    [Fact]
    public void Apply_SeveralNumbersSummingToPayment_AppliesAll()
    {
        var result = Cash.Run(
            [Cash.Inv(123, 1000m, 40), Cash.Inv(124, 500m, 10), Cash.Inv(125, 1500m)],
            A.Payment("P1", 1500m, reference: "INV-000123, INV-000124"));

        Assert.Equal(
            [("INV-000123", 1000m), ("INV-000124", 500m)],
            result.Applications.Select(a => (a.InvoiceId, a.Amount)));
        Assert.All(result.Applications, a => Assert.Equal(MatchMethod.Reference, a.Method));
        Assert.Equal(0m, Assert.Single(result.Payments).Unapplied);
    }

    [Fact]
    public void Apply_ReferencePaymentLess_AppliesOldestFirstAndLastPartially()
    {
        // 1,500.00 named, 1,200.00 paid: 300.00 short is far beyond tolerance.
        var result = Cash.Run(
            [Cash.Inv(124, 500m, 10), Cash.Inv(123, 1000m, 40)],
            A.Payment("P1", 1200m, reference: "inv 124 + inv 123"));

        Assert.Equal(
            [("INV-000123", 1000m), ("INV-000124", 200m)],
            result.Applications.Select(a => (a.InvoiceId, a.Amount)));
        Assert.Contains("leaving 300.00 USD of it open", result.Applications[1].Explanation, StringComparison.Ordinal);
        Assert.Empty(result.WriteOffs);
        Assert.Equal(PaymentStatus.Applied, Assert.Single(result.Payments).Status);
    }

    [Fact]
    public void Apply_ReferencePaymentMore_AppliesAllAndRestStaysUnapplied()
    {
        var result = Cash.Run([Cash.Inv(123, 1000m), Cash.Inv(124, 500m)], A.Payment("P1", 1600m, reference: "INV-000123 INV-000124"));

        Assert.Equal(1500m, result.Applications.Sum(a => a.Amount));
        var outcome = Assert.Single(result.Payments);
        Assert.Equal((1500m, 100m, PaymentStatus.AppliedWithRemainder), (outcome.Applied, outcome.Unapplied, outcome.Status));
        Assert.Equal(100m, result.UnappliedTotal);
    }

    [Fact]
    public void Apply_NumberWithDashesInInvoiceId_MatchesWholeNumber()
    {
        var result = Cash.Run(
            [A.Invoice("INV-2026-0045", 800m), A.Invoice("INV-000045", 800m)],
            A.Payment("P1", 800m, reference: "RE: inv 2026-0045"));

        Assert.Equal("INV-2026-0045", Assert.Single(result.Applications).InvoiceId);
    }

    [Fact]
    public void Apply_AmountsAndDatesInText_AreNotTakenForInvoiceNumbers()
    {
        // Invoices numbered 30 and 1000 exist, but "1,000.00" is an amount and "2026-06-30" a date.
        var result = Cash.Run(
            [Cash.Inv(30, 500m), Cash.Inv(1000, 700m)],
            A.Payment("P1", 500m, reference: "paid 1,000.00 less credit on 2026-06-30"));

        var application = Assert.Single(result.Applications);
        Assert.Equal(("INV-000030", MatchMethod.ExactAmount), (application.InvoiceId, application.Method));
    }

    [Fact]
    public void Apply_SecondPaymentNamingSettledInvoice_GoesToExceptionQueue()
    {
        var result = Cash.Run(
            [Cash.Inv(123, 1000m), Cash.Inv(200, 1000m, 5)],
            A.Payment("P1", 1000m, reference: "INV-000123", daysAgo: 2),
            A.Payment("P2", 1000m, reference: "INV-000123", daysAgo: 1));

        Assert.Equal("P1", Assert.Single(result.Applications).PaymentId);
        var exception = Assert.Single(result.Exceptions);
        Assert.Equal(("P2", UnmatchedReason.ReferenceSettled), (exception.PaymentId, exception.Reason));
    }

    // ---------- Rule 3: exact amount ----------

    [Fact]
    public void Apply_OneInvoiceWithExactAmount_AppliesWithMediumConfidence()
    {
        var result = Cash.Run([Cash.Inv(1, 1000m), Cash.Inv(2, 750.25m)], A.Payment("P1", 750.25m));

        var application = Assert.Single(result.Applications);
        Assert.Equal(("INV-000002", MatchMethod.ExactAmount, MatchConfidence.Medium), (application.InvoiceId, application.Method, application.Confidence));
        Assert.Contains("only open invoice", application.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_TwoInvoicesWithExactAmount_GoesToExceptionWithBothCandidates()
    {
        var result = Cash.Run([Cash.Inv(1, 750m, 20), Cash.Inv(2, 750m, 5), Cash.Inv(3, 90m)], A.Payment("P1", 750m));

        Assert.Empty(result.Applications);
        var exception = Assert.Single(result.Exceptions);
        Assert.Equal(UnmatchedReason.AmountTie, exception.Reason);
        Assert.Equal(["INV-000001", "INV-000002"], exception.Candidates.Take(2).Select(c => c.InvoiceId).Order());
        Assert.Equal(750m, Assert.Single(result.Payments).Unapplied);
    }

    [Fact]
    public void Apply_ExactAmountRuleSwitchedOff_DoesNotApplyByAmount()
    {
        var policy = new CashApplicationPolicy { UseExactAmount = false };

        var result = Cash.Run([A.Customer("C1")], [Cash.Inv(1, 1000m), Cash.Inv(2, 750.25m)], [A.Payment("P1", 750.25m)], policy);

        Assert.Empty(result.Applications);
        Assert.Equal(UnmatchedReason.NoMatch, Assert.Single(result.Exceptions).Reason);
    }

    // ---------- Rule 4: combination ----------

    [Fact]
    public void Apply_UniqueCombination_AppliesEachInvoiceInFull()
    {
        // 650 = 250 + 400 and no other subset of {100, 250, 400, 1000}.
        var result = Cash.Run([Cash.Inv(1, 100m), Cash.Inv(2, 250m), Cash.Inv(3, 400m), Cash.Inv(4, 1000m)], A.Payment("P1", 650m));

        Assert.Equal(
            [("INV-000002", 250m), ("INV-000003", 400m)],
            result.Applications.Select(a => (a.InvoiceId, a.Amount)).Order());
        Assert.All(result.Applications, a => Assert.Equal((MatchMethod.Combination, MatchConfidence.Medium), (a.Method, a.Confidence)));
    }

    [Fact]
    public void Apply_TwoCombinations_GoesToExceptionNamingBoth()
    {
        // 500 = 100 + 400 = 200 + 300.
        var result = Cash.Run([Cash.Inv(1, 100m), Cash.Inv(2, 200m), Cash.Inv(3, 300m), Cash.Inv(4, 400m)], A.Payment("P1", 500m));

        Assert.Empty(result.Applications);
        var exception = Assert.Single(result.Exceptions);
        Assert.Equal(UnmatchedReason.CombinationAmbiguous, exception.Reason);
        Assert.Contains("More than one set", exception.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_CombinationLargerThanMaxSize_IsNotFound()
    {
        var policy = new CashApplicationPolicy { MaxCombinationSize = 2 };
        Invoice[] invoices = [Cash.Inv(1, 100m), Cash.Inv(2, 210m), Cash.Inv(3, 330m)];

        var limited = Cash.Run([A.Customer("C1")], invoices, [A.Payment("P1", 640m)], policy);
        var standard = Cash.Run([A.Customer("C1")], invoices, [A.Payment("P1", 640m)]);

        Assert.Empty(limited.Applications);
        Assert.Equal(3, standard.Applications.Count);
    }

    // ---------- Rule 5: tolerance ----------

    [Theory]
    [InlineData(400.00, 396.04, true)]   // 3.96 short = 0.99 %: inside
    [InlineData(400.00, 395.96, false)]  // 4.04 short = 1.01 %: outside (percent)
    [InlineData(1000.00, 995.01, true)]  // 4.99 short (0.499 %): inside
    [InlineData(1000.00, 994.99, false)] // 5.01 short: outside (amount)
    public void Apply_ShortPaymentByAmount_WithinToleranceOnlyAppliesInFull(double open, double paid, bool applied)
    {
        var (openAmount, paidAmount) = ((decimal)open, (decimal)paid);

        var result = Cash.Run([Cash.Inv(1, openAmount, 10), Cash.Inv(2, 80m)], A.Payment("P1", paidAmount));

        if (applied)
        {
            var application = Assert.Single(result.Applications);
            Assert.Equal((paidAmount, MatchMethod.Tolerance, MatchConfidence.Low), (application.Amount, application.Method, application.Confidence));
            var writeOff = Assert.Single(result.WriteOffs);
            Assert.Equal(("INV-000001", openAmount - paidAmount, "SHORT_PAY"), (writeOff.InvoiceId, writeOff.Amount, writeOff.ReasonCode));
        }
        else
        {
            Assert.Empty(result.Applications);
            Assert.Empty(result.WriteOffs);
            Assert.Equal(UnmatchedReason.NoMatch, Assert.Single(result.Exceptions).Reason);
        }
    }

    [Fact]
    public void Apply_ShortPaymentByReferenceWithinTolerance_AppliesInFullWithWriteOff()
    {
        var result = Cash.Run([Cash.Inv(123, 400m)], A.Payment("P1", 396.04m, reference: "INV-000123"));

        var application = Assert.Single(result.Applications);
        Assert.Equal((396.04m, MatchMethod.Tolerance, MatchConfidence.Low), (application.Amount, application.Method, application.Confidence));
        Assert.Equal(3.96m, Assert.Single(result.WriteOffs).Amount);
        Assert.Contains("0.99%", application.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ShortPaymentByReferenceBeyondTolerance_AppliesPartially()
    {
        var result = Cash.Run([Cash.Inv(123, 400m)], A.Payment("P1", 395.96m, reference: "INV-000123"));

        var application = Assert.Single(result.Applications);
        Assert.Equal((395.96m, MatchMethod.Reference), (application.Amount, application.Method));
        Assert.Empty(result.WriteOffs);
    }

    [Fact]
    public void Apply_TwoInvoicesWithinTolerance_GoesToException()
    {
        // 398.00 paid: 400.00 (2.00 short) and 401.00 (3.00 short) are both within tolerance.
        var result = Cash.Run([Cash.Inv(1, 400m), Cash.Inv(2, 401m)], A.Payment("P1", 398m));

        Assert.Empty(result.Applications);
        Assert.Equal(UnmatchedReason.ToleranceTie, Assert.Single(result.Exceptions).Reason);
    }

    // ---------- Rule 1: customer ----------

    [Fact]
    public void Apply_NoCustomerButInvoiceNumberInText_IdentifiesCustomer()
    {
        var result = Cash.Run(
            [Cash.Inv(123, 1000m, customerId: "C2"), Cash.Inv(500, 1000m, customerId: "C1")],
            A.Payment("P1", 1000m, customerId: null, reference: "INV-000123"));

        var application = Assert.Single(result.Applications);
        Assert.Equal(("C2", "INV-000123"), (application.CustomerId, application.InvoiceId));
        Assert.Equal("C2", Assert.Single(result.Payments).CustomerId);
        Assert.Contains("identified by INV-000123", application.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_UnknownCustomerNumber_FallsBackToTheText()
    {
        var result = Cash.Run([Cash.Inv(123, 1000m, customerId: "C2")], A.Payment("P1", 1000m, customerId: "X9", reference: "INV-000123"));

        Assert.Equal("C2", Assert.Single(result.Applications).CustomerId);
    }

    [Fact]
    public void Apply_NoCustomerAndPayerNameInText_IdentifiesCustomerByNormalisedName()
    {
        Customer[] customers = [Cash.Customer("C1", "ACME Trading GmbH & Co. KG"), Cash.Customer("C2", "Bolt Industries, Inc.")];

        var result = Cash.Run(customers, [Cash.Inv(1, 300m), Cash.Inv(2, 300m, customerId: "C2")], [A.Payment("P1", 300m, customerId: null, reference: "acme trading - june")]);

        var application = Assert.Single(result.Applications);
        Assert.Equal(("C1", MatchMethod.ExactAmount), (application.CustomerId, application.Method));
    }

    [Fact]
    public void Apply_NameMatchSwitchedOff_LeavesPayerUnknown()
    {
        Customer[] customers = [Cash.Customer("C1", "ACME Trading GmbH")];
        var policy = new CashApplicationPolicy { NameMatch = false };

        var result = Cash.Run(customers, [Cash.Inv(1, 300m)], [A.Payment("P1", 300m, customerId: null, reference: "ACME TRADING")], policy);

        Assert.Equal(UnmatchedReason.CustomerUnknown, Assert.Single(result.Exceptions).Reason);
    }

    [Fact]
    public void Apply_TextNamesTwoCustomers_GoesToException()
    {
        Customer[] customers = [Cash.Customer("C1", "Acme Ltd"), Cash.Customer("C2", "ACME Inc.")];

        var result = Cash.Run(customers, [Cash.Inv(1, 300m)], [A.Payment("P1", 300m, customerId: null, reference: "ACME")]);

        Assert.Empty(result.Applications);
        Assert.Equal(UnmatchedReason.CustomerAmbiguous, Assert.Single(result.Exceptions).Reason);
    }

    [Fact]
    public void Apply_RemittanceListsTwoCustomersInvoicesSummingToThePayment_SettlesEachCustomersInvoice()
    {
        var result = Cash.Run(
            [Cash.Inv(123, 1000m, customerId: "C1"), Cash.Inv(124, 1000m, customerId: "C2")],
            A.Payment("P1", 2000m, customerId: null, reference: "INV-000123 INV-000124"));

        Assert.Empty(result.Exceptions);
        Assert.Equal(
            [("INV-000123", "C1", 1000m), ("INV-000124", "C2", 1000m)],
            result.Applications.Select(a => (a.InvoiceId, a.CustomerId, a.Amount)).OrderBy(a => a.InvoiceId).ToList());
    }

    [Fact]
    public void Apply_InvoiceNumbersOfTwoCustomersNotSummingToThePayment_GoesToException()
    {
        var result = Cash.Run(
            [Cash.Inv(123, 1000m, customerId: "C1"), Cash.Inv(124, 1000m, customerId: "C2")],
            A.Payment("P1", 1500m, customerId: null, reference: "INV-000123 INV-000124"));

        Assert.Empty(result.Applications);
        Assert.Equal(UnmatchedReason.CustomerAmbiguous, Assert.Single(result.Exceptions).Reason);
    }

    [Fact]
    public void Apply_NoCustomerNoReferenceNoName_QueuesWithAmountCandidates()
    {
        var result = Cash.Run([Cash.Inv(1, 300m, customerId: "C2"), Cash.Inv(2, 999m)], A.Payment("P1", 300m, customerId: null, reference: "thanks"));

        var exception = Assert.Single(result.Exceptions);
        Assert.Equal((UnmatchedReason.CustomerUnknown, (string?)null), (exception.Reason, exception.CustomerId));
        Assert.Equal("INV-000001", Assert.Single(exception.Candidates).InvoiceId);
    }

    // ---------- Rule 6: exception queue ----------

    [Fact]
    public void Apply_NoRuleMatches_QueuesRankedCandidatesWithReasons()
    {
        // "INV-000132" is a swap of 123; 980.00 is 2% below its 1,000.00: beyond tolerance.
        var result = Cash.Run(
            [Cash.Inv(123, 1000m, 10), Cash.Inv(200, 5000m, 100), Cash.Inv(300, 990m, 150)],
            A.Payment("P1", 980m, reference: "INV-000132"));

        Assert.Empty(result.Applications);
        var exception = Assert.Single(result.Exceptions);
        Assert.Equal(UnmatchedReason.NoMatch, exception.Reason);
        Assert.Equal(["INV-000123", "INV-000300", "INV-000200"], exception.Candidates.Select(c => c.InvoiceId));
        Assert.True(exception.Candidates[0].Score > exception.Candidates[1].Score);
        Assert.Contains("one character off", exception.Candidates[0].Explanation, StringComparison.Ordinal);
        Assert.Contains("due 10 days before the payment", exception.Candidates[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_PaymentInOtherCurrency_IsNotMatchedAcrossCurrencies()
    {
        var result = Cash.Run([Cash.Inv(123, 1000m, currency: "EUR")], A.Payment("P1", 1000m, reference: "INV-000123"));

        Assert.Empty(result.Applications);
        Assert.Equal(UnmatchedReason.NoOpenInvoices, Assert.Single(result.Exceptions).Reason);
    }

    [Fact]
    public void Apply_CreditMemo_IsNeverMatched()
    {
        // 1,000.00 = 1,500.00 − 500.00 credit, but credit memos are not candidates.
        var result = Cash.Run([Cash.Inv(1, 1500m), A.CreditMemo("CM-000001", 500m)], A.Payment("P1", 1000m, reference: "INV-000001 CM-000001"));

        var application = Assert.Single(result.Applications);
        Assert.Equal(("INV-000001", 1000m, MatchMethod.Reference), (application.InvoiceId, application.Amount, application.Method));
    }

    // ---------- Order, figures, entry points ----------

    [Fact]
    public void Apply_TwoPaymentsForOneInvoice_EarlierDateWinsAndNothingIsOverApplied()
    {
        var result = Cash.Run([Cash.Inv(1, 1000m)], A.Payment("P1", 1000m, daysAgo: 1), A.Payment("P2", 1000m, daysAgo: 3));

        Assert.Equal("P2", Assert.Single(result.Applications).PaymentId);
        Assert.Equal(["P2", "P1"], result.Payments.Select(p => p.PaymentId));
        Assert.Equal("P1", Assert.Single(result.Exceptions).PaymentId);
    }

    [Fact]
    public void Apply_Figures_GiveMatchRateByCountAndAmount()
    {
        var result = Cash.Run(
            [Cash.Inv(1, 1000m), Cash.Inv(2, 600m)],
            A.Payment("P1", 1000m, reference: "INV-000001"),
            A.Payment("P2", 1000m, reference: "INV-000002"),
            A.Payment("P3", 500m, reference: "no idea"));

        Assert.Equal((3, 2, 1), (result.PaymentCount, result.MatchedPaymentCount, result.ExceptionCount));
        Assert.Equal(2m / 3m, result.MatchRateByCount);
        Assert.Equal(("USD", 2500m, 1600m, 900m), (result.FiguresCurrency, result.AmountAvailable, result.AmountApplied, result.UnappliedTotal));
        Assert.Equal(0.64m, result.MatchRateByAmount);
    }

    [Fact]
    public void Apply_PaymentsInTwoCurrencies_AddsFiguresUpOnlyWithRates()
    {
        Invoice[] invoices = [Cash.Inv(1, 1000m), Cash.Inv(2, 1000m, currency: "EUR")];
        Payment[] payments = [A.Payment("P1", 1000m), A.Payment("P2", 500m) with { Currency = "EUR" }];
        var rates = new CurrencyConverter("USD", [new ExchangeRate("EUR", A.AsOf, 1.10m)]).At(A.AsOf);

        var without = CashApplicator.Apply([A.Customer()], invoices, payments, new CashApplicationPolicy());
        var with = CashApplicator.Apply([A.Customer()], invoices, payments, new CashApplicationPolicy(), rates);

        Assert.Null(without.MatchRateByAmount);
        Assert.Equal(2, without.Totals.Count);
        Assert.Equal(("USD", 1550m, 1000m), (with.FiguresCurrency, with.AmountAvailable, with.AmountApplied));
    }

    [Fact]
    public void Apply_Ledger_UsesAssignedAndUnassignedPaymentsWithUnappliedCash()
    {
        var ledger = A.Ledger(
            [A.Customer("C1")],
            [Cash.Inv(1, 1000m), Cash.Inv(2, 400m)],
            [A.Payment("P1", 1000m, reference: "INV-000001"), A.Payment("P2", 400m, customerId: null, reference: "INV-000002"), A.Payment("P3", 50m, applied: 50m)]);

        var result = CashApplicator.Apply(ledger, new CashApplicationPolicy());

        Assert.Equal(2, result.PaymentCount); // P3 has nothing unapplied
        Assert.Equal(2, result.Applications.Count);
        Assert.Equal(1m, result.MatchRateByCount);
    }

    [Fact]
    public void Apply_PartlyAppliedPayment_UsesOnlyItsUnappliedPart()
    {
        var result = Cash.Run([Cash.Inv(1, 300m)], A.Payment("P1", 1000m, applied: 700m));

        var application = Assert.Single(result.Applications);
        Assert.Equal((300m, MatchMethod.ExactAmount), (application.Amount, application.Method));
    }
}
