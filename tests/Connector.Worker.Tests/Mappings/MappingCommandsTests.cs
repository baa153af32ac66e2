using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Mappings;

public sealed class MappingCommandsTests
{
    [Fact]
    public async Task Validate_ShippedMappings_ExitsZeroListingEachEntity()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("mappings", "validate");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("7 mapping files are valid", result.Output, StringComparison.Ordinal);
        Assert.Contains("invoices   ← invoices.json (csv 'CUST_LEDGER_ENTRIES_*.csv' and sql; 11 fields)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_TwoBrokenFiles_ExitsOneListingEveryProblem()
    {
        using var workspace = new Workspace();
        var invoices = Path.Combine(workspace.MappingsFolder, "invoices.json");
        File.WriteAllText(invoices, File.ReadAllText(invoices).Replace("\"due_date\"", "\"due_dat\"", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(workspace.MappingsFolder, "rates.json"), "{ \"entity\": \"rates\", ");

        var result = await workspace.RunAsync("mappings", "validate");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains(result.ErrorLines, static l => l.Contains("invoices.json:", StringComparison.Ordinal) && l.Contains("due_dat", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, static l => l.Contains("invoices.json", StringComparison.Ordinal) && l.Contains("due_date", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, static l => l.Contains("rates.json:1:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_DataverseColumnTheSolutionDoesNotDefine_ExitsOneNamingFileAndColumn()
    {
        using var workspace = new Workspace();
        var payments = Path.Combine(workspace.MappingsFolder, "payments.json");
        File.WriteAllText(payments, File.ReadAllText(payments).Replace("\"arc_reference\"", "\"arc_remittance\"", StringComparison.Ordinal));

        var result = await workspace.RunAsync("mappings", "validate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.ErrorLines, static l => l.Contains("payments.json:", StringComparison.Ordinal) && l.Contains("arc_remittance", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Preview_BeforeAndAfterIngest_ShowsNewThenUnchangedThenChangedFields()
    {
        using var workspace = new Workspace();
        var export = Path.Combine(Workspace.SampleExport, "CUST_LEDGER_ENTRIES_20261116.csv");

        var before = await workspace.RunAsync("mappings", "preview", "--entity", "invoices", "--input", export, "--rows", "3");
        workspace.DropSampleExport();
        await workspace.RunAsync("ingest");
        var after = await workspace.RunAsync("mappings", "preview", "--entity", "invoices", "--input", export, "--rows", "3");
        var edited = Path.Combine(workspace.Root, "edited.csv");
        File.WriteAllText(edited, File.ReadAllText(export).Replace("4.858,88", "4.999,99", StringComparison.Ordinal));
        var changed = await workspace.RunAsync("mappings", "preview", "--entity", "invoices", "--input", edited, "--rows", "3");

        Assert.Equal(0, before.ExitCode);
        Assert.Contains("3 new — nothing written", before.Output, StringComparison.Ordinal);
        Assert.Contains("│ amount        │ Amount                │ 6.800,00     │ 6800       │", before.Output, StringComparison.Ordinal);
        Assert.Contains("3 unchanged — nothing written", after.Output, StringComparison.Ordinal);
        Assert.Contains("line 3: changed: amount", changed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_RowWithImpossibleDate_ShowsTheReasonItWouldBeQuarantined()
    {
        using var workspace = new Workspace();
        var export = File.ReadAllLines(Path.Combine(Workspace.SampleExport, "CUST_LEDGER_ENTRIES_20261116.csv"));
        var input = Path.Combine(workspace.Root, "one.csv");
        File.WriteAllLines(input, [export[0], export[1].Replace("16.05.2025", "31.02.2025", StringComparison.Ordinal)]);

        var result = await workspace.RunAsync("mappings", "preview", "--entity", "invoices", "--input", input, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"outcome\": \"rejected\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("31.02.2025", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SapExampleFolder_ExitsZeroListingBothEntities()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("mappings", "validate", "--dir", SapExample);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 mapping files are valid", result.Output, StringComparison.Ordinal);
        Assert.Contains("invoices   ← invoices.json (csv 'BSID_*.csv'; 10 fields)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_SapOpenItems_ShowsDueDateMovedBySapDaysAndCreditSigned()
    {
        using var workspace = new Workspace();
        var export = Path.Combine(SapExample, "sample", "BSID_20261130.csv");

        var result = await workspace.RunAsync("mappings", "preview", "--dir", SapExample, "--entity", "invoices", "--input", export, "--rows", "3", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"2026-10-20\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"-500\"", result.Output, StringComparison.Ordinal);
    }

    private static string SapExample => Path.Combine(Workspace.RepositoryRoot, "mappings", "examples", "sap-fi-ar");
}
