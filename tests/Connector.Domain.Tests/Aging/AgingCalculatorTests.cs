using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Aging;

public sealed class AgingCalculatorTests
{
    private static readonly AgingPolicy Policy = new();

    private static AgingLine AgeOne(ArLedger ledger, string? company = "USD") =>
        AgingCalculator.Age(ledger.Accounts[0], Policy, AgingBuckets.Default,
            new CurrencyConverter(company!, ledger.Rates).At(A.AsOf));

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(30, 1)]
    [InlineData(31, 2)]
    [InlineData(60, 2)]
    [InlineData(61, 3)]
    [InlineData(90, 3)]
    [InlineData(91, 4)]
    [InlineData(120, 4)]
    [InlineData(121, 5)]
    [InlineData(400, 5)]
    public void Age_ItemAtBoundary_LandsInInclusiveBucket(int daysPastDue, int expectedBucket)
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("I1", 100m, daysPastDue)]);

        var line = AgeOne(ledger);

        Assert.Equal(100m, line.Buckets[expectedBucket]);
        Assert.Equal(100m, line.Buckets.Sum());
    }

    [Fact]
    public void Age_MixedItems_ReportsOverdueDisputedUnappliedAndOldest()
    {
        var ledger = A.Ledger(
            [A.Customer()],
            [
                A.Invoice("I1", 1_000m, daysPastDue: -3),
                A.Invoice("I2", 400m, daysPastDue: 45) with { Disputed = true },
                A.Invoice("I3", 250m, daysPastDue: 95),
                A.CreditMemo("CM1", 50m, daysPastDue: 10),
            ],
            [A.Payment("P1", 300m, applied: 100m)]);

        var line = AgeOne(ledger);

        Assert.Equal([1_000m, -50m, 400m, 0m, 250m, 0m], line.Buckets);
        Assert.Equal(1_600m, line.TotalOpen);
        Assert.Equal(600m, line.Overdue);
        Assert.Equal(400m, line.Disputed);
        Assert.Equal(200m, line.Unapplied);
        Assert.Equal(1_400m, line.NetBalance);
        Assert.Equal(95, line.OldestOverdueDays);
        Assert.Equal(4, line.ItemCount);
    }

    [Fact]
    public void Age_OldCreditMemo_NetsOverdueButIsNotTheOldestOverdue()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("I1", 300m, daysPastDue: 12), A.CreditMemo("CM1", 100m, daysPastDue: 400)]);

        var line = AgeOne(ledger);

        Assert.Equal(200m, line.Overdue);
        Assert.Equal(12, line.OldestOverdueDays);
    }

    [Fact]
    public void Age_DocumentDateBasis_CountsFromDocumentDate()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("I1", 100m, daysPastDue: 0)]);
        var policy = new AgingPolicy { Basis = AgingBasis.DocumentDate };

        var line = AgingCalculator.Age(ledger.Accounts[0], policy, AgingBuckets.Default, new CurrencyConverter("USD", []).At(A.AsOf));

        Assert.Equal(100m, line.Buckets[1]);
        Assert.Equal(30, line.OldestOverdueDays);
    }

    [Fact]
    public void Age_ForeignItemWithoutRate_IsNotEvaluableWithReason()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("I1", 100m, 5, currency: "EUR")]);

        var line = AgeOne(ledger);

        Assert.False(line.IsEvaluable);
        Assert.Contains("no EUR rate on or before 2026-06-30", line.NotEvaluableReason);
    }

    [Fact]
    public void Report_TwoCurrencies_TotalsInCompanyCurrencyWithLatestRate()
    {
        var ledger = A.Ledger(
            [A.Customer("C1"), A.Customer("C2", currency: "EUR")],
            [A.Invoice("I1", 100m, 5), A.Invoice("I2", 200m, 5, customerId: "C2", currency: "EUR")],
            rates: [new ExchangeRate("EUR", A.AsOf.AddDays(-10), 1.10m), new ExchangeRate("EUR", A.AsOf.AddDays(-1), 1.20m), new ExchangeRate("EUR", A.AsOf.AddDays(1), 9m)]);

        var report = AgingCalculator.Report(ledger, Policy, new CurrencyConverter("USD", ledger.Rates).At(A.AsOf));

        Assert.Equal(200m, report.Lines[1].TotalOpen);
        Assert.Equal("EUR", report.Lines[1].Currency);
        Assert.Equal(340m, report.Total.TotalOpen);
        Assert.Equal(AgingCalculator.TotalId, report.Total.CustomerId);
    }

    [Fact]
    public void Age_ItemDatedAfterAsOf_IsLeftOut()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("I1", 100m, -40) with { DocumentDate = A.AsOf.AddDays(1) }]);

        Assert.Equal(0m, AgeOne(ledger).TotalOpen);
    }

    [Fact]
    public void Buckets_CustomBounds_NameTheirColumns()
    {
        var buckets = new AgingBuckets([15, 45]);

        Assert.Equal(["current", "d1_15", "d16_45", "d46_plus"], buckets.Keys);
        Assert.Equal(["Current", "1–15", "16–45", "46+"], buckets.Labels);
    }
}
