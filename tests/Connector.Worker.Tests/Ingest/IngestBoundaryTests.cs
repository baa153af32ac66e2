using System.Text;
using Connector.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Worker.Tests.Ingest;

/// <summary>
/// What an admin sees at the ERP boundary: files still being written are left alone and said so, a missing drop folder is
/// an error, entries that cannot be read are dead letters without stopping anything, a file that failed as a whole comes
/// back with a retry, and a misconfigured sign-in authority is one line before anything runs.
/// </summary>
public sealed class IngestBoundaryTests
{
    [Fact]
    public async Task Ingest_DefaultSettleTime_FileJustWrittenIsLeftForTheNextRunWithALineAndReadOnceSettled()
    {
        using var workspace = new Workspace();
        workspace.UseDefaultSettleTime();
        var file = Path.Combine(workspace.DropFolder, "COLLECTORS_20261116.csv");
        File.Copy(Path.Combine(Workspace.SampleExport, "COLLECTORS_20261116.csv"), file);
        File.SetLastWriteTimeUtc(file, new DateTime(2026, 11, 16, 18, 0, 0, DateTimeKind.Utc));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 16, 18, 0, 3, TimeSpan.Zero));

        var first = await InProcess.RunAsync(s => s.AddSingleton<TimeProvider>(clock), "ingest", "--entity", "collectors", "--config", workspace.ConfigFile);
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await InProcess.RunAsync(s => s.AddSingleton<TimeProvider>(clock), "ingest", "--entity", "collectors", "--format", "csv", "--config", workspace.ConfigFile);

        const string Left = "COLLECTORS_20261116.csv: left for the next run: written 3 s ago, within Erp:FileSettleSeconds (10 s); the ERP may still be writing it";
        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal(["warning: " + Left], first.ErrorLines);
        Assert.Contains(Left, first.Output, StringComparison.Ordinal);
        Assert.Equal("collectors,8,8,0,0,0,0,COLLECTORS_20261116.csv", second.OutputLines[1]);
        Assert.True(File.Exists(Path.Combine(workspace.DropFolder, "archive", "COLLECTORS_20261116.csv")));
    }

    [Fact]
    public async Task Ingest_DropFolderMissing_ExitsOneNamingTheFolderAndTheSetting()
    {
        using var workspace = new Workspace();
        Directory.Delete(workspace.DropFolder);

        var result = await workspace.RunAsync("ingest");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [$"ingest: the drop folder {workspace.DropFolder} (Erp:DropFolder) does not exist: create it, or set Erp:DropFolder to the folder the ERP exports into"],
            result.ErrorLines);
    }

    [Fact]
    public async Task Ingest_LinkThatLoopsAndLinkToNothing_ExitZeroEveryEntityLandsAndEachIsOneLetter()
    {
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        File.CreateSymbolicLink(Path.Combine(workspace.DropFolder, "CUSTOMERS_loop.csv"), Path.Combine(workspace.DropFolder, "CUSTOMERS_loop.csv"));
        File.CreateSymbolicLink(Path.Combine(workspace.DropFolder, "CASH_RECEIPTS_gone.csv"), Path.Combine(workspace.Root, "nowhere", "CASH_RECEIPTS.csv"));

        var ingest = await workspace.RunAsync("ingest", "--format", "csv");
        var letters = await workspace.RunAsync("deadletters", "list", "--each", "--format", "csv");

        Assert.Equal(0, ingest.ExitCode);
        Assert.Contains("customers,240,240,", ingest.Output, StringComparison.Ordinal);
        Assert.Contains("invoices,9222,6251,", ingest.Output, StringComparison.Ordinal);
        Assert.Contains("payments,2983,2983,", ingest.Output, StringComparison.Ordinal);
        const string Stays = " (it stays where it is: once it is fixed, the next run reads it)";
        Assert.Contains("warning: CUSTOMERS_loop.csv: cannot be read: a symbolic link that loops (it leads back to itself)" + Stays, ingest.ErrorLines);
        Assert.Contains(
            $"warning: CASH_RECEIPTS_gone.csv: cannot be read: a symbolic link to '{Path.Combine(workspace.Root, "nowhere", "CASH_RECEIPTS.csv")}', which does not exist" + Stays,
            ingest.ErrorLines);
        Assert.Equal(3, letters.OutputLines.Length);
        Assert.Contains(letters.OutputLines, static l => l.Contains(",customers,CUSTOMERS_loop.csv,file,,,", StringComparison.Ordinal));
        Assert.Contains(letters.OutputLines, static l => l.Contains(",payments,CASH_RECEIPTS_gone.csv,file,,,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeadLettersRetry_LedgerExportInUtf16WithoutByteOrderMarkAfterTheEncodingIsFixed_ReadsTheKeptFileAndItsRowsLand()
    {
        using var workspace = new Workspace();
        foreach (var name in (string[])["COLLECTORS_20261116.csv", "CUSTOMERS_20261116.csv"])
        {
            File.Copy(Path.Combine(Workspace.SampleExport, name), Path.Combine(workspace.DropFolder, name));
        }

        var ledger = File.ReadAllText(Path.Combine(Workspace.SampleExport, "CUST_LEDGER_ENTRIES_20261116.csv")).TrimStart('\uFEFF');
        File.WriteAllBytes(Path.Combine(workspace.DropFolder, "CUST_LEDGER_ENTRIES_20261116.csv"), Encoding.Unicode.GetBytes(ledger));
        var ingest = await workspace.RunAsync("ingest");
        var invoices = Path.Combine(workspace.MappingsFolder, "invoices.json");
        File.WriteAllText(invoices, File.ReadAllText(invoices).Replace("\"encoding\": \"utf-8\"", "\"encoding\": \"utf-16\"", StringComparison.Ordinal));

        var retry = await workspace.RunAsync("deadletters", "retry", "--format", "csv");
        var after = await workspace.RunAsync("deadletters", "list");
        var report = await workspace.RunAsync("ingest", "--entity", "invoices", "--format", "csv");

        Assert.Equal(0, ingest.ExitCode);
        Assert.Contains(ingest.ErrorLines, static l => l.StartsWith("warning: CUST_LEDGER_ENTRIES_20261116.csv: undecodable: the header row holds NUL characters", StringComparison.Ordinal));
        Assert.Equal(0, retry.ExitCode);
        Assert.Equal(["entity,retried,landed,unchanged,filtered,still_failing", "invoices,9222,6251,0,2971,0"], retry.OutputLines);
        Assert.StartsWith("0 open dead letters", after.Output, StringComparison.Ordinal);
        Assert.Equal("invoices,0,0,0,0,0,0,", report.OutputLines[1]);
    }

    [Fact]
    public async Task Sync_DataverseAuthorityOverPlainHttp_OneLineNamingTheSettingBeforeAnythingRuns()
    {
        using var workspace = new Workspace();
        workspace.UseSection("Dataverse", new
        {
            Url = "https://contoso.crm4.dynamics.com",
            TenantId = "11111111-1111-1111-1111-111111111111",
            ClientId = "22222222-2222-2222-2222-222222222222",
            ClientSecret = "s3cr3t-value",
            Authority = "http://login.example.com/tenant",
        });

        var sync = await workspace.RunAsync("sync", "--once");

        // 'run' would otherwise start the worker: stop it after a while, which it answers with exit 0.
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = new CliResult(await ConnectorApp.RunAsync(["run", "--config", workspace.ConfigFile], output, error, cancellationToken: stop.Token), output.ToString(), error.ToString());

        const string Line = "Dataverse:Authority must be an absolute https URL, such as https://login.microsoftonline.com/<tenant id> (the sign-in library accepts no other scheme) (was 'http://login.example.com/tenant').";
        Assert.Equal((1, 1), (sync.ExitCode, run.ExitCode));
        Assert.Equal([Line], sync.ErrorLines);
        Assert.Equal([Line], run.ErrorLines);
        Assert.DoesNotContain("s3cr3t", sync.Error + run.Error, StringComparison.Ordinal);
    }
}
