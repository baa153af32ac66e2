using Connector.Bank.Tests.Support;

namespace Connector.Bank.Tests.Samples;

/// <summary>The sample company's statements (samples/bank, from samples/generator/export-bank.cs) against their truth file.</summary>
public sealed class SampleStatementTests
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    [Fact]
    public async Task Run_SampleCamt053AndBai2Together_EachEntryOnePaymentTheReturnedOneReversed()
    {
        var truth = File.ReadAllLines(Path.Combine(Samples, "truth", "bank-statement.csv")).Skip(1).Select(static l => l.Split(',')).ToList();
        await using var bench = await BankBench.CreateAsync();
        foreach (var file in Directory.GetFiles(Path.Combine(Samples, "bank")))
        {
            File.Copy(file, Path.Combine(bench.DropFolder, Path.GetFileName(file)));
        }

        var report = await bench.RunAsync();

        Assert.Empty(report.FileProblems);
        Assert.Empty(report.Warnings);
        Assert.Equal(2, report.Files.Count);
        Assert.Equal(1, report.Reversed);
        var payments = await bench.Store.ReadBankPaymentsAsync(CancellationToken.None);
        var credits = truth.Count(static t => t[4] is "erp_unapplied" or "new_payment");
        Assert.Equal(credits - 1, payments.Count);
        Assert.Equal(credits - 1, payments.Select(static p => p.BankReference).Distinct().Count());
        var returned = truth.Single(static t => t[4] == "reversal")[5];
        Assert.DoesNotContain(payments, p => p.BankReference == returned);
        Assert.All(payments, static p => Assert.Contains(p.Currency, (string[])["USD", "EUR"]));
        Assert.Contains(payments, static p => p.Reference is { } r && r.Contains(" RF", StringComparison.Ordinal) || p.Reference?.StartsWith("RF", StringComparison.Ordinal) == true);
    }
}
