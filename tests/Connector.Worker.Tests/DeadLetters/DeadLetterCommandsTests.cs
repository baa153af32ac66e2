using Connector.Store;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.DeadLetters;

/// <summary>The admin's story: a row is quarantined, they see why, fix the mapping, retry, and it lands.</summary>
public sealed class DeadLetterCommandsTests
{
    private static readonly string[] CustomerExport = File.ReadAllLines(Path.Combine(Workspace.SampleExport, "CUSTOMERS_20261116.csv"));

    [Fact]
    public async Task Retry_AfterAddingTheMissingValueMapEntry_LandsOnlyTheQuarantinedRow()
    {
        using var workspace = new Workspace();
        var header = CustomerExport[0];
        var good = CustomerExport[1];
        var bad = CustomerExport[2].Replace(";30 DAYS;", ";99 DAYS;", StringComparison.Ordinal).Replace(";NET60;", ";99 DAYS;", StringComparison.Ordinal)
            .Replace(";14 DAYS;", ";99 DAYS;", StringComparison.Ordinal).Replace(";NET45;", ";99 DAYS;", StringComparison.Ordinal);
        Assert.Contains(";99 DAYS;", bad, StringComparison.Ordinal);
        workspace.Drop("CUSTOMERS_1.csv", string.Join("\r\n", header, good, bad) + "\r\n");
        File.Copy(Path.Combine(Workspace.SampleExport, "COLLECTORS_20261116.csv"), Path.Combine(workspace.DropFolder, "COLLECTORS_20261116.csv"));
        await workspace.RunAsync("ingest", "--entity", "collectors");

        var ingest = await workspace.RunAsync("ingest", "--entity", "customers", "--format", "csv");
        var list = await workspace.RunAsync("deadletters", "list", "--each", "--format", "csv");
        var id = list.OutputLines[1].Split(',')[0];
        var show = await workspace.RunAsync("deadletters", "show", id);
        var customers = Path.Combine(workspace.MappingsFolder, "customers.json");
        File.WriteAllText(customers, File.ReadAllText(customers).Replace("\"30 DAYS\": \"30\"", "\"30 DAYS\": \"30\", \"99 DAYS\": \"99\"", StringComparison.Ordinal));
        var retry = await workspace.RunAsync("deadletters", "retry", "--format", "csv");
        var after = await workspace.RunAsync("deadletters", "list", "--each", "--format", "csv");

        Assert.Equal("customers,2,1,0,0,1,0,CUSTOMERS_1.csv", ingest.OutputLines[1]);
        Assert.Contains("1 rows quarantined", ingest.Error, StringComparison.Ordinal);
        Assert.Contains(",customers,CUSTOMERS_1.csv,line 3,C-1002,payment_terms_days,", list.OutputLines[1], StringComparison.Ordinal);
        Assert.Contains("'99 DAYS'", list.OutputLines[1], StringComparison.Ordinal);
        Assert.Contains("Payment Terms Code", show.Output, StringComparison.Ordinal);
        Assert.Contains("99 DAYS", show.Output, StringComparison.Ordinal);
        Assert.Equal(["entity,retried,landed,unchanged,filtered,still_failing", "customers,1,1,0,0,0"], retry.OutputLines);
        Assert.Equal(["id,entity,source,locator,key,field,reason,attempts,status,updated"], after.OutputLines);
        await using var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = Path.Combine(workspace.Root, "data") }, TimeProvider.System, CancellationToken.None);
        var audit = Assert.Single(await store.ReadAuditAsync("deadletters", 10, CancellationToken.None));
        Assert.Equal(("deadletters.retry", "resolved 1, still failing 0"), (audit.Event.Action, audit.Event.After));
        Assert.StartsWith("cli:", audit.Event.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_EveryRowOfTheLedgerExportMissingOneColumn_OneLineWithTheCountAndEveryRowWithEach()
    {
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        var ledger = Directory.GetFiles(workspace.DropFolder, "CUST_LEDGER_ENTRIES_*.csv").Single();
        var lines = File.ReadAllLines(ledger);
        lines[0] = lines[0].Replace(";Remaining Amount;", ";Remaining;", StringComparison.Ordinal);
        File.WriteAllLines(ledger, lines);
        Assert.Equal(0, (await workspace.RunAsync("ingest")).ExitCode);

        var grouped = await workspace.RunAsync("deadletters", "list", "--format", "csv");
        var each = await workspace.RunAsync("deadletters", "list", "--each", "--format", "csv");
        var table = await workspace.RunAsync("deadletters", "list");

        Assert.Equal(2, grouped.OutputLines.Length);
        Assert.Equal("letters,entity,field,reason,where,ids,status", grouped.OutputLines[0]);
        Assert.StartsWith("9222,invoices,Remaining Amount,\"header has no column 'Remaining Amount' (mapped to invoices.open_amount, also tried 'Remaining Amt.', 'Remaining Amt')", grouped.OutputLines[1], StringComparison.Ordinal);
        Assert.EndsWith($",{Path.GetFileName(ledger)} lines 2–9223,1–9222,open", grouped.OutputLines[1], StringComparison.Ordinal);
        Assert.Equal(1 + 9_222, each.OutputLines.Length);
        Assert.StartsWith("9222 open dead letters, 1 reason", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_WithoutSayingWhich_ExitsTwo()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("deadletters", "purge");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("say which letters", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownId_ExitsOne()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("deadletters", "show", "424242");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["dead letter 424242 not found (see 'connector deadletters list --all')"], result.ErrorLines);
    }
}
