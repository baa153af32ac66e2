using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Metrics;
using Connector.Domain.Tests.Builders;
using static Connector.Domain.Tests.Builders.Sales;

namespace Connector.Domain.Tests.Metrics;

public sealed class MetricsCalculatorTests
{
    private static PortfolioMetrics Compute(ArLedger ledger, MetricsPolicy? policy = null) =>
        MetricsCalculator.Compute(ledger, policy ?? new MetricsPolicy(), new CurrencyConverter("USD", ledger.Rates).At(A.AsOf));

    /// <summary>
    /// A quarter ending 30 Jun 2026 (period 2 Apr – 30 Jun, 90 days), net-30 terms:
    /// March 50,000 (10 Mar) paid 5 May; April 70,000 (15 Apr) of which 38,000 paid 10 Jun;
    /// May 80,000 (10 May) open; June 100,000 (5 Jun) open.
    /// Begin AR (1 Apr) 50,000; credit sales 70 + 80 + 100 = 250,000; end AR 32 + 80 + 100 = 212,000;
    /// end current AR (June, due 5 Jul) 100,000.
    /// </summary>
    private static ArLedger Quarter() => A.Ledger(
        [A.Customer()],
        [
            Paid("MAR", 50_000m, D(2026, 3, 10)),
            Invoice("APR", 70_000m, D(2026, 4, 15), open: 32_000m),
            Invoice("MAY", 80_000m, D(2026, 5, 10)),
            Invoice("JUN", 100_000m, D(2026, 6, 5)),
        ],
        [Payment("P1", 50_000m, D(2026, 5, 5)), Payment("P2", 38_000m, D(2026, 6, 10))]);

    [Fact]
    public void Compute_Quarter_InputsReconstructed()
    {
        var metrics = Compute(Quarter());

        Assert.Equal(D(2026, 4, 2), metrics.PeriodStart);
        Assert.Equal(90, metrics.PeriodDays);
        Assert.Equal(50_000m, metrics.BeginAr);
        Assert.Equal(250_000m, metrics.CreditSales);
        Assert.Equal(212_000m, metrics.EndAr);
        Assert.Equal(100_000m, metrics.EndCurrentAr);
        Assert.Equal(1, metrics.CustomersIncluded);
        Assert.Empty(metrics.LeftOut);
    }

    [Fact]
    public void Compute_Quarter_SimpleDsoBestPossibleAndDelinquent()
    {
        // DSO = 212,000 / 250,000 × 90 = 76.32; BPDSO = 100,000 / 250,000 × 90 = 36; ADD = 76.32 − 36 = 40.32.
        var metrics = Compute(Quarter());

        Assert.Equal(76.32m, metrics.DsoSimple);
        Assert.Equal(36m, metrics.BestPossibleDso);
        Assert.Equal(40.32m, metrics.AverageDaysDelinquent);
    }

    [Fact]
    public void Compute_Quarter_CollectionEffectivenessIndex()
    {
        // CEI = (50,000 + 250,000 − 212,000) / (50,000 + 250,000 − 100,000) × 100 = 88,000 / 200,000 × 100 = 44.
        Assert.Equal(44m, Compute(Quarter()).CollectionEffectivenessIndex);
    }

    [Fact]
    public void Compute_Quarter_CountbackOnCalendarMonths()
    {
        // The ar-anchors example: AR 212k, monthly sales 100k (Jun) / 80k (May) / 70k (Apr).
        // 212 − 100 = 112 → 30 days (June); 112 − 80 = 32 → 31 days (May); 32 / 70 × 30 (April) = 13.714…
        // DSO = 30 + 31 + 13.714… = 74.714… (the article's ~73.7 assumes 30-day months: 30 + 30 + 13.714).
        var metrics = Compute(Quarter());

        Assert.Equal(74.7143m, Math.Round(metrics.DsoCountback!.Value, 4));
        Assert.Equal(
            [
                new CountbackStep(D(2026, 6, 1), D(2026, 6, 30), 30, 100_000m, 212_000m, 30m),
                new CountbackStep(D(2026, 5, 1), D(2026, 5, 31), 31, 80_000m, 112_000m, 31m),
            ],
            metrics.CountbackSteps.Take(2));
        Assert.Equal(32_000m, metrics.CountbackSteps[2].ArBefore);
        Assert.Equal(3, metrics.CountbackSteps.Count);
    }

    [Fact]
    public void Countback_ThirtyDayMonths_ReproducesTheArticle()
    {
        // 30 + 30 + 32,000 / 70,000 × 30 = 60 + 13.7142857… = 73.71.
        var months = new[] { (D(2026, 6, 1), D(2026, 6, 30)), (D(2026, 5, 2), D(2026, 5, 31)), (D(2026, 4, 1), D(2026, 4, 30)) };

        var (dso, _, complete) = MetricsCalculator.Countback(212_000m, months, [100_000m, 80_000m, 70_000m]);

        Assert.True(complete);
        Assert.Equal(73.71m, Math.Round(dso!.Value, 2));
    }

    [Fact]
    public void Countback_SalesTooSmall_IsALowerBound()
    {
        var months = MetricsCalculator.MonthWindows(A.AsOf, 2);

        var (dso, steps, complete) = MetricsCalculator.Countback(1_000m, months, [100m, 100m]);

        Assert.False(complete);
        Assert.Equal(61m, dso);
        Assert.Equal(2, steps.Count);
    }

    [Fact]
    public void MonthWindows_MidMonth_EndOnTheSameDayOfEarlierMonths()
    {
        Assert.Equal(
            [(D(2026, 5, 16), D(2026, 6, 15)), (D(2026, 4, 16), D(2026, 5, 15))],
            MetricsCalculator.MonthWindows(D(2026, 6, 15), 2));
        Assert.Equal(
            [(D(2026, 6, 1), D(2026, 6, 30)), (D(2026, 5, 1), D(2026, 5, 31)), (D(2026, 4, 1), D(2026, 4, 30))],
            MetricsCalculator.MonthWindows(D(2026, 6, 30), 3));
    }

    [Fact]
    public void Compute_ShareCurrentAndOverNinety_AtTheBoundary()
    {
        // 500 current, 200 exactly 90 days past due (not over), 300 at 91 days (over): 50 % current, 30 % over 90.
        var ledger = A.Ledger([A.Customer()], [A.Invoice("I1", 500m, 0), A.Invoice("I2", 200m, 90), A.Invoice("I3", 300m, 91)]);

        var metrics = Compute(ledger);

        Assert.Equal(1_000m, metrics.EndAr);
        Assert.Equal(50m, metrics.PercentCurrent);
        Assert.Equal(30m, metrics.PercentOver);
        Assert.Equal(300m, metrics.EndOverAr);
    }

    [Fact]
    public void Compute_CreditMemoInPeriod_ReducesArButNotSales()
    {
        // Sales 1,000 (invoice 1 Jun); credit memo −200 (10 Jun) open: end AR 800, credit sales 1,000.
        var ledger = A.Ledger([A.Customer()],
            [Invoice("I1", 1_000m, D(2026, 6, 1)), Invoice("CM1", -200m, D(2026, 6, 10)) with { Type = DocumentType.CreditMemo }]);

        var metrics = Compute(ledger);

        Assert.Equal(1_000m, metrics.CreditSales);
        Assert.Equal(800m, metrics.EndAr);
        Assert.Equal(72m, metrics.DsoSimple);
    }

    [Fact]
    public void Compute_ForeignAndMissingRate_ConvertsOneLeavesOtherOutWithReason()
    {
        // EUR 1,000 at 1.10 → 1,100 USD; the GBP customer has no rate and is named.
        var ledger = A.Ledger(
            [A.Customer("C1", "EUR"), A.Customer("C2", "GBP")],
            [Invoice("I1", 1_000m, D(2026, 6, 1), customerId: "C1", currency: "EUR"), Invoice("I2", 500m, D(2026, 6, 1), customerId: "C2", currency: "GBP")],
            rates: [new ExchangeRate("EUR", D(2026, 6, 1), 1.10m)]);

        var metrics = Compute(ledger);

        Assert.Equal(1_100m, metrics.EndAr);
        Assert.Equal(1_100m, metrics.CreditSales);
        var leftOut = Assert.Single(metrics.LeftOut);
        Assert.Equal("C2", leftOut.CustomerId);
        Assert.StartsWith("customer C2: no GBP rate on or before 2026-06-30", leftOut.Reason, StringComparison.Ordinal);
        Assert.Contains("1 customer(s) left out for a missing exchange rate", metrics.Notes);
    }

    [Fact]
    public void Compute_NoSalesInPeriod_DsoUndefinedWithNote()
    {
        var ledger = A.Ledger([A.Customer()], [Invoice("I1", 1_000m, D(2025, 6, 1))]);

        var metrics = Compute(ledger);

        Assert.Null(metrics.DsoSimple);
        Assert.Null(metrics.BestPossibleDso);
        Assert.Contains(metrics.Notes, n => n.StartsWith("no credit sales between 2026-04-02 and 2026-06-30", StringComparison.Ordinal));
    }
}
