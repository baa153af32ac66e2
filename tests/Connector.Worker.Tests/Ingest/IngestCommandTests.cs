using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Ingest;

public sealed class IngestCommandTests
{
    [Fact]
    public async Task Run_SampleExport_LandsEveryRowAndReportsReadEqualsTheParts()
    {
        using var workspace = new Workspace();
        workspace.DropSampleExport();

        var result = await workspace.RunAsync("ingest", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Equal(
        [
            "entity,read,new,changed,unchanged,quarantined,filtered,files",
            "collectors,8,8,0,0,0,0,COLLECTORS_20261116.csv",
            "customers,240,240,0,0,0,0,CUSTOMERS_20261116.csv",
            "invoices,9222,6251,0,0,0,2971,CUST_LEDGER_ENTRIES_20261116.csv",
            "payments,2983,2983,0,0,0,0,CASH_RECEIPTS_20261116.csv",
            "orders,312,294,0,0,0,18,SALES_HEADERS_20261116.csv",
            "rates,564,564,0,0,0,0,CURRENCY_EXCH_RATES_20261116.csv",
            "promises,28,28,0,0,0,0,PAYMENT_PROMISES_20261116.csv",
        ], result.OutputLines);
    }

    [Theory]
    [InlineData("report", "aging")]
    [InlineData("report", "allowance")]
    [InlineData("holds", "evaluate")]
    [InlineData("collections", "plan")]
    [InlineData("cash", "apply")]
    public async Task Run_ReportAfterIngest_ReadsTheLedgerAndEqualsTheCanonicalFiles(string group, string command)
    {
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        await workspace.RunAsync("ingest");

        var fromLedger = await workspace.RunAsync(group, command, "--as-of", Samples.AsOf, "--format", "csv");
        var fromFiles = await workspace.RunAsync(group, command, "--as-of", Samples.AsOf, "--format", "csv", "--from", Samples.Folder);

        Assert.Equal(0, fromLedger.ExitCode);
        Assert.True(fromLedger.OutputLines.Length > 3, fromLedger.Output);
        Assert.Equal(fromFiles.Output, fromLedger.Output);
    }

    [Fact]
    public async Task Run_ExportChangedOneAmount_WritesOnlyThatRow()
    {
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        await workspace.RunAsync("ingest");
        var ledger = File.ReadAllText(Path.Combine(Workspace.SampleExport, "CUST_LEDGER_ENTRIES_20261116.csv"));
        var changed = ledger.Replace(";INV-000002;", ";INV-000002;", StringComparison.Ordinal).Replace("4.858,88", "4.999,99", StringComparison.Ordinal);
        Assert.NotEqual(ledger, changed);
        workspace.Drop("CUST_LEDGER_ENTRIES_20261117.csv", changed);

        var result = await workspace.RunAsync("ingest", "--entity", "invoices", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var row = result.OutputLines[1].Split(',');
        Assert.Equal(["invoices", "9222", "0"], row[..3]);
        Assert.True(int.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture) >= 1, result.Output);
        Assert.Equal(6251, int.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture) + int.Parse(row[4], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Run_UnknownEntity_ExitsTwoNamingTheEntities()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("ingest", "--entity", "bananas");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--entity: unknown entity 'bananas' (expected one of collectors, customers, invoices, payments, orders, rates, promises)", result.Error, StringComparison.Ordinal);
    }
}
