using System.Globalization;
using Connector.Domain.Ledger;

namespace Connector.Benchmarks.Data;

/// <summary>
/// Unapplied payments against a synthetic ledger's open invoices, with remittance as messy as the
/// sample company's: references with and without prefix or zeros, several invoices per payment,
/// amount-only payments, short payments and payments that match nothing.
/// </summary>
internal static class SyntheticPayments
{
    public static ArLedger WithPayments(ArLedger ledger, int count, int seed = 7)
    {
        var random = new Random(seed);
        var invoiceAccounts = ledger.Accounts.Where(static a => a.OpenItems.Any(static i => !i.IsCreditMemo)).ToArray();
        var payments = new List<Payment>(count);
        for (var i = 0; i < count; i++)
        {
            var account = invoiceAccounts[random.Next(invoiceAccounts.Length)];
            var open = account.OpenItems.Where(static x => !x.IsCreditMemo).ToArray();
            var first = open[random.Next(open.Length)];
            var kind = random.Next(100);
            var (amount, reference, customerId) = kind switch
            {
                < 35 => (first.OpenAmount, first.Id, account.Id),                                         // clean reference
                < 50 => (first.OpenAmount, "inv " + Number(first.Id).TrimStart('0'), account.Id),         // no prefix, no zeros
                < 60 => (first.OpenAmount, $"Payment {first.Id}", (string?)null),                        // payer unknown
                < 70 => Several(open, random, account.Id),                                                // several invoices
                < 80 => (first.OpenAmount, null, account.Id),                                             // amount only
                < 88 => (first.OpenAmount - Math.Round(first.OpenAmount * 0.004m, 2), first.Id, account.Id), // short within tolerance
                _ => (random.Next(10, 900) + 0.37m, "thank you", account.Id),                             // nothing matches
            };
            payments.Add(new Payment
            {
                Id = $"PAY-{i:0000000}",
                CustomerId = customerId,
                Currency = first.Currency,
                Amount = amount,
                Reference = reference,
                Date = SyntheticLedger.AsOf.AddDays(-random.Next(10)),
            });
        }

        return new ArLedger(
            ledger.Accounts.Select(static a => a.Customer),
            ledger.Accounts.SelectMany(static a => a.Invoices),
            payments,
            ledger.Accounts.SelectMany(static a => a.Orders),
            ledger.Rates,
            ledger.Accounts.SelectMany(static a => a.Promises),
            ledger.Collectors);
    }

    private static (decimal, string?, string?) Several(Invoice[] open, Random random, string customerId)
    {
        var picked = open.OrderBy(_ => random.Next()).Take(Math.Min(3, open.Length)).ToArray();
        var text = "Invoices " + string.Join(", ", picked.Select(static p => Number(p.Id)));
        return (picked.Sum(static p => p.OpenAmount), text, customerId);
    }

    private static string Number(string invoiceId) =>
        invoiceId[(invoiceId.IndexOf('-', StringComparison.Ordinal) + 1)..].ToString(CultureInfo.InvariantCulture);
}
