using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;

namespace Connector.Domain.Tests.Evaluation;

/// <summary>The walk over open items sums in integers where it can (decision 136): every figure must be the decimal one, bit for bit.</summary>
public sealed class AccountFiguresTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 16);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Compute_RandomAccounts_EqualsTheSumsInDecimalsBitForBit(int seed)
    {
        var random = new Random(seed);
        var (ledger, plain) = RandomLedger(random, customers: 400);
        var rates = new CurrencyConverter("USD", ledger.Rates).At(AsOf);
        var layout = new AgingBuckets([30, 60, 90, 120]);
        var inIntegers = 0;
        foreach (var basis in new[] { AgingBasis.DueDate, AgingBasis.DocumentDate })
        {
            foreach (var account in ledger.Accounts)
            {
                var fast = new decimal[layout.Count];
                var reference = new decimal[layout.Count];
                var figures = AccountFigures.Compute(account, rates, layout, basis, 45, 500m, fast);
                var expected = AccountFigures.Compute(account, rates, layout, basis, 45, 500m, reference, inDecimalsOnly: true);

                Assert.Equal(Describe(expected, reference), Describe(figures, fast));
                var taken = AccountFigures.TrySumInUnits(account, AsOf, layout, basis == AgingBasis.DueDate, 45, 500m, new decimal[layout.Count], out _);
                inIntegers += taken ? 1 : 0;
                if (plain.Contains(account.Id))
                {
                    Assert.True(taken, $"{account.Id} has only plain amounts in its own currency and should be summed in integers");
                }
            }
        }

        // Both ways are exercised: most accounts in integers, the rest (other currency, 5 decimals, −0, wide, sums that cancel) in decimals.
        Assert.InRange(inIntegers, 400, (2 * 400) - 20);
    }

    /// <summary>Every decimal as its bits (value, scale and sign), so 1.5 and 1.50 differ here.</summary>
    private static string Describe(AccountFigures f, decimal[] buckets)
    {
        static string Bits(decimal d) => string.Join(':', decimal.GetBits(d));
        return string.Join(
            " ",
            Bits(f.TotalOpen), Bits(f.Overdue), Bits(f.Disputed), Bits(f.Unapplied), f.OldestOverdueDays, f.ItemCount, f.ItemsMissing, f.PaymentsMissing,
            Bits(f.Hold.OverdueAmount), f.Hold.OldestOverdueDays, Bits(f.Hold.OverdueUndisputed), f.Hold.AgedCount, Bits(f.Hold.AgedAmount), f.Hold.AgedOldestDays,
            string.Join(',', buckets.Select(Bits)));
    }

    private static (ArLedger Ledger, HashSet<string> Plain) RandomLedger(Random random, int customers)
    {
        var list = new List<Customer>();
        var invoices = new List<Invoice>();
        var plain = new HashSet<string>();
        for (var c = 0; c < customers; c++)
        {
            var id = $"C{c:0000}";
            var currency = c % 6 == 0 ? "EUR" : "USD";
            list.Add(new Customer { Id = id, Name = id, Currency = currency });
            var kind = c % 10; // 0–6 plain; 7 another currency; 8 an awkward amount; 9 items that cancel out
            var count = random.Next(0, 14);
            var amounts = new List<decimal>();
            for (var i = 0; i < count; i++)
            {
                amounts.Add(Amount(random, random.Next(0, 5)) * (random.Next(5) == 0 ? -1 : 1));
            }

            if (kind == 8)
            {
                amounts.Add(random.Next(4) switch
                {
                    0 => 1.23456m,
                    1 => new decimal(0, 0, 0, isNegative: true, scale: 2),
                    2 => 79_228_162_514_264_337_593_543_950.335m,
                    _ => 80_000_000_000_000m,
                });
            }

            if (kind == 9 && amounts.Count > 0)
            {
                amounts.Add(-amounts.Sum()); // the total (and maybe more) comes to zero
            }

            for (var i = 0; i < amounts.Count; i++)
            {
                var due = AsOf.AddDays(random.Next(-40, 200) * (random.Next(3) == 0 ? -1 : 1));
                invoices.Add(new Invoice
                {
                    Id = $"{id}-{i}",
                    CustomerId = id,
                    Type = amounts[i] < 0 ? DocumentType.CreditMemo : DocumentType.Invoice,
                    DocumentDate = random.Next(20) == 0 ? AsOf.AddDays(3) : due.AddDays(-30),
                    DueDate = due,
                    Amount = amounts[i],
                    OpenAmount = amounts[i],
                    Currency = kind == 7 && i == 0 ? (currency == "EUR" ? "USD" : "EUR") : currency,
                    Disputed = random.Next(6) == 0,
                });
            }

            if (kind <= 6)
            {
                plain.Add(id);
            }
        }

        return (new ArLedger(list, invoices, rates: [new ExchangeRate("EUR", AsOf.AddDays(-1), 1.0837m)]), plain);
    }

    /// <summary>An amount with the given number of decimals, trailing zeros kept (12.30 has scale 2).</summary>
    private static decimal Amount(Random random, int scale) =>
        new(random.Next(0, 5_000_000), 0, 0, false, (byte)scale);
}
