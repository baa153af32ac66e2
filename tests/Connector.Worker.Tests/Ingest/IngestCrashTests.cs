using System.Diagnostics;
using System.Globalization;
using System.Text;
using Connector.Mapping.Canonical;
using Connector.Store;
using Connector.Worker.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Connector.Worker.Tests.Ingest;

/// <summary>
/// The real executable killed (SIGKILL) in the middle of a large file, then started again: the ledger ends
/// exactly as after an uninterrupted run — nothing lost, nothing doubled — and the file is archived once.
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class IngestCrashTests
{
    private const int Copies = 25;

    [Fact]
    public async Task Ingest_KilledThreeTimesMidFile_ResumesToTheSameLedgerAsACleanRun()
    {
        using var clean = new Workspace();
        using var crashed = new Workspace();
        var file = BigLedgerExport();
        foreach (var workspace in new[] { clean, crashed })
        {
            File.Copy(Path.Combine(Workspace.SampleExport, "COLLECTORS_20261116.csv"), Path.Combine(workspace.DropFolder, "COLLECTORS_20261116.csv"));
            File.Copy(Path.Combine(Workspace.SampleExport, "CUSTOMERS_20261116.csv"), Path.Combine(workspace.DropFolder, "CUSTOMERS_20261116.csv"));
            Assert.Equal(0, (await workspace.RunAsync("ingest")).ExitCode);
            workspace.Drop("CUST_LEDGER_ENTRIES_BIG.csv", file);
        }

        Assert.Equal(0, (await clean.RunAsync("ingest", "--entity", "invoices")).ExitCode);
        var killedAt = new List<long>();
        foreach (var atLeast in new[] { 20_000L, 90_000L, 160_000L })
        {
            killedAt.Add(await StartAndKillAfterAsync(crashed, atLeast));
        }

        var finish = await RunProcessAsync(crashed, "ingest", "--entity", "invoices", "--format", "csv");

        Assert.Equal(0, finish.ExitCode);
        Assert.All(killedAt, static line => Assert.True(line > 0, "the process was killed before its first commit"));
        Assert.True(killedAt[^1] < File.ReadAllLines(Path.Combine(crashed.Root, "erp-drop", "archive", "CUST_LEDGER_ENTRIES_BIG.csv")).Length, "the last kill came after the file was done");
        var expected = await HashesAsync(clean);
        var actual = await HashesAsync(crashed);
        Assert.Equal(Copies * 6_251, expected.Count);
        Assert.Equal(expected.Count, actual.Count);
        Assert.All(expected, pair => Assert.Equal(pair.Value, actual[pair.Key]));
        Assert.Empty(Directory.GetFiles(crashed.DropFolder, "*.csv"));
        Assert.Single(Directory.GetFiles(Path.Combine(crashed.DropFolder, "archive"), "CUST_LEDGER_ENTRIES_BIG*"));
        Assert.Contains("0 open dead letters", (await crashed.RunAsync("deadletters", "list")).Output, StringComparison.Ordinal);
    }

    /// <summary>The sample ledger export repeated with fresh document numbers (about 230,000 rows).</summary>
    private static string BigLedgerExport()
    {
        var lines = File.ReadAllLines(Path.Combine(Workspace.SampleExport, "CUST_LEDGER_ENTRIES_20261116.csv"));
        var text = new StringBuilder(lines.Length * Copies * 160);
        text.Append(lines[0]).Append("\r\n");
        for (var copy = 0; copy < Copies; copy++)
        {
            for (var i = 1; i < lines.Length; i++)
            {
                text.Append(lines[i].Replace(";INV-", string.Create(CultureInfo.InvariantCulture, $";INV{copy:D2}-"), StringComparison.Ordinal)
                    .Replace(";CM-", string.Create(CultureInfo.InvariantCulture, $";CM{copy:D2}-"), StringComparison.Ordinal)
                    .Replace(";PAY-", string.Create(CultureInfo.InvariantCulture, $";PAY{copy:D2}-"), StringComparison.Ordinal)).Append("\r\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Starts <c>connector ingest</c>, waits until a checkpoint past <paramref name="atLeast"/> is committed, kills it; returns that line.</summary>
    private static async Task<long> StartAndKillAfterAsync(Workspace workspace, long atLeast)
    {
        using var process = Process.Start(Start(workspace, "ingest", "--entity", "invoices"))!;
        var database = Path.Combine(workspace.Root, "data", "connector.db");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!timeout.IsCancellationRequested)
        {
            var line = await CommittedLineAsync(database);
            if (line >= atLeast || process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                return line;
            }

            await Task.Delay(10, CancellationToken.None);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("ingest made no progress in two minutes");
    }

    private static async Task<long> CommittedLineAsync(string database)
    {
        if (!File.Exists(database))
        {
            return 0;
        }

        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM sync_checkpoint WHERE key LIKE 'csv:invoices:%'";
        var value = await command.ExecuteScalarAsync() as string;
        return value is not null && value.StartsWith("line:", StringComparison.Ordinal) ? long.Parse(value[5..], CultureInfo.InvariantCulture) : 0;
    }

    private static ProcessStartInfo Start(Workspace workspace, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workspace.Root };
        start.Environment["Ingest__BatchSize"] = "5000";
        foreach (var arg in (string[])[ConnectorProcessTests.ConnectorDll(), .. args, "--config", workspace.ConfigFile])
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task<CliResult> RunProcessAsync(Workspace workspace, params string[] args)
    {
        using var process = Process.Start(Start(workspace, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static async Task<Dictionary<string, UInt128>> HashesAsync(Workspace workspace)
    {
        await using var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = Path.Combine(workspace.Root, "data") }, TimeProvider.System, CancellationToken.None);
        return await store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None);
    }
}
