using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connector.Domain.CashApplication;
using Connector.Domain.Ledger;
using Connector.Sync.CashApplication;

namespace Connector.Sync.Tests.CashApplication;

/// <summary>
/// The cash step's whole plan (every match, line, explanation, candidate list, audit event and writeback row) on generated
/// days, reduced to a SHA-256 and compared with the digest the matcher gave before its speed work (decisions 121–123):
/// making matching faster must not change one character of what it decides or says. A deliberate change of a rule or a
/// sentence changes the digest; then print the new one (the message shows it) after checking the difference by hand.
/// </summary>
public sealed class CashPlanDigestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 17, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, false, "5097E8212FFE7D43BDA5CBF7279265CC0E2328F54F2BCCDBB110E30AD25ABF20")]
    [InlineData(2, true, "C948BAB813628DD448BFD856C885F7220EC3940057309CBAAAEB962CCE06056D")]
    public void Plan_GeneratedHardBankDay_SameDecisionsAndTextsAsBeforeTheSpeedWork(int seed, bool everyRule, string expected)
    {
        var set = HardCashSet.Generate(seed, rounds: 30);
        var policy = everyRule ? new CashApplicationPolicy { AutoAccept = Enum.GetValues<MatchMethod>() } : CashBench.AutoAccepting;

        var plan = CashCyclePlanner.Plan(set.Ledger, set.History, policy, Now, HardCashSet.CompanyCurrency);

        Assert.Equal(expected, Digest(plan));
    }

    [Theory]
    [InlineData(5, "2112AB373C5C3E9F7A0EEED5B352206ECED37182536FC09E657C89100F16A656")]
    public void Plan_GeneratedErpPaymentsOfKnownCustomers_SameDecisionsAndTextsAsBeforeTheSpeedWork(int seed, string expected)
    {
        var ledger = ErpDay(seed, customers: 300, payments: 900);
        var policy = new CashApplicationPolicy { AutoAccept = Enum.GetValues<MatchMethod>() };

        var plan = CashCyclePlanner.Plan(ledger, [], policy, Now, "USD");

        Assert.Equal(expected, Digest(plan));
    }

    private static string Digest(CashCyclePlan plan)
    {
        var json = JsonSerializer.Serialize(new { plan.Commit.NewMatches, plan.Commit.Updates, plan.Commit.Audit, plan.Commit.Outbox, plan.Counted, plan.Report });
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>
    /// ERP payments with the customer on them and remittance as messy as the samples': clean references, no prefix or zeros,
    /// payer unknown, several invoices, amount only, short within tolerance, nothing that matches; invoices with shared
    /// amounts so ties, combinations and tolerance cases occur; a few in EUR.
    /// </summary>
    private static ArLedger ErpDay(int seed, int customers, int payments)
    {
        var random = new Random(seed);
        var day = new DateOnly(2026, 11, 16);
        var amounts = new[] { 100m, 150m, 250m, 400m, 400.50m, 1000m, 1234.56m, 99.99m };
        var customerList = new List<Customer>();
        var invoices = new List<Invoice>();
        var number = 10_000;
        for (var c = 0; c < customers; c++)
        {
            var id = $"C{c:0000}";
            customerList.Add(new Customer { Id = id, Name = $"Customer {c} Trading", Currency = c % 17 == 0 ? "EUR" : "USD", ParentId = c % 10 == 9 ? $"C{c - 1:0000}" : null });
            for (var k = random.Next(1, 9); k > 0; k--)
            {
                var amount = random.Next(3) == 0 ? amounts[random.Next(amounts.Length)] : random.Next(50, 5000) + (random.Next(100) / 100m);
                var due = day.AddDays(-random.Next(-20, 90));
                invoices.Add(new Invoice
                {
                    Id = $"INV-{number++:0000000}",
                    CustomerId = id,
                    Currency = c % 17 == 0 ? "EUR" : "USD",
                    Amount = amount,
                    OpenAmount = amount,
                    DocumentDate = due.AddDays(-30),
                    DueDate = due,
                });
            }
        }

        var list = new List<Payment>();
        for (var p = 0; p < payments; p++)
        {
            var customer = customerList[random.Next(customerList.Count)];
            var open = invoices.Where(i => i.CustomerId == customer.Id).ToArray();
            var first = open[random.Next(open.Length)];
            var digits = first.Id[4..];
            var (amount, reference, customerId) = random.Next(100) switch
            {
                < 30 => (first.OpenAmount, first.Id, customer.Id),
                < 45 => (first.OpenAmount, "inv " + digits.TrimStart('0'), customer.Id),
                < 55 => (first.OpenAmount, $"Payment {first.Id}", (string?)null),
                < 65 => (open.Take(3).Sum(static i => i.OpenAmount), "Invoices " + string.Join(", ", open.Take(3).Select(static i => i.Id[4..])), customer.Id),
                < 75 => (first.OpenAmount, (string?)null, customer.Id),
                < 82 => (first.OpenAmount - Math.Round(first.OpenAmount * 0.004m, 2), first.Id, customer.Id),
                < 88 => (first.OpenAmount, $"{customer.Name} remittance", (string?)null),
                _ => (random.Next(10, 900) + 0.37m, "thank you", customer.Id),
            };
            list.Add(new Payment
            {
                Id = $"PAY-{p:000000}",
                CustomerId = customerId,
                Currency = first.Currency,
                Amount = amount,
                Reference = reference,
                Date = day.AddDays(-random.Next(10)),
            });
        }

        return new ArLedger(customerList, invoices, list, rates: [new ExchangeRate("EUR", new DateOnly(2026, 1, 1), 1.0800m)]);
    }
}
