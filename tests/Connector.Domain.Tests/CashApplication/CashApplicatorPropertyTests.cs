using System.Text.Json;
using Connector.Domain.CashApplication;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;
using FsCheck;
using FsCheck.Xunit;

namespace Connector.Domain.Tests.CashApplication;

public sealed class CashApplicatorPropertyTests
{
    // Few distinct amounts, so exact matches, ties, combinations and tolerance cases all occur.
    private static readonly decimal[] InvoiceAmounts = [100m, 150m, 250m, 400m, 400.50m, 1000m];
    private static readonly decimal[] PaymentAmounts = [100m, 250m, 396.04m, 398m, 650m, 1500m, 50m, 400.50m];

    [Property(MaxTest = 300)]
    public void Apply_AnyLedger_AppliedPlusUnappliedEqualsAvailablePerPayment(byte[] invoiceSeeds, byte[] paymentSeeds)
    {
        var (invoices, payments) = Scenario(invoiceSeeds, paymentSeeds);

        var result = Cash.Run(invoices, [.. payments]);

        Assert.Equal(payments.Count, result.Payments.Count);
        foreach (var outcome in result.Payments)
        {
            var applied = result.Applications.Where(a => a.PaymentId == outcome.PaymentId).Sum(a => a.Amount);
            Assert.Equal(outcome.Available, outcome.Applied + outcome.Unapplied);
            Assert.Equal(applied, outcome.Applied);
            Assert.InRange(outcome.Unapplied, 0m, outcome.Available);
        }
    }

    [Property(MaxTest = 300)]
    public void Apply_AnyLedger_NeverAppliesBeyondAnInvoicesOpenAmount(byte[] invoiceSeeds, byte[] paymentSeeds)
    {
        var (invoices, payments) = Scenario(invoiceSeeds, paymentSeeds);

        var result = Cash.Run(invoices, [.. payments]);

        Assert.All(result.Applications, a => Assert.True(a.Amount > 0m));
        foreach (var invoice in invoices)
        {
            var settled = result.Applications.Where(a => a.InvoiceId == invoice.Id).Sum(a => a.Amount)
                + result.WriteOffs.Where(w => w.InvoiceId == invoice.Id).Sum(w => w.Amount);
            Assert.True(settled <= invoice.OpenAmount, $"{invoice.Id}: {settled} applied and written off, {invoice.OpenAmount} open");
        }
    }

    [Property(MaxTest = 200)]
    public void Apply_TwoInvoicesWithThePaymentsAmountAndNoReference_AppliesNothing(PositiveInt cents, byte[] otherSeeds)
    {
        var amount = cents.Get / 100m;
        var invoices = new List<Invoice> { Cash.Inv(1, amount, 30), Cash.Inv(2, amount, 5) };
        for (var k = 0; k < otherSeeds.Length; k++)
        {
            invoices.Add(Cash.Inv(10 + k, amount + 7.13m * (otherSeeds[k] + 1), otherSeeds[k] % 60));
        }

        var result = Cash.Run(invoices, A.Payment("P1", amount));

        Assert.Empty(result.Applications);
        var exception = Assert.Single(result.Exceptions);
        Assert.Equal(UnmatchedReason.AmountTie, exception.Reason);
    }

    [Property(MaxTest = 200)]
    public void Apply_InvoicesInAnyOrder_DecidesAndSaysTheSameAsGroupedByCustomer(byte[] invoiceSeeds, byte[] paymentSeeds, int shuffleSeed)
    {
        // The book takes invoices grouped by customer as they come and places any other order itself (decision 133);
        // either way every line, sentence and candidate must be the same.
        var (invoices, payments) = Scenario(invoiceSeeds, paymentSeeds);
        var grouped = invoices.OrderBy(static i => i.CustomerId, StringComparer.Ordinal).ThenBy(static i => i.DueDate).ToList();
        var random = new Random(shuffleSeed);
        var shuffled = invoices.OrderBy(_ => random.Next()).ToList();

        var fromGrouped = Cash.Run(grouped, [.. payments]);
        var fromShuffled = Cash.Run(shuffled, [.. payments]);

        Assert.Equal(JsonSerializer.Serialize(fromGrouped), JsonSerializer.Serialize(fromShuffled));
    }

    private static (List<Invoice> Invoices, List<Payment> Payments) Scenario(byte[] invoiceSeeds, byte[] paymentSeeds)
    {
        var invoices = new List<Invoice>();
        for (var k = 0; k < invoiceSeeds.Length && k < 30; k++)
        {
            var s = invoiceSeeds[k];
            invoices.Add(Cash.Inv(k + 1, InvoiceAmounts[s % InvoiceAmounts.Length], s % 50, customerId: s / 6 % 2 == 0 ? "C1" : "C2"));
        }

        var payments = new List<Payment>();
        for (var k = 0; k < paymentSeeds.Length && k < 20; k++)
        {
            var s = paymentSeeds[k];
            var customer = (s % 3) switch { 0 => "C1", 1 => "C2", _ => null };
            string? reference = null;
            if (s % 4 == 0 && invoices.Count > 0)
            {
                reference = $"INV-{(s / 4 % invoices.Count) + 1:000000}";
                if (s % 8 == 0)
                {
                    reference += $" inv {(s / 8 % invoices.Count) + 1}";
                }
            }

            payments.Add(A.Payment($"P{k:00}", PaymentAmounts[s % PaymentAmounts.Length], customer, reference, daysAgo: s % 5));
        }

        return (invoices, payments);
    }
}
