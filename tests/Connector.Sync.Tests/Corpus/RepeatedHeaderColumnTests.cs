using Connector.Mapping.Canonical;
using Connector.Sync.Tests.Support;

namespace Connector.Sync.Tests.Corpus;

/// <summary>
/// A header that names a mapped column twice: which value is meant cannot be known, so the file is quarantined with the
/// reason instead of the first copy silently winning; a mapping that picks the column by position reads the one it names.
/// </summary>
public sealed class RepeatedHeaderColumnTests
{
    [Fact]
    public async Task RunAsync_SampleLedgerWithPostingDateRenamedToASecondDueDate_QuarantinesEveryRowNamingTheColumnAndLandsNoWrongDueDate()
    {
        await using var bench = await SampleBenchAsync();
        bench.Drop("CUST_LEDGER_ENTRIES_1.csv", LedgerWithTwoDueDates());

        var result = (await bench.IngestAsync(CanonicalEntity.Invoices)).Entities.Single();

        Assert.Equal((9_222L, 0L, 9_222L), (result.Read, result.Landed, result.Quarantined));
        var problem = Assert.Single(result.UnitProblems);
        Assert.StartsWith(
            "CUST_LEDGER_ENTRIES_1.csv: header has column 'Due Date' twice (columns 2 and 13; mapped to invoices.due_date), so which one is meant is unknown: "
            + "rename one in the export, or pick one by position in the mapping (\"column\": \"Due Date\", \"position\": 2)",
            problem,
            StringComparison.Ordinal);
        Assert.Equal(0, await bench.CountAsync(CanonicalEntity.Invoices));
        var letter = (await bench.DeadLettersAsync(CanonicalEntity.Invoices))[0];
        Assert.Equal(("Due Date", "line 2", "INV-000001"), (letter.Field, letter.Locator, letter.Key));
    }

    [Fact]
    public async Task RunAsync_SampleLedgerWithTwoDueDatesAndTheMappingPickingOneByPosition_LandsTheDueDatesOfThatColumn()
    {
        var invoices = File.ReadAllText(Path.Combine(RepositoryPaths.Mappings, "invoices.json"))
            .Replace("\"due_date\":      { \"column\": \"Due Date\",", "\"due_date\":      { \"column\": \"Due Date\", \"position\": 13,", StringComparison.Ordinal);
        Assert.Contains("\"position\": 13", invoices, StringComparison.Ordinal);
        await using var bench = await SampleBenchAsync();
        bench.UseMappings(IngestBench.LoadMappings(
            [.. Directory.GetFiles(RepositoryPaths.Mappings, "*.json")
                .Where(static f => Path.GetFileName(f) is not ("invoices.json" or "mapping.schema.json"))
                .Select(static f => (Path.GetFileName(f), File.ReadAllText(f))), ("invoices.json", invoices)]));
        bench.Drop("CUST_LEDGER_ENTRIES_1.csv", LedgerWithTwoDueDates());

        var result = (await bench.IngestAsync(CanonicalEntity.Invoices)).Entities.Single();

        Assert.Equal((6_251L, 0L), (result.Landed, result.Quarantined));
        Assert.Empty(result.UnitProblems);
        Assert.Equal("2025-06-15", await bench.ValueAsync(CanonicalEntity.Invoices, "INV-000001", "due_date"));
        Assert.Equal("2025-05-16", await bench.ValueAsync(CanonicalEntity.Invoices, "INV-000001", "document_date"));
    }

    /// <summary>The sample ledger export with its header's 'Posting Date' (column 2) renamed to a second 'Due Date' (column 13).</summary>
    private static string LedgerWithTwoDueDates()
    {
        var text = File.ReadAllText(Directory.GetFiles(RepositoryPaths.SampleErpExport, "CUST_LEDGER_ENTRIES_*.csv").Single());
        var headerEnd = text.IndexOf('\n', StringComparison.Ordinal);
        var header = text[..headerEnd];
        Assert.Contains(";Posting Date;", header, StringComparison.Ordinal);
        return header.Replace(";Posting Date;", ";Due Date;", StringComparison.Ordinal) + text[headerEnd..];
    }

    /// <summary>The shipped mappings with the sample's collectors and customers already landed.</summary>
    private static async Task<IngestBench> SampleBenchAsync()
    {
        var bench = await IngestBench.CreateAsync(IngestBench.LoadMappings(RepositoryPaths.Mappings));
        foreach (var file in Directory.GetFiles(RepositoryPaths.SampleErpExport, "COLLECTORS_*.csv").Concat(Directory.GetFiles(RepositoryPaths.SampleErpExport, "CUSTOMERS_*.csv")))
        {
            File.Copy(file, Path.Combine(bench.DropFolder, Path.GetFileName(file)));
        }

        await bench.IngestAsync(CanonicalEntity.Collectors, CanonicalEntity.Customers);
        return bench;
    }
}
