using Connector.Domain.Credit;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Credit;

public sealed class HoldEvaluatorTests
{
    private static ArLedger OneInvoice(decimal amount, int daysPastDue, decimal? limit = null, bool disputed = false) =>
        A.Ledger([A.Customer(limit: limit)], invoices: [A.Invoice("I1", amount, daysPastDue) with { Disputed = disputed }]);

    // ---- OVERDUE_AGE ----

    [Theory]
    [InlineData(59, false)]
    [InlineData(60, false)] // "more than 60 days"
    [InlineData(61, true)]
    public void Evaluate_OverdueAgeAroundSixtyDays_FiresOnlyAbove(int daysPastDue, bool expected)
    {
        var hold = CreditSetup.Hold(OneInvoice(500m, daysPastDue));

        Assert.Equal(expected, hold.OnHold);
        Assert.Equal(expected, hold.Codes.Contains(CreditCodes.OverdueAge));
    }

    [Theory]
    [InlineData(99.99, false)]
    [InlineData(100.00, true)] // materiality is "≥ 100"
    public void Evaluate_OverdueAgeAroundMateriality_FiresFromOneHundred(double amount, bool expected)
    {
        var hold = CreditSetup.Hold(OneInvoice((decimal)amount, 61));

        Assert.Equal(expected, hold.OnHold);
    }

    [Fact]
    public void Evaluate_DisputedInvoiceLongOverdue_NeverFiresOverdueRules()
    {
        var policy = new CreditPolicy { OverdueShareEnabled = true };

        var hold = CreditSetup.Hold(OneInvoice(9_000m, 200, limit: 100_000m, disputed: true), policy: policy);

        Assert.False(hold.OnHold);
        Assert.Empty(hold.Reasons);
        Assert.Equal(9_000m, hold.Overdue.OverdueAmount); // still overdue money, shown as such
        Assert.Equal(0m, hold.Overdue.OverdueUndisputed);
    }

    [Fact]
    public void Evaluate_ThreeInvoicesBeyondSixtyDays_GivesCountAmountOldestAndPhrase()
    {
        var ledger = A.Ledger([A.Customer()], invoices:
        [
            A.Invoice("I1", 5_000m, 61), A.Invoice("I2", 4_000m, 75), A.Invoice("I3", 3_400m, 90),
            A.Invoice("I4", 50m, 95), // below materiality
            A.Invoice("I5", 7_000m, 30),
        ]);

        var reason = Assert.Single(CreditSetup.Hold(ledger).Reasons);

        Assert.Equal(CreditCodes.OverdueAge, reason.Code);
        Assert.Equal(3, reason.Count);
        Assert.Equal(12_400m, reason.Amount);
        Assert.Equal(90, reason.OldestDays);
        Assert.Equal("3 invoices more than 60 days overdue (12,400.00 USD)", reason.Text);
    }

    [Fact]
    public void Evaluate_OverdueAgeWithCustomDays_UsesThePolicy()
    {
        var policy = new CreditPolicy { OverdueAgeDays = 30, OverdueAgeMateriality = 0m };

        var hold = CreditSetup.Hold(OneInvoice(1m, 31), policy: policy);

        Assert.Equal("1 invoice more than 30 days overdue (1.00 USD)", Assert.Single(hold.Reasons).Text);
    }

    // ---- OVERDUE_SHARE ----

    [Theory]
    [InlineData(5_000.00, false)] // exactly 50% of 10,000
    [InlineData(5_000.01, true)]
    public void Evaluate_OverdueShareAroundFiftyPercent_FiresOnlyAbove(double overdue, bool expected)
    {
        var policy = new CreditPolicy { OverdueShareEnabled = true, OverdueAgeEnabled = false };

        var hold = CreditSetup.Hold(OneInvoice((decimal)overdue, 10, limit: 10_000m), policy: policy);

        Assert.Equal(expected, hold.Codes.Contains(CreditCodes.OverdueShare));
        if (expected)
        {
            Assert.Equal("overdue 5,000.01 USD is more than 50% of the 10,000.00 USD limit", hold.Reasons[0].Text);
        }
    }

    [Fact]
    public void Evaluate_OverdueShareByDefault_IsOff()
    {
        var hold = CreditSetup.Hold(OneInvoice(9_000m, 10, limit: 10_000m));

        Assert.False(hold.OnHold);
    }

    // ---- OVER_LIMIT ----

    [Theory]
    [InlineData(50_000.00, false)]
    [InlineData(50_000.01, true)]
    public void Evaluate_ExposureAroundTheLimit_FiresOnlyAbove(double exposure, bool expected)
    {
        var hold = CreditSetup.Hold(OneInvoice((decimal)exposure, 0, limit: 50_000m));

        Assert.Equal(expected, hold.Codes.Contains(CreditCodes.OverLimit));
    }

    [Theory]
    [InlineData(55_000.00, false)]
    [InlineData(55_000.01, true)]
    public void Evaluate_TenPercentTolerance_BlocksOnlyAboveLimitTimesOnePointOne(double exposure, bool expected)
    {
        var policy = new CreditPolicy { TolerancePercent = 10m };

        var hold = CreditSetup.Hold(OneInvoice((decimal)exposure, 0, limit: 50_000m), policy: policy);

        Assert.Equal(expected, hold.OnHold);
        if (expected)
        {
            Assert.Equal("exposure 55,000.01 USD against a limit of 50,000.00 USD (+10% tolerance)", hold.Reasons[0].Text);
            Assert.Equal(55_000m, hold.Reasons[0].Threshold);
        }
    }

    [Fact]
    public void Evaluate_OpenOrdersPushOverLimit_Fires()
    {
        var ledger = A.Ledger([A.Customer(limit: 1_000m)], invoices: [A.Invoice("I1", 900m)], orders: [A.Order("SO1", 100.01m)]);

        var reason = Assert.Single(CreditSetup.Hold(ledger).Reasons);

        Assert.Equal(1_000.01m, reason.Exposure);
    }

    [Theory]
    [InlineData(0.00, false)]
    [InlineData(0.01, true)]
    public void Evaluate_LimitZero_AnyExposureHolds(double exposure, bool expected)
    {
        var hold = CreditSetup.Hold(OneInvoice((decimal)exposure, 0, limit: 0m));

        Assert.Equal(expected, hold.OnHold);
        if (expected)
        {
            Assert.Equal("exposure 0.01 USD with no credit allowed (cash in advance)", hold.Reasons[0].Text);
        }
    }

    [Fact]
    public void Evaluate_NoLimit_NeverOverLimit()
    {
        var hold = CreditSetup.Hold(OneInvoice(10_000_000m, 0));

        Assert.False(hold.OnHold);
    }

    [Fact]
    public void Evaluate_ChildrenUnderOwnLimitsButGroupOverParentLimit_HoldsEveryMember()
    {
        var ledger = A.Ledger(
            [
                A.Customer("P", limit: 100_000m) with { Name = "Contoso Group" },
                A.Customer("C1", limit: 60_000m) with { ParentId = "P" },
                A.Customer("C2", limit: 60_000m) with { ParentId = "P" },
            ],
            invoices:
            [
                A.Invoice("I1", 10_000m, customerId: "P"),
                A.Invoice("I2", 50_000m, customerId: "C1"),
                A.Invoice("I3", 40_000.01m, customerId: "C2"),
            ]);

        var child = CreditSetup.Hold(ledger, "C2");

        var reason = Assert.Single(child.Reasons);
        Assert.Equal(CreditCodes.OverLimit, reason.Code);
        Assert.Equal("P", reason.GroupId);
        Assert.Equal(100_000.01m, reason.Exposure);
        Assert.Equal(100_000m, reason.Threshold);
        Assert.Equal("group exposure 100,000.01 USD against the group limit of 100,000.00 USD (Contoso Group)", reason.Text);
        Assert.True(CreditSetup.Hold(ledger, "C1").OnHold);
    }

    [Fact]
    public void Evaluate_GroupExactlyAtParentLimit_NoHold()
    {
        var ledger = A.Ledger(
            [A.Customer("P", limit: 100_000m), A.Customer("C1", limit: 60_000m) with { ParentId = "P" }],
            invoices: [A.Invoice("I1", 50_000m, customerId: "P"), A.Invoice("I2", 50_000m, customerId: "C1")]);

        Assert.False(CreditSetup.Hold(ledger, "C1").OnHold);
        Assert.False(CreditSetup.Hold(ledger, "P").OnHold);
    }

    // ---- BROKEN_PROMISE ----

    [Theory]
    [InlineData(-3, true)] // due three days ago: past the 2 grace days
    [InlineData(-2, false)] // still within grace: the promise is active
    [InlineData(5, false)]
    public void Evaluate_PromiseNotPaid_FiresOnlyWhenBroken(int dueInDays, bool expected)
    {
        var ledger = A.Ledger(
            [A.Customer()],
            invoices: [A.Invoice("I1", 2_000m, daysPastDue: 20)],
            promises: [A.Promise(2_000m, promisedDaysAgo: 15, dueInDays)]);

        var hold = CreditSetup.Hold(ledger);

        Assert.Equal(expected, hold.OnHold);
        if (expected)
        {
            Assert.Equal("promise to pay 2,000.00 USD by 2026-06-27 broken (0.00 USD received)", Assert.Single(hold.Reasons).Text);
        }
    }

    [Fact]
    public void Evaluate_BrokenPromiseButNothingOverdueAnyMore_NoHold()
    {
        var ledger = A.Ledger(
            [A.Customer()],
            invoices: [A.Invoice("I1", 2_000m, daysPastDue: -5)],
            promises: [A.Promise(2_000m, promisedDaysAgo: 15, dueInDays: -5)]);

        Assert.False(CreditSetup.Hold(ledger).OnHold);
    }

    [Fact]
    public void Evaluate_BrokenPromiseThenNewActivePromise_NoHold()
    {
        var ledger = A.Ledger(
            [A.Customer()],
            invoices: [A.Invoice("I1", 2_000m, daysPastDue: 20)],
            promises: [A.Promise(2_000m, promisedDaysAgo: 15, dueInDays: -5), A.Promise(2_000m, promisedDaysAgo: 2, dueInDays: 7)]);

        Assert.False(CreditSetup.Hold(ledger).OnHold);
    }

    // ---- MANUAL, releases, transitions ----

    [Fact]
    public void Evaluate_ManualHoldInErp_StaysUntilAPersonReleasesIt()
    {
        var ledger = A.Ledger([A.Customer() with { ManualHold = true }]);
        var previous = new HoldStatus("C1", true, [CreditCodes.Manual], A.AsOf.AddDays(-10));

        var kept = CreditSetup.Hold(ledger, previous: previous);
        var released = CreditSetup.Hold(ledger, previous: previous, actions: new ManualActions([CreditSetup.Release()]));

        Assert.True(kept.OnHold);
        Assert.Equal("manual hold set in the ERP", Assert.Single(kept.Reasons).Text);
        Assert.Empty(kept.Transitions);
        Assert.Equal(A.AsOf.AddDays(-10), kept.Status.Since);

        Assert.False(released.OnHold);
        Assert.True(released.SuppressedByRelease);
        var transition = Assert.Single(released.Transitions);
        Assert.Equal(HoldTransitionKind.ReleasedByPerson, transition.Kind);
        Assert.Equal("Ann Lee", transition.By);
        Assert.Equal("customer paid by wire, not yet booked", transition.Reason);
        Assert.Equal(A.AsOf.AddDays(7), transition.Until);
        Assert.Equal([CreditCodes.Manual], transition.Codes);
    }

    [Fact]
    public void Evaluate_ManualHoldInDynamicsAfterARelease_EndsTheRelease()
    {
        var ledger = A.Ledger([A.Customer()]);
        var actions = new ManualActions(
            [CreditSetup.Release(daysAgo: 3)],
            manualHolds: [new ManualHold { CustomerId = "C1", By = "Bob Ray", Reason = "bankruptcy rumours", On = A.AsOf.AddDays(-1) }]);

        var hold = CreditSetup.Hold(ledger, actions: actions);

        Assert.True(hold.OnHold);
        Assert.Null(hold.Release);
        Assert.Equal("manual hold by Bob Ray: bankruptcy rumours", hold.Reasons[0].Text);
        var placed = Assert.Single(hold.Transitions);
        Assert.Equal(HoldTransitionKind.Placed, placed.Kind);
        Assert.Equal("Bob Ray", placed.By);
    }

    [Theory]
    [InlineData(0, false)] // released today until tomorrow: suppressed
    [InlineData(1, true)] // on the expiry day the rules hold again
    public void Evaluate_ReleaseWithExpiry_SuppressesUntilItExpires(int daysAfterRelease, bool expectedOnHold)
    {
        var ledger = OneInvoice(500m, 90);
        var actions = new ManualActions([CreditSetup.Release(daysAgo: 0, untilInDays: 1)]);

        var hold = CreditSetup.Hold(ledger, actions: actions, asOf: A.AsOf.AddDays(daysAfterRelease));

        Assert.Equal(expectedOnHold, hold.OnHold);
        Assert.Equal(CreditCodes.OverdueAge, Assert.Single(hold.Reasons).Code);
    }

    [Theory]
    [InlineData(6, false)]
    [InlineData(7, true)] // default 7 days: expired on the seventh day
    public void Evaluate_ReleaseWithoutUntil_LastsTheDefaultDays(int daysAgo, bool expectedOnHold)
    {
        var actions = new ManualActions([CreditSetup.Release(daysAgo: daysAgo)]);

        var hold = CreditSetup.Hold(OneInvoice(500m, 90), actions: actions);

        Assert.Equal(expectedOnHold, hold.OnHold);
    }

    [Fact]
    public void Evaluate_ReleaseWithoutReason_IsIgnoredAndSaysWhy()
    {
        var actions = new ManualActions([CreditSetup.Release(reason: " ")]);

        var hold = CreditSetup.Hold(OneInvoice(500m, 90), actions: actions);

        Assert.True(hold.OnHold);
        Assert.Equal("release of customer C1 on 2026-06-30 ignored: a reason is required", Assert.Single(actions.Ignored));
    }

    [Fact]
    public void Evaluate_RuleStopsFiring_ReleasesAutomatically()
    {
        var previous = new HoldStatus("C1", true, [CreditCodes.OverdueAge], A.AsOf.AddDays(-3));

        var hold = CreditSetup.Hold(OneInvoice(500m, 10), previous: previous);

        Assert.False(hold.OnHold);
        var transition = Assert.Single(hold.Transitions);
        Assert.Equal(HoldTransitionKind.ReleasedAutomatically, transition.Kind);
        Assert.Equal(HoldTransition.ByRules, transition.By);
        Assert.Equal("no hold rule fires any more (was OVERDUE_AGE)", transition.Details);
        Assert.Null(hold.Status.Since);
    }

    [Fact]
    public void Evaluate_FirstPlacement_IsAPlacedEventWithTheFigures()
    {
        var hold = CreditSetup.Hold(OneInvoice(1_234.5m, 61), previous: HoldStatus.NotOnHold("C1"));

        var transition = Assert.Single(hold.Transitions);
        Assert.Equal(HoldTransitionKind.Placed, transition.Kind);
        Assert.Equal(HoldTransition.ByRules, transition.By);
        Assert.Equal("1 invoice more than 60 days overdue (1,234.50 USD)", transition.Details);
        Assert.Equal(A.AsOf, hold.Status.Since);
    }

    [Fact]
    public void Evaluate_StillOnHoldForOtherReasons_ReportsTheChange()
    {
        var previous = new HoldStatus("C1", true, [CreditCodes.OverdueAge], A.AsOf.AddDays(-3));

        var hold = CreditSetup.Hold(OneInvoice(2_000m, 61, limit: 1_000m), previous: previous);

        var transition = Assert.Single(hold.Transitions);
        Assert.Equal(HoldTransitionKind.ReasonsChanged, transition.Kind);
        Assert.Equal([CreditCodes.OverdueAge, CreditCodes.OverLimit], transition.Codes);
    }

    [Fact]
    public void Evaluate_MissingRateWhileOnHold_KeepsTheHold()
    {
        var ledger = A.Ledger([A.Customer(limit: 1_000m)], invoices: [A.Invoice("I1", 10m), A.Invoice("I2", 5_000m, currency: "GBP")]);
        var previous = new HoldStatus("C1", true, [CreditCodes.OverLimit], A.AsOf.AddDays(-3));

        var hold = CreditSetup.Hold(ledger, previous: previous);

        Assert.True(hold.OnHold);
        Assert.True(hold.KeptForMissingRate);
        Assert.Equal([CreditCodes.OverLimit], hold.Codes);
        Assert.Empty(hold.Transitions);
        Assert.False(CreditSetup.Hold(ledger).OnHold); // no hold to keep, none invented
    }

    [Fact]
    public void ForAccount_OnHold_ReadsAsTheDynamicsHoldText()
    {
        var ledger = A.Ledger([A.Customer(limit: 1_000m) with { Name = "Contoso Ltd" }], invoices: [A.Invoice("I1", 1_500m, 61)]);

        var text = HoldSentence.ForAccount(CreditSetup.Hold(ledger), new CollectorContact("COL-1", "Jane Doe", null));

        Assert.Equal(
            "Contoso Ltd is on credit hold — 1 invoice more than 60 days overdue (1,500.00 USD); exposure 1,500.00 USD against a limit of 1,000.00 USD. Contact Jane Doe (Collections) to request a release.",
            text);
    }

    [Fact]
    public void ForAccount_Released_SaysByWhomAndUntilWhen()
    {
        var ledger = A.Ledger([A.Customer() with { Name = "Contoso Ltd" }], invoices: [A.Invoice("I1", 1_500m, 61)]);

        var hold = CreditSetup.Hold(ledger, actions: new ManualActions([CreditSetup.Release(reason: "paid by wire")]));

        Assert.Equal(
            "Contoso Ltd's credit hold is released by Ann Lee until 2026-07-07 (paid by wire); without the release: 1 invoice more than 60 days overdue (1,500.00 USD).",
            HoldSentence.ForAccount(hold, new CollectorContact("COL-1", "Jane Doe", null)));
        Assert.Equal("", HoldSentence.ForAccount(CreditSetup.Hold(A.Ledger([A.Customer()])), new CollectorContact("COL-1", "Jane Doe", null)));
    }
}
