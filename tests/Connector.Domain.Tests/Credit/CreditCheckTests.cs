using Connector.Domain.Credit;
using Connector.Domain.Exposure;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;
using FsCheck;
using FsCheck.Xunit;

namespace Connector.Domain.Tests.Credit;

public sealed class CreditCheckTests
{
    private static Customer Contoso(decimal? limit = 50_000m, string id = "C1") =>
        A.Customer(id, limit: limit) with { Name = "Contoso Ltd", CollectorId = "COL-1" };

    private static ArLedger Ledger(Customer customer, IEnumerable<Invoice>? invoices = null, IEnumerable<Order>? orders = null, IEnumerable<Payment>? payments = null) =>
        A.Ledger([customer], invoices, payments, orders, rates: [CreditSetup.Rate("EUR", 1.10m)], collectors: [CreditSetup.Collector()]);

    /// <summary>Exposure of exactly <paramref name="exposure"/> USD in one current invoice.</summary>
    private static ArLedger WithExposure(decimal exposure, decimal? limit = 50_000m) =>
        Ledger(Contoso(limit), [A.Invoice("I1", exposure)]);

    [Fact]
    public void Check_CustomerOnHold_BlocksWithTheSalesRepSentence()
    {
        var ledger = Ledger(Contoso(), [
            A.Invoice("I1", 5_000m, 61), A.Invoice("I2", 4_000m, 75), A.Invoice("I3", 3_400m, 90), A.Invoice("I4", 48_800m)]);

        var decision = CreditSetup.Check(ledger, 1_000m);

        Assert.Equal(CreditOutcome.Blocked, decision.Outcome);
        Assert.Equal(
            "Order blocked: Contoso Ltd is on credit hold — 3 invoices more than 60 days overdue (12,400.00 USD); exposure 61,200.00 USD against a limit of 50,000.00 USD. Contact Jane Doe (Collections) to request a release.",
            decision.Message);
        Assert.Equal([CreditCodes.OnHold, CreditCodes.OverdueAge, CreditCodes.OverLimit], decision.Reasons);
        Assert.Equal([CreditCodes.OverdueAge, CreditCodes.OverLimit], decision.HoldCodes);
        Assert.Equal(61_200m, decision.ExposureBefore);
        Assert.Equal(62_200m, decision.ExposureAfter);
        Assert.Equal(50_000m, decision.CreditLimit);
        Assert.Equal(0m, decision.AvailableCredit);
        Assert.Equal(12_400m, decision.OverdueAmount);
        Assert.Equal(90, decision.OldestOverdueDays);
        Assert.Equal("Jane Doe", decision.Collector);
        Assert.Null(decision.Override);
    }

    [Fact]
    public void Check_WithinLimit_AllowsWithTheHeadroomSentence()
    {
        var decision = CreditSetup.Check(WithExposure(40_000m), 1_200m);

        Assert.Equal(CreditOutcome.Allowed, decision.Outcome);
        Assert.Empty(decision.Reasons);
        Assert.Equal("Order allowed: exposure after this order 41,200.00 USD of a 50,000.00 USD limit (8,800.00 USD available).", decision.Message);
        Assert.Equal(40_000m, decision.ExposureBefore);
        Assert.Equal(41_200m, decision.ExposureAfter);
        Assert.Equal(8_800m, decision.AvailableCredit);
    }

    [Theory]
    [InlineData(1_000.00, CreditOutcome.Allowed)] // exactly reaches the limit
    [InlineData(1_000.01, CreditOutcome.Blocked)] // one cent over
    public void Check_OrderReachingTheLimit_BlocksOnlyAbove(double amount, CreditOutcome expected)
    {
        var decision = CreditSetup.Check(WithExposure(49_000m), (decimal)amount);

        Assert.Equal(expected, decision.Outcome);
        if (expected == CreditOutcome.Blocked)
        {
            Assert.Equal([CreditCodes.OverLimit], decision.Reasons);
            Assert.Equal(
                "Order blocked: this order of 1,000.01 USD would bring Contoso Ltd's exposure to 50,000.01 USD, above its limit of 50,000.00 USD (1,000.00 USD available). Contact Jane Doe (Collections) to request an override.",
                decision.Message);
            Assert.Equal(1_000m, decision.AvailableCredit); // the order does not go through
        }
    }

    [Theory]
    [InlineData(6_000.00, CreditOutcome.Allowed)]
    [InlineData(6_000.01, CreditOutcome.Blocked)]
    public void Check_TenPercentTolerance_BlocksOnlyAboveLimitTimesOnePointOne(double amount, CreditOutcome expected)
    {
        var policy = new CreditPolicy { TolerancePercent = 10m };

        var decision = CreditSetup.Check(WithExposure(49_000m), (decimal)amount, policy: policy);

        Assert.Equal(expected, decision.Outcome);
    }

    [Fact]
    public void Check_NoLimit_AllowsAnyAmount()
    {
        var decision = CreditSetup.Check(WithExposure(1_000_000m, limit: null), 1_000m);

        Assert.True(decision.IsAllowed);
        Assert.Null(decision.CreditLimit);
        Assert.Null(decision.AvailableCredit);
        Assert.Equal("Order allowed: exposure after this order 1,001,000.00 USD (no credit limit set).", decision.Message);
    }

    [Fact]
    public void Check_LimitZero_BlocksAsNoCredit()
    {
        var ledger = Ledger(Contoso(0m));

        var decision = CreditSetup.Check(ledger, 100m);

        Assert.Equal([CreditCodes.NoCredit], decision.Reasons);
        Assert.Equal(
            "Order blocked: Contoso Ltd has no credit (cash in advance) and this order of 100.00 USD would bring its exposure to 100.00 USD. Contact Jane Doe (Collections) to request an override.",
            decision.Message);
    }

    [Fact]
    public void Check_LimitZeroButPaidInAdvance_Allows()
    {
        var ledger = Ledger(Contoso(0m), payments: [A.Payment("P1", 100m)]);

        var decision = CreditSetup.Check(ledger, 100m);

        Assert.True(decision.IsAllowed);
        Assert.Equal(-100m, decision.ExposureBefore);
        Assert.Equal(0m, decision.ExposureAfter);
    }

    private static ArLedger Group(decimal childExposure) => A.Ledger(
        [
            A.Customer("P", limit: 100_000m) with { Name = "Contoso Group" },
            A.Customer("C1", limit: 60_000m) with { ParentId = "P" },
            Contoso(60_000m, "C2") with { ParentId = "P" },
        ],
        invoices:
        [
            A.Invoice("I1", 10_000m, customerId: "P"),
            A.Invoice("I2", 50_000m, customerId: "C1"),
            A.Invoice("I3", childExposure, customerId: "C2"),
        ],
        collectors: [CreditSetup.Collector()]);

    [Fact]
    public void Check_ChildUnderOwnLimitButGroupOverParentLimit_BlocksForTheGroup()
    {
        var decision = CreditSetup.Check(Group(37_000m), 3_000.01m, customerId: "C2");

        Assert.Equal([CreditCodes.GroupOverLimit], decision.Reasons);
        Assert.Equal(
            "Order blocked: this order of 3,000.01 USD would bring the group exposure of Contoso Group to 100,000.01 USD, above the group limit of 100,000.00 USD (3,000.00 USD available). Contact Jane Doe (Collections) to request an override.",
            decision.Message);
        var group = decision.Limits[1];
        Assert.Equal("P", group.GroupId);
        Assert.Equal(97_000m, group.ExposureBefore);
        Assert.True(group.Exceeded);
        Assert.False(decision.Limits[0].Exceeded);
    }

    [Fact]
    public void Check_GroupExactlyAtParentLimit_AllowsAndShowsBothLimits()
    {
        var decision = CreditSetup.Check(Group(37_000m), 3_000m, customerId: "C2");

        Assert.True(decision.IsAllowed);
        Assert.Equal(
            "Order allowed: exposure after this order 40,000.00 USD of a 60,000.00 USD limit (20,000.00 USD available); group exposure 100,000.00 USD of the 100,000.00 USD group limit of Contoso Group (0.00 USD available).",
            decision.Message);
        Assert.Equal(0m, decision.AvailableCredit); // the tighter of own and group
    }

    [Fact]
    public void Check_MissingRate_BlocksAsNotEvaluable()
    {
        var ledger = Ledger(Contoso(), [A.Invoice("I1", 100m), A.Invoice("I2", 100m, currency: "GBP")]);

        var decision = CreditSetup.Check(ledger, 10m);

        Assert.Equal([CreditCodes.NotEvaluable], decision.Reasons);
        Assert.Null(decision.ExposureBefore);
        Assert.Null(decision.ExposureAfter);
        Assert.Null(decision.AvailableCredit);
        Assert.Equal(
            "Order blocked: the credit of Contoso Ltd cannot be checked: customer C1: no GBP rate on or before 2026-06-30 (rates are company-currency units per one GBP). Contact Jane Doe (Collections) to request an override.",
            decision.Message);
    }

    [Fact]
    public void Check_OrderInCurrencyWithoutRate_IsNotEvaluable()
    {
        var decision = CreditSetup.Check(WithExposure(0m), 10m, currency: "JPY");

        Assert.Equal([CreditCodes.NotEvaluable], decision.Reasons);
    }

    [Fact]
    public void Check_OrderInForeignCurrency_IsConvertedToTheCreditCurrency()
    {
        var decision = CreditSetup.Check(WithExposure(0m), 100m, currency: "EUR");

        Assert.Equal(110m, decision.OrderAmount);
        Assert.Equal(110m, decision.ExposureAfter);
    }

    [Fact]
    public void Check_OneOrderOverride_LetsExactlyThatOrderPass()
    {
        var ledger = Ledger(Contoso(), [A.Invoice("I1", 5_000m, 61)]);
        var actions = new ManualActions(overrides:
        [
            new OrderOverride { OrderId = "SO-1", CustomerId = "C1", By = "Ann Lee", Reason = "CFO approved" },
        ]);

        var overridden = CreditSetup.Check(ledger, 100m, orderId: "SO-1", actions: actions);
        var other = CreditSetup.Check(ledger, 100m, orderId: "SO-2", actions: actions);

        Assert.True(overridden.IsAllowed);
        Assert.Equal([CreditCodes.OnHold, CreditCodes.OverdueAge], overridden.Reasons);
        Assert.Equal(
            "Order allowed by override of Ann Lee (CFO approved): Contoso Ltd is on credit hold — 1 invoice more than 60 days overdue (5,000.00 USD).",
            overridden.Message);
        var audit = overridden.OverrideEvent!;
        Assert.Equal(HoldTransitionKind.OverrideUsed, audit.Kind);
        Assert.Equal("SO-1", audit.OrderId);
        Assert.Equal("Ann Lee", audit.By);
        Assert.Equal("CFO approved", audit.Reason);
        Assert.False(other.IsAllowed);
        Assert.Null(other.OverrideEvent);
    }

    [Fact]
    public void Check_OverrideExpiredOrForAnotherCustomer_DoesNotApply()
    {
        var ledger = Ledger(Contoso(), [A.Invoice("I1", 5_000m, 61)]);
        var actions = new ManualActions(overrides:
        [
            new OrderOverride { OrderId = "SO-1", CustomerId = "C1", By = "Ann Lee", Reason = "ok", Until = A.AsOf },
            new OrderOverride { OrderId = "SO-2", CustomerId = "C9", By = "Ann Lee", Reason = "ok" },
        ]);

        Assert.False(CreditSetup.Check(ledger, 100m, orderId: "SO-1", actions: actions).IsAllowed);
        Assert.False(CreditSetup.Check(ledger, 100m, orderId: "SO-2", actions: actions).IsAllowed);
    }

    [Theory]
    [InlineData(7_000.00, CreditOutcome.Allowed)] // + 2,000 → exactly 50,000
    [InlineData(7_000.01, CreditOutcome.Blocked)]
    public void Check_EditOfACountedOrder_ChecksOnlyTheIncrease(double newAmount, CreditOutcome expected)
    {
        var ledger = Ledger(Contoso(), [A.Invoice("I1", 43_000m)], orders: [A.Order("SO-1", 5_000m)]);

        var decision = CreditSetup.Check(ledger, (decimal)newAmount, orderId: "SO-1");

        Assert.Equal(expected, decision.Outcome);
        Assert.Equal(48_000m, decision.ExposureBefore);
        Assert.Equal((decimal)newAmount - 5_000m, decision.Increase);
    }

    [Theory]
    [InlineData(7_000.00, CreditOutcome.Allowed)]
    [InlineData(7_000.01, CreditOutcome.Blocked)]
    public void Check_EditWithExistingAmountNotYetInLedger_ChecksOnlyTheIncrease(double newAmount, CreditOutcome expected)
    {
        var decision = CreditSetup.Check(WithExposure(48_000m), (decimal)newAmount, orderId: "SO-9", existingAmount: 5_000m);

        Assert.Equal(expected, decision.Outcome);
    }

    [Fact]
    public void Check_EditThatShrinksAnOrderOverTheLimit_IsNotBlockedByTheLimit()
    {
        var ledger = Ledger(Contoso(), [A.Invoice("I1", 55_000m)], orders: [A.Order("SO-1", 5_000m)]);
        var policy = new CreditPolicy { OverLimitEnabled = false };

        var decision = CreditSetup.Check(ledger, 4_000m, orderId: "SO-1", policy: policy);

        Assert.True(decision.IsAllowed);
        Assert.Equal(59_000m, decision.ExposureAfter);
    }

    [Fact]
    public void Check_EditThatShrinksAnOrderWhileOnHold_StaysBlocked()
    {
        var ledger = Ledger(Contoso(), [A.Invoice("I1", 5_000m, 61)], orders: [A.Order("SO-1", 5_000m)]);

        var decision = CreditSetup.Check(ledger, 1_000m, orderId: "SO-1");

        Assert.False(decision.IsAllowed);
        Assert.Equal(-4_000m, decision.Increase);
    }

    [Fact]
    public void Check_HoldReleasedByAPerson_AllowsAndSaysSo()
    {
        var ledger = Ledger(Contoso(), [A.Invoice("I1", 5_000m, 61)]);
        var actions = new ManualActions([CreditSetup.Release()]);

        var decision = CreditSetup.Check(ledger, 1_000m, actions: actions);

        Assert.True(decision.IsAllowed);
        Assert.Equal(
            "Order allowed: exposure after this order 6,000.00 USD of a 50,000.00 USD limit (44,000.00 USD available); credit hold released by Ann Lee until 2026-07-07.",
            decision.Message);
    }

    [Fact]
    public void Check_CollectorNotInTheList_NamesTheCollectorId()
    {
        var ledger = A.Ledger([Contoso() with { CollectorId = "COL-9" }], [A.Invoice("I1", 500m, 90)]);

        var decision = CreditSetup.Check(ledger, 1m);

        Assert.Equal("COL-9", decision.Collector);
        Assert.EndsWith("Contact COL-9 (Collections) to request a release.", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoCollector_PointsToTheArTeam()
    {
        var ledger = A.Ledger([Contoso() with { CollectorId = null }], [A.Invoice("I1", 500m, 90)]);

        var decision = CreditSetup.Check(ledger, 1m);

        Assert.Equal("your AR team", decision.Collector);
        Assert.EndsWith("Contact your AR team to request a release.", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnknownCustomer_BlocksAndSaysSo()
    {
        var decision = CreditSetup.Check(WithExposure(0m), 1m, customerId: "NOPE");

        Assert.Equal([CreditCodes.UnknownCustomer], decision.Reasons);
        Assert.Equal("Order blocked: customer NOPE is not known to the AR ledger. Contact your AR team to check the customer number.", decision.Message);
    }

    [Fact]
    public void Check_FromEvaluatedSnapshot_DecidesAsFromTheLedger()
    {
        var ledger = Group(37_000m);
        var policy = new CreditPolicy();
        var evaluation = CreditEvaluator.Evaluate(ledger, CreditSetup.Rates(ledger), policy);
        var order = new OrderRequest { CustomerId = "C2", OrderId = "SO-1", Amount = 3_000.01m };

        var fromSnapshot = CreditCheck.Check(evaluation.Find("C2")!, order, policy);
        var fromLedger = CreditCheck.Check(ledger, CreditSetup.Rates(ledger), order, policy);

        Assert.Equal(fromLedger.Message, fromSnapshot.Message);
        Assert.Equal(fromLedger.Reasons, fromSnapshot.Reasons);
        Assert.Equal(fromLedger.AvailableCredit, fromSnapshot.AvailableCredit);
    }

    [Property]
    public bool Check_AddingANonNegativeOrder_NeverLowersExposure(NonNegativeInt orderCents, int[] invoiceCents, int[] orderCentsInLedger, int unappliedCents)
    {
        var invoices = invoiceCents.Select((c, i) => A.Invoice($"I{i}", c / 100m, daysPastDue: i % 120)).Where(i => i.OpenAmount != 0m).ToList();
        var orders = orderCentsInLedger.Select((c, i) => A.Order($"SO{i % 5}", c / 100m)).ToList();
        var payments = new[] { A.Payment("P1", unappliedCents / 100m) };
        var amount = orderCents.Get / 100m;
        var customer = Contoso(limit: 1_000m);
        var before = A.Ledger([customer], invoices, payments, orders);
        var after = A.Ledger([customer], invoices, payments, [.. orders, A.Order("SO-NEW", amount)]);

        var decision = CreditSetup.Check(before, amount);
        var exposureBefore = CreditSetup.Exposure(before).Total;
        var exposureAfter = CreditSetup.Exposure(after).Total;

        return decision.ExposureAfter >= decision.ExposureBefore
            && decision.ExposureAfter - decision.ExposureBefore == amount
            && exposureAfter >= exposureBefore;
    }
}
