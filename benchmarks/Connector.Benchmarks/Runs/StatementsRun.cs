using Connector.Documents.Statements;
using Connector.Domain.Aging;
using Connector.Erp.Canonical;
using Connector.Sync.Collections;
using Connector.Sync.Statements;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// Statements of account for every customer of the sample company (October 2026, issued 2026-11-16): the figures alone
/// (the baseline) beside the figures and their PDF, per second, with the PDFs' sizes.
/// </summary>
internal static class StatementsRun
{
    public static int Run(string[] args)
    {
        var repetitions = EvaluationRun.Arg(args, "--repetitions", 5);
        var load = CanonicalFolderReader.Read(Path.Combine(IngestRun.RepositoryRoot(), "samples"));
        var ledger = load.Ledger ?? throw new InvalidOperationException("the sample company did not load: " + string.Join("; ", load.Errors));
        var builder = new StatementOfAccountBuilder("Sample Company", AgingBuckets.Default, new DunningMailOptions
        {
            CompanyName = "Sample Company",
            PayLinkPattern = "https://pay.sample-company.example/{customerId}?case={caseId}&amount={amount}",
        });
        var period = StatementPeriod.Month(2026, 10);
        var issued = new DateOnly(2026, 11, 16);
        var writer = new StatementPdfWriter();
        var count = ledger.Accounts.Count;
        Console.WriteLine($"Statements: {count} customers of the sample company, {period.Label}, {Environment.ProcessorCount} cores, load average {IngestRun.LoadAverage()}");

        var figures = TimedRun.Median("statement figures only (baseline)", repetitions, () =>
        {
            foreach (var account in ledger.Accounts)
            {
                _ = builder.Build(account, period, issued);
            }
        });
        var sizes = new List<int>(count);
        var pdfs = TimedRun.Median("statement figures + PDF", repetitions, () =>
        {
            sizes.Clear();
            foreach (var account in ledger.Accounts)
            {
                sizes.Add(writer.Write(builder.Build(account, period, issued)).Length);
            }
        });

        Console.WriteLine($"  figures: {count / figures.TotalSeconds:N0} statements/s; with the PDF: {count / pdfs.TotalSeconds:N0} PDFs/s ({pdfs.TotalMilliseconds / count:F2} ms each, {pdfs / figures:F0}× the figures alone)");
        Console.WriteLine($"  PDF size: {sizes.Average() / 1024:F1} KB on average, {sizes.Max() / 1024.0:F1} KB the largest (Graph's inline limit: 3,072 KB)");
        return 0;
    }
}
