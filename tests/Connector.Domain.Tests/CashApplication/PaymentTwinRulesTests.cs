using Connector.Domain.CashApplication;
using Connector.Domain.Ledger;

namespace Connector.Domain.Tests.CashApplication;

public sealed class PaymentTwinRulesTests
{
    private static readonly DateOnly Day = new(2026, 11, 16);

    [Fact]
    public void Find_ErpReferenceCarriesTheBankReference_LinkedByReferenceWithTheSentence()
    {
        var bank = Bank("BNK-1", 1250.00m, Day, bankReference: "B274344690097535");
        var erp = Erp("PAY-9", 1250.00m, Day.AddDays(2), customer: "C-1", reference: "BANK B274344690097535");

        var found = PaymentTwinRules.Find([bank], [erp, Erp("PAY-8", 1250.00m, Day, customer: "C-1")], _ => null);

        var twin = Assert.Single(found.Twins);
        Assert.Equal(("BNK-1", "PAY-9", TwinRule.Reference), (twin.BankPaymentId, twin.ErpPaymentId, twin.Rule));
        Assert.Equal("Bank entry B274344690097535 is the ERP's payment PAY-9: 1,250.00 USD, 2 days apart, the ERP's reference carries the bank reference B274344690097535.", twin.Explanation);
        Assert.Empty(found.Questions);
    }

    [Fact]
    public void Find_EndToEndIdInTheErpReference_Linked()
    {
        var found = PaymentTwinRules.Find(
            [Bank("BNK-1", 99.10m, Day, endToEnd: "E2E000123456")], [Erp("PAY-1", 99.10m, Day, customer: "C-2", reference: "e2e000123456")], _ => null);

        Assert.Equal(TwinRule.Reference, Assert.Single(found.Twins).Rule);
    }

    [Fact]
    public void Find_NotProvidedEndToEndId_IsNoEvidence()
    {
        var found = PaymentTwinRules.Find(
            [Bank("BNK-1", 99.10m, Day, endToEnd: "NOTPROVIDED")], [Erp("PAY-1", 99.10m, Day, customer: "C-2", reference: "NOTPROVIDED")], _ => "C-3");

        Assert.Empty(found.Twins);
        Assert.Empty(found.Questions);
    }

    [Fact]
    public void Find_SameRemittanceText_LinkedByReference()
    {
        var found = PaymentTwinRules.Find(
            [Bank("BNK-1", 500m, Day, remittance: "inv 005121 thank you")], [Erp("PAY-1", 500m, Day.AddDays(-1), customer: "C-2", reference: "inv 005121 thank you")], _ => null);

        var twin = Assert.Single(found.Twins);
        Assert.EndsWith("1 day apart, the same remittance \"inv 005121 thank you\".", twin.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_NoReferenceSameCustomerAmountWithinTheWindow_LinkedByAmountCustomerDate()
    {
        var found = PaymentTwinRules.Find(
            [Bank("BNK-1", 700m, Day)], [Erp("PAY-1", 700m, Day.AddDays(PaymentTwinRules.DateWindowDays), customer: "C-1"), Erp("PAY-2", 700m, Day, customer: "C-2")], _ => "C-1");

        var twin = Assert.Single(found.Twins);
        Assert.Equal(("PAY-1", TwinRule.AmountCustomerDate), (twin.ErpPaymentId, twin.Rule));
        Assert.EndsWith("5 days apart, the same customer C-1, and no other payment like it on either side.", twin.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_OneDayOutsideTheWindowOrAnotherAmountOrCurrency_NotATwin()
    {
        var found = PaymentTwinRules.Find(
            [Bank("BNK-1", 700m, Day)],
            [Erp("PAY-1", 700m, Day.AddDays(PaymentTwinRules.DateWindowDays + 1), customer: "C-1"), Erp("PAY-2", 700.01m, Day, customer: "C-1"), Erp("PAY-3", 700m, Day, customer: "C-1") with { Currency = "EUR" }],
            _ => "C-1");

        Assert.Empty(found.Twins);
        Assert.Empty(found.Questions);
    }

    [Fact]
    public void Find_TwoErpPaymentsOfTheCustomerWithTheAmount_AQuestionNamingBothNeverAGuess()
    {
        var found = PaymentTwinRules.Find(
            [Bank("BNK-1", 700m, Day)], [Erp("PAY-1", 700m, Day, customer: "C-1"), Erp("PAY-2", 700m, Day.AddDays(-3), customer: "C-1")], _ => "C-1");

        Assert.Empty(found.Twins);
        var question = Assert.Single(found.Questions);
        Assert.Equal(["PAY-1", "PAY-2"], question.ErpPaymentIds);
        Assert.Equal(
            "Possibly the ERP's own record of this money (700.00 USD, the same customer), but 2 ERP payments have it: PAY-1 of 2026-11-16 (C-1), PAY-2 of 2026-11-13 (C-1). "
            + "Reject it if it is one of them (it is then not counted twice); assign it if it is other money.",
            question.Explanation);
    }

    [Fact]
    public void Find_TwoBankEntriesForOneErpPayment_BothAskedNeitherLinked()
    {
        var found = PaymentTwinRules.Find([Bank("BNK-1", 700m, Day), Bank("BNK-2", 700m, Day)], [Erp("PAY-1", 700m, Day, customer: "C-1")], _ => "C-1");

        Assert.Empty(found.Twins);
        Assert.Equal(["BNK-1", "BNK-2"], found.Questions.Select(q => q.BankPaymentId));
        Assert.Contains("another bank entry has the same evidence", found.Questions[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_PayerUnknownOnTheBankSide_AQuestionNotALink()
    {
        var found = PaymentTwinRules.Find([Bank("BNK-1", 700m, Day)], [Erp("PAY-1", 700m, Day, customer: "C-1")], _ => null);

        Assert.Empty(found.Twins);
        Assert.StartsWith("Possibly the ERP's own record of this money (700.00 USD): PAY-1 of 2026-11-16 (C-1) has the same amount within 5 days, but no reference ties them", Assert.Single(found.Questions).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_DifferentKnownCustomersWithTheSameRemittance_OtherMoney()
    {
        var found = PaymentTwinRules.Find(
            [Bank("BNK-1", 700m, Day, remittance: "ADVANCE PAYMENT")], [Erp("PAY-1", 700m, Day, customer: "C-1", reference: "ADVANCE PAYMENT")], _ => "C-2");

        Assert.Empty(found.Twins);
        Assert.Empty(found.Questions);
    }

    [Fact]
    public void Find_ReferenceTierDecidesBeforeTheCustomerTier()
    {
        var found = PaymentTwinRules.Find(
            [Bank("BNK-1", 700m, Day, bankReference: "BREF000001"), Bank("BNK-2", 700m, Day)],
            [Erp("PAY-1", 700m, Day, customer: "C-1"), Erp("PAY-2", 700m, Day, customer: "C-1", reference: "BREF000001")],
            _ => "C-1");

        Assert.Equal([("BNK-1", "PAY-2", TwinRule.Reference), ("BNK-2", "PAY-1", TwinRule.AmountCustomerDate)], found.Twins.Select(t => (t.BankPaymentId, t.ErpPaymentId, t.Rule)));
        Assert.Empty(found.Questions);
    }

    [Fact]
    public void Apply_ErpKept_BankEntryGoneErpPaymentCarriesTheBankReference()
    {
        var ledger = Ledger(Bank("BNK-1", 700m, Day, bankReference: "BREF1", payerAccount: "DE89370400440532013000"), Erp("PAY-1", 700m, Day, customer: "C-1"));

        var folded = PaymentTwinFold.Apply(ledger, [new TwinPair("BNK-1", "PAY-1", KeepBank: false)], new HashSet<string>());

        var payment = Assert.Single(folded.AllPayments);
        Assert.Equal(("PAY-1", "BREF1", "DE89370400440532013000", 700m), (payment.Id, payment.BankReference, payment.PayerAccount, payment.UnappliedAmount));
    }

    [Fact]
    public void Apply_BankKept_ErpPaymentGoneBankEntryTakesTheErpCustomerAndAppliedAmount()
    {
        var ledger = Ledger(Bank("BNK-1", 700m, Day), Erp("PAY-1", 700m, Day, customer: "C-1") with { AppliedAmount = 700m });

        var folded = PaymentTwinFold.Apply(ledger, [new TwinPair("BNK-1", "PAY-1", KeepBank: true)], new HashSet<string>());

        var payment = Assert.Single(folded.AllPayments);
        Assert.Equal(("BNK-1", "C-1", 0m), (payment.Id, payment.CustomerId, payment.UnappliedAmount));
        Assert.Equal(0m, folded.Find("C-1")!.Payments.Sum(p => p.UnappliedAmount));
    }

    [Fact]
    public void Apply_HeldBankEntry_LeftOutAndNothingElseChanges()
    {
        var ledger = Ledger(Bank("BNK-1", 700m, Day), Erp("PAY-1", 700m, Day, customer: "C-1"));

        var folded = PaymentTwinFold.Apply(ledger, [], new HashSet<string> { "BNK-1" });

        Assert.Equal(["PAY-1"], folded.AllPayments.Select(p => p.Id));
        Assert.Same(ledger, PaymentTwinFold.Apply(ledger, [], new HashSet<string>()));
    }

    private static ArLedger Ledger(params Payment[] payments) =>
        new([new Customer { Id = "C-1", Name = "Acme", Currency = "USD" }], [], payments);

    private static Payment Bank(string id, decimal amount, DateOnly date, string? bankReference = null, string? endToEnd = null, string? remittance = null, string? payerAccount = null) => new()
    {
        Id = id,
        Amount = amount,
        Currency = "USD",
        Date = date,
        Source = PaymentSource.BankStatement,
        BankReference = bankReference,
        EndToEndId = endToEnd,
        Reference = remittance,
        PayerAccount = payerAccount,
    };

    private static Payment Erp(string id, decimal amount, DateOnly date, string? customer = null, string? reference = null) => new()
    {
        Id = id,
        Amount = amount,
        Currency = "USD",
        Date = date,
        CustomerId = customer,
        Reference = reference,
    };
}
