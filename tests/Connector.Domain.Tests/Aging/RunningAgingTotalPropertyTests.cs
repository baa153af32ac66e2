using System.Text.Json;
using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;
using FsCheck;
using FsCheck.Fluent;

namespace Connector.Domain.Tests.Aging;

/// <summary>
/// The portfolio total kept by taking changed customers' old lines out and adding their new ones (decision 137), against the
/// total summed whole in ledger order as the full evaluation sums it, on random portfolios and random change sequences.
/// </summary>
public sealed class RunningAgingTotalPropertyTests
{
    // EUR converts exactly; GBP's rate has 22 decimals, so its conversions round; CHF has no rate in some portfolios.
    private static readonly ExchangeRate[] Exact = [new("EUR", A.AsOf.AddDays(-3), 1.0856m), new("JPY", A.AsOf.AddDays(-3), 0.006712m)];
    private static readonly ExchangeRate Rounding = new("GBP", A.AsOf.AddDays(-3), 1.2718836412937765432198m);

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property Total_RandomChangeSequences_EqualsTheTotalSummedWholeAfterEveryStep() =>
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), seed =>
        {
            var random = new Random(seed);
            var roundingRate = random.Next(4) == 0;
            var missingRate = random.Next(5) == 0;
            var currencies = new List<string> { "USD", "EUR", "JPY" };
            if (roundingRate)
            {
                currencies.Add("GBP");
            }

            if (missingRate)
            {
                currencies.Add("CHF");
            }

            IReadOnlyList<ExchangeRate> table = roundingRate ? [.. Exact, Rounding] : Exact;
            var customers = Enumerable.Range(0, random.Next(1, 40))
                .Select(i => A.Customer($"C{i:000}", currencies[random.Next(currencies.Count)]))
                .ToList();
            var invoices = customers.ToDictionary(static c => c.Id, c => Invoices(random, c), StringComparer.Ordinal);
            var rates = new CurrencyConverter("USD", table).At(A.AsOf);

            var current = Table(customers, invoices, table, rates);
            var owners = Enumerable.Repeat(current, customers.Count).ToArray();
            var running = new RunningAgingTotal(rates, table, AgingBuckets.Default.Count);
            for (var i = 0; i < customers.Count; i++)
            {
                running.Add(current, i);
            }

            for (var step = 0; step < 8; step++)
            {
                if (!Same(running, owners, rates, expectKnown: !roundingRate && !missingRate))
                {
                    return false;
                }

                // Some customers' invoices change (a new table holds their figures); the running total replaces their lines.
                var changed = Enumerable.Range(0, customers.Count).Where(_ => random.Next(3) == 0).ToList();
                foreach (var index in changed)
                {
                    invoices[customers[index].Id] = Invoices(random, customers[index]);
                }

                var next = Table(customers, invoices, table, rates);
                running = running.Copy();
                foreach (var index in changed)
                {
                    running.Remove(owners[index], index);
                    running.Add(next, index);
                    owners[index] = next;
                }
            }

            return Same(running, owners, rates, expectKnown: !roundingRate && !missingRate);
        });

    [Fact]
    public void Total_AnotherCustomersLineRemovedWithTheOnlyThreeDecimalAmount_ShowsTheScaleTheFullSumShows()
    {
        var customers = new[] { A.Customer("C1"), A.Customer("C2") };
        var invoices = new Dictionary<string, List<Invoice>>(StringComparer.Ordinal)
        {
            ["C1"] = [A.Invoice("I1", 10.50m, 40, "C1")],
            ["C2"] = [A.Invoice("I2", 1.125m, 40, "C2")],
        };
        var rates = new CurrencyConverter("USD", []).At(A.AsOf);
        var first = Table(customers, invoices, [], rates);
        var running = new RunningAgingTotal(rates, [], AgingBuckets.Default.Count);
        running.Add(first, 0);
        running.Add(first, 1);

        invoices["C2"] = [A.Invoice("I2", 2m, 40, "C2")];
        var second = Table(customers, invoices, [], rates);
        running.Remove(first, 1);
        running.Add(second, 1);

        var line = running.ToLine();
        Assert.NotNull(line);
        Assert.Equal("12.50", line.TotalOpen.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(JsonSerializer.Serialize(Whole([first, second], rates)), JsonSerializer.Serialize(line));
    }

    private static bool Same(RunningAgingTotal running, AccountFigureTable[] owners, RatesAsOf rates, bool expectKnown)
    {
        var line = running.ToLine();
        if (line is null)
        {
            return !expectKnown;
        }

        return JsonSerializer.Serialize(line) == JsonSerializer.Serialize(Whole(owners, rates));
    }

    /// <summary>The full evaluation's sum: every position's line in ledger order.</summary>
    private static AgingLine Whole(AccountFigureTable[] owners, RatesAsOf rates)
    {
        var sum = new PortfolioAgingTotal(rates, AgingBuckets.Default.Count);
        for (var i = 0; i < owners.Length; i++)
        {
            sum.Add(owners[i], i);
        }

        return sum.ToLine();
    }

    private static AccountFigureTable Table(IReadOnlyList<Customer> customers, Dictionary<string, List<Invoice>> invoices, IReadOnlyList<ExchangeRate> table, RatesAsOf rates) =>
        AccountFigureTable.Compute(
            new ArLedger(customers, customers.SelectMany(c => invoices[c.Id]), rates: table), rates, AgingBuckets.Default, AgingBasis.DueDate, 1, 0m);

    private static List<Invoice> Invoices(Random random, Customer customer)
    {
        var list = new List<Invoice>();
        for (var n = random.Next(4); n > 0; n--)
        {
            // Amounts of 0 to 4 decimals, credit memos among them, some disputed, due over a year.
            var units = random.Next(-2_000, 90_000);
            var amount = new decimal(Math.Abs(units), 0, 0, units < 0, (byte)random.Next(5));
            var invoice = A.Invoice($"{customer.Id}-{random.Next(1_000_000)}", amount, random.Next(-30, 400), customer.Id, customer.Currency) with
            {
                Disputed = random.Next(8) == 0,
            };
            list.Add(amount < 0 ? invoice with { Type = DocumentType.CreditMemo } : invoice);
        }

        return list;
    }
}
