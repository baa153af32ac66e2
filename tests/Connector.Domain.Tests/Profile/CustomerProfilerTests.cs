using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Profile;
using Connector.Domain.Tests.Builders;
using static Connector.Domain.Tests.Builders.Sales;

namespace Connector.Domain.Tests.Profile;

public sealed class CustomerProfilerTests
{
    private static CustomerProfile ProfileOf(ArLedger ledger, RiskPolicy? policy = null) =>
        CustomerProfiler.Profile(ledger.Accounts[0], policy ?? new RiskPolicy(), new CurrencyConverter("USD", ledger.Rates).At(A.AsOf));

    /// <summary>I1 1,000 (1 Jan, due 31 Jan) paid 21 Jan; I2 3,000 (1 Feb, due 3 Mar) paid 2 Apr.</summary>
    private static ArLedger OneOnTimeOneLate(Customer? customer = null, IEnumerable<PaymentPromise>? promises = null) => A.Ledger(
        [customer ?? A.Customer()],
        [Paid("I1", 1_000m, D(2026, 1, 1)), Paid("I2", 3_000m, D(2026, 2, 1))],
        [Payment("P1", 1_000m, D(2026, 1, 21)), Payment("P2", 3_000m, D(2026, 4, 2))],
        promises: promises);

    [Fact]
    public void Profile_TwoPaidInvoices_AveragesAreAmountWeighted()
    {
        // Days to pay: I1 20, I2 60 → (1,000 × 20 + 3,000 × 60) / 4,000 = 200,000 / 4,000 = 50.
        // Days late:   I1 0,  I2 30 → (1,000 × 0 + 3,000 × 30) / 4,000 = 90,000 / 4,000 = 22.5.
        var profile = ProfileOf(OneOnTimeOneLate());

        Assert.Equal(50m, profile.AverageDaysToPay);
        Assert.Equal(22.5m, profile.AverageDaysLate);
        Assert.Equal(4_000m, profile.CashReceived);
        Assert.Equal(2, profile.PaidInvoices);
        Assert.Equal(1, profile.PaidLate);
        Assert.Equal(50m, profile.LateSharePercent);
    }

    [Fact]
    public void Profile_LateBehaviour_ClassIsTheWorstFactorWithItsReason()
    {
        // 22.5 days late > 15 → C; 50 % paid late > 40 → C; nothing else raises it.
        var profile = ProfileOf(OneOnTimeOneLate());

        Assert.Equal(RiskClass.C, profile.RiskClass);
        var daysLate = profile.Factors.Single(f => f.Code == RiskFactor.DaysLate);
        Assert.Equal(RiskClass.C, daysLate.Class);
        Assert.Equal("average days late (amount-weighted) 22.5, above 15", daysLate.Reason);
        Assert.Equal(RiskClass.C, profile.Factors.Single(f => f.Code == RiskFactor.LateShare).Class);
        Assert.Equal(RiskClass.A, profile.Factors.Single(f => f.Code == RiskFactor.BrokenPromises).Class);
    }

    [Theory]
    [InlineData(15, 0)]  // paid 15 days after the due date: within the grace days, not late
    [InlineData(16, 50)] // 16 days after: late
    public void Profile_PaidJustAfterDueDate_LateShareHonoursGraceDays(int daysAfterDue, int expectedLateShare)
    {
        // I1 due 31 Jan paid 21 Jan (on time); I2 due 3 Mar paid daysAfterDue later.
        var ledger = A.Ledger(
            [A.Customer()],
            [Paid("I1", 1_000m, D(2026, 1, 1)), Paid("I2", 3_000m, D(2026, 2, 1))],
            [Payment("P1", 1_000m, D(2026, 1, 21)), Payment("P2", 3_000m, D(2026, 3, 3).AddDays(daysAfterDue))]);

        var profile = ProfileOf(ledger);

        Assert.Equal(expectedLateShare, profile.LateSharePercent);
    }

    [Theory]
    [InlineData("5", RiskClass.A)]
    [InlineData("5.01", RiskClass.B)]
    [InlineData("15", RiskClass.B)]
    [InlineData("15.01", RiskClass.C)]
    [InlineData("30", RiskClass.C)]
    [InlineData("30.01", RiskClass.D)]
    public void Classify_DaysLateAtBoundaries_AboveIsStrict(string value, RiskClass expected)
    {
        var thresholds = new RiskPolicy().DaysLateThresholds;

        Assert.Equal(expected, CustomerProfiler.Classify(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), thresholds));
    }

    [Theory]
    [InlineData(0, RiskClass.A)]
    [InlineData(1, RiskClass.B)]
    [InlineData(2, RiskClass.C)]
    [InlineData(3, RiskClass.D)]
    public void Classify_BrokenPromises_OneBrokenMakesB(int broken, RiskClass expected)
    {
        Assert.Equal(expected, CustomerProfiler.Classify(broken, new RiskPolicy().BrokenPromiseThresholds));
    }

    [Fact]
    public void Profile_OnTimePayerWithABrokenPromise_IsB()
    {
        // Paid 1,000 on time; promised 500 by 20 Jun (made 10 Jun) and paid nothing since → broken.
        var ledger = A.Ledger([A.Customer()],
            [Paid("I1", 1_000m, D(2026, 1, 1))],
            [Payment("P1", 1_000m, D(2026, 1, 25))],
            promises: [A.Promise(500m, promisedDaysAgo: 20, dueInDays: -10)]);

        var profile = ProfileOf(ledger);

        Assert.Equal(1, profile.BrokenPromises);
        Assert.Equal(RiskClass.B, profile.RiskClass);
        Assert.Equal("broken promises 1, above 0", profile.Factors.Single(f => f.Code == RiskFactor.BrokenPromises).Reason);
    }

    [Fact]
    public void Profile_Utilisation_ExposureOverLimit()
    {
        // Exposure 8,000 open + 1,000 uninvoiced order − 500 unapplied = 8,500; limit 10,000 → 85 % > 80 → B.
        var ledger = A.Ledger([A.Customer(limit: 10_000m)],
            [Paid("I0", 100m, D(2026, 1, 1)), A.Invoice("I1", 8_000m, 0)],
            [Payment("P0", 100m, D(2026, 1, 20)), A.Payment("P1", 500m)],
            [A.Order("O1", 1_000m)]);

        var profile = ProfileOf(ledger);

        Assert.Equal(8_500m, profile.Exposure);
        Assert.Equal(85m, profile.UtilisationPercent);
        Assert.Equal(RiskClass.B, profile.RiskClass);
    }

    [Fact]
    public void Profile_NoPaymentInLookback_TakesTheNoHistoryClass()
    {
        var profile = ProfileOf(A.Ledger([A.Customer()], [A.Invoice("I1", 1_000m, -10)]));

        Assert.Equal(RiskClass.B, profile.RiskClass);
        Assert.Contains(profile.Factors, f => f.Code == RiskFactor.NoHistory && f.Class == RiskClass.B);
        Assert.Null(profile.AverageDaysToPay);
    }

    [Fact]
    public void Profile_DisputedOpenInvoices_Counted()
    {
        var ledger = A.Ledger([A.Customer()],
            [A.Invoice("I1", 100m, 10) with { Disputed = true }, A.Invoice("I2", 100m, 20) with { Disputed = true }, A.Invoice("I3", 100m, 5)]);

        var profile = ProfileOf(ledger);

        Assert.Equal(2, profile.Disputes);
        Assert.Equal(RiskClass.B, profile.Factors.Single(f => f.Code == RiskFactor.Disputes).Class);
    }

    [Fact]
    public void SuggestLimit_ClassB_MonthlySalesTimesTermsTimesMultiplierRoundedDown()
    {
        // 10,000 × (30 + 15) / 30 = 15,000 × 0.75 = 11,250 → 11,000.
        var (limit, explanation) = CustomerProfiler.SuggestLimit(10_000m, 12m, 30, RiskClass.B, new RiskPolicy(), "USD");

        Assert.Equal(11_000m, limit);
        Assert.Equal(
            "average monthly sales 10,000.00 USD (over 12 months) × terms factor 1.5 ((30 + 15) / 30 days) × class B multiplier 0.75 = 11,250.00 USD, rounded down to a multiple of 1,000: 11,000.00 USD",
            explanation);
    }

    [Fact]
    public void SuggestLimit_ClassD_IsZero()
    {
        Assert.Equal(0m, CustomerProfiler.SuggestLimit(10_000m, 12m, 30, RiskClass.D, new RiskPolicy(), "USD").Limit);
    }

    [Fact]
    public void Profile_TwelveMonthsOfOnTimeSales_SuggestsOneAndAHalfMonths()
    {
        // 12 invoices of 10,000 from 1 Jul 2025 (the window's first day), each paid 25 days later:
        // class A; 120,000 / 12 months = 10,000 × 1.5 × 1 = 15,000.
        var invoices = Enumerable.Range(0, 12).Select(m => Paid($"I{m}", 10_000m, D(2025, 7, 1).AddMonths(m))).ToList();
        var payments = invoices.Select((i, n) => Payment($"P{n}", 10_000m, i.DocumentDate.AddDays(25))).Where(p => p.Date <= A.AsOf).ToList();
        var ledger = A.Ledger([A.Customer()], invoices, payments);

        var profile = ProfileOf(ledger);

        Assert.Equal(RiskClass.A, profile.RiskClass);
        Assert.Equal(120_000m, profile.CreditSales);
        Assert.Equal(10_000m, profile.AverageMonthlySales);
        Assert.Equal(15_000m, profile.SuggestedLimit);
    }

    [Fact]
    public void Profile_NoSales_NoSuggestedLimit()
    {
        var profile = ProfileOf(A.Ledger([A.Customer()]));

        Assert.Null(profile.SuggestedLimit);
        Assert.Equal("no credit sales in the last 365 days: no basis for a limit", profile.SuggestedLimitExplanation);
    }

    [Fact]
    public void Profile_MissingRate_NotEvaluable()
    {
        var profile = ProfileOf(A.Ledger([A.Customer("C1", "EUR")], [A.Invoice("I1", 100m)]));

        Assert.False(profile.IsEvaluable);
        Assert.StartsWith("customer C1: no EUR rate on or before 2026-06-30", profile.NotEvaluableReason, StringComparison.Ordinal);
    }
}
