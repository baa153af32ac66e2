using Connector.Domain.Aging;
using Connector.Domain.Allowance;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Allowance;

public sealed class AllowanceCalculatorTests
{
    private static AllowanceReport Compute(ArLedger ledger, AllowancePolicy? policy = null, AgingPolicy? aging = null)
    {
        var rates = new CurrencyConverter("USD", ledger.Rates).At(A.AsOf);
        var report = AgingCalculator.Report(ledger, aging ?? new AgingPolicy(), rates);
        return AllowanceCalculator.Compute(report, policy ?? new AllowancePolicy(), ledger, rates);
    }

    [Fact]
    public void Compute_DefaultRates_SumsOpenTimesRatePerBucket()
    {
        // 10,000 current × 1 % = 100; 2,000 at 75 days (61–90) × 25 % = 500; target 600.
        var ledger = A.Ledger([A.Customer()], [A.Invoice("I1", 10_000m, 0), A.Invoice("I2", 2_000m, 75)]);

        var result = Compute(ledger);

        Assert.Equal(600m, result.Target);
        Assert.Equal(["Current", "1–30", "31–60", "61–90", "91–120", "121+"], result.Buckets.Select(b => b.Label));
        Assert.Equal([10_000m, 0m, 0m, 2_000m, 0m, 0m], result.Buckets.Select(b => b.Open));
        Assert.Equal([1m, 3m, 10m, 25m, 50m, 75m], result.Buckets.Select(b => b.RatePercent));
        Assert.Equal([100m, 0m, 0m, 500m, 0m, 0m], result.Buckets.Select(b => b.Allowance));
        Assert.Equal("USD", result.Currency);
        Assert.Empty(result.LeftOut);
    }

    [Fact]
    public void Compute_EveryBucket_UsesItsDefaultRate()
    {
        // 1,000 in each bucket: 10 + 30 + 100 + 250 + 500 + 750 = 1,640.
        var ledger = A.Ledger([A.Customer()],
        [
            A.Invoice("I0", 1_000m, 0), A.Invoice("I1", 1_000m, 30), A.Invoice("I2", 1_000m, 31),
            A.Invoice("I3", 1_000m, 90), A.Invoice("I4", 1_000m, 91), A.Invoice("I5", 1_000m, 121),
        ]);

        Assert.Equal(1_640m, Compute(ledger).Target);
    }

    [Fact]
    public void Compute_DisputedRateSet_DisputedItemsTakeItInTheirBucket()
    {
        // Current: 9,000 × 1 % + 1,000 disputed × 40 % = 90 + 400 = 490.
        // 31–60:   1,500 × 10 % + 500 disputed × 40 % = 150 + 200 = 350. Target 840.
        var ledger = A.Ledger([A.Customer()],
        [
            A.Invoice("I1", 9_000m, 0),
            A.Invoice("I2", 1_000m, -5) with { Disputed = true },
            A.Invoice("I3", 1_500m, 40),
            A.Invoice("I4", 500m, 45) with { Disputed = true },
        ]);

        var result = Compute(ledger, new AllowancePolicy { DisputedRatePercent = 40m });

        Assert.Equal(840m, result.Target);
        Assert.Equal([1_000m, 0m, 500m, 0m, 0m, 0m], result.Buckets.Select(b => b.Disputed));
        Assert.Equal([490m, 0m, 350m, 0m, 0m, 0m], result.Buckets.Select(b => b.Allowance));
        Assert.All(result.Buckets, b => Assert.Equal(40m, b.DisputedRatePercent));
    }

    [Fact]
    public void Compute_NoDisputedRate_DisputedItemsTakeTheBucketRate()
    {
        // Same items without a disputed rate: 10,000 × 1 % + 2,000 × 10 % = 100 + 200 = 300.
        var ledger = A.Ledger([A.Customer()],
        [
            A.Invoice("I1", 9_000m, 0),
            A.Invoice("I2", 1_000m, -5) with { Disputed = true },
            A.Invoice("I3", 1_500m, 40),
            A.Invoice("I4", 500m, 45) with { Disputed = true },
        ]);

        var result = Compute(ledger);

        Assert.Equal(300m, result.Target);
        Assert.All(result.Buckets, b => Assert.Equal(0m, b.Disputed));
    }

    [Fact]
    public void Compute_TargetAboveBalance_ProposesBadDebtExpense()
    {
        // Target 600, books 250: Dr bad-debt expense / Cr allowance 350.
        var ledger = A.Ledger([A.Customer()], [A.Invoice("I1", 10_000m, 0), A.Invoice("I2", 2_000m, 75)]);

        var entry = Compute(ledger, new AllowancePolicy { CurrentBalance = 250m }).Adjustment;

        Assert.Equal(350m, entry.Amount);
        Assert.Equal(AdjustmentDirection.Increase, entry.Direction);
        Assert.Equal("Bad-debt expense", entry.DebitAccount);
        Assert.Equal("Allowance for doubtful accounts", entry.CreditAccount);
        Assert.Equal(
            "Dr Bad-debt expense / Cr Allowance for doubtful accounts 350.00 USD (target 600.00 USD − balance 250.00 USD).",
            entry.Explanation);
    }

    [Fact]
    public void Compute_TargetBelowBalance_ProposesRelease()
    {
        // Target 600, books 1,000: release 400 (Dr allowance / Cr bad-debt expense).
        var ledger = A.Ledger([A.Customer()], [A.Invoice("I1", 10_000m, 0), A.Invoice("I2", 2_000m, 75)]);

        var entry = Compute(ledger, new AllowancePolicy { CurrentBalance = 1_000m }).Adjustment;

        Assert.Equal(-400m, entry.Amount);
        Assert.Equal(AdjustmentDirection.Release, entry.Direction);
        Assert.Equal("Allowance for doubtful accounts", entry.DebitAccount);
        Assert.Equal("Bad-debt expense", entry.CreditAccount);
        Assert.Equal(
            "Release: Dr Allowance for doubtful accounts / Cr Bad-debt expense 400.00 USD (target 600.00 USD − balance 1,000.00 USD).",
            entry.Explanation);
    }

    [Fact]
    public void Adjust_TargetEqualsBalance_NoEntry()
    {
        var entry = AllowanceCalculator.Adjust(600m, 600m, "USD");

        Assert.Equal(AdjustmentDirection.None, entry.Direction);
        Assert.Equal(0m, entry.Amount);
    }

    [Fact]
    public void Compute_CreditMemoOutweighsItsBucket_FloorsThatBucketAtZero()
    {
        // 1–30: 100 invoice − 300 credit memo = −200 → allowance 0 (not −6). Current 1,000 × 1 % = 10.
        var ledger = A.Ledger([A.Customer()],
            [A.Invoice("I1", 1_000m, 0), A.Invoice("I2", 100m, 10), A.CreditMemo("CM1", 300m, 20)]);

        var result = Compute(ledger);

        Assert.Equal(-200m, result.Buckets[1].Open);
        Assert.Equal(0m, result.Buckets[1].Allowance);
        Assert.True(result.Buckets[1].Floored);
        Assert.False(result.Buckets[0].Floored);
        Assert.Equal(10m, result.Target);
    }

    [Fact]
    public void Compute_ForeignCustomerAndMissingRate_ConvertsOneLeavesOtherOut()
    {
        // EUR at 1.10: 1,000 EUR current = 1,100 USD × 1 % = 11. The GBP customer has no rate.
        var ledger = A.Ledger(
            [A.Customer("C1", "EUR"), A.Customer("C2", "GBP")],
            [A.Invoice("I1", 1_000m, 0, "C1", "EUR"), A.Invoice("I2", 5_000m, 100, "C2", "GBP")],
            rates: [new ExchangeRate("EUR", A.AsOf.AddDays(-3), 1.10m)]);

        var result = Compute(ledger, new AllowancePolicy { DisputedRatePercent = 50m });

        Assert.Equal(11m, result.Target);
        var leftOut = Assert.Single(result.LeftOut);
        Assert.StartsWith("customer C2: no GBP rate on or before 2026-06-30", leftOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_RateCountDiffersFromBuckets_Throws()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("I1", 100m)]);

        var error = Assert.Throws<ArgumentException>(() => Compute(ledger, new AllowancePolicy { BucketRatesPercent = [1m, 2m] }));

        Assert.Contains("Allowance:BucketRatesPercent must list 6 rates", error.Message, StringComparison.Ordinal);
    }
}
