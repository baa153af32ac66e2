using System.Text.Json;
using Connector.Store;
using Connector.Store.Sqlite;
using Connector.Worker.Running;
using Connector.Worker.Tests.Running;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Runs;

/// <summary><c>connector runs</c> over the journal <c>connector run</c> keeps, and what a worker on SQLite refuses.</summary>
public class RunsCommandTests
{
    /// <summary>Never due while a test runs: only the run at start happens.</summary>
    private const string Never = "0 0 0 1 1 ? 2099";

    [Fact]
    public async Task Runs_AfterOneCycle_ListsItWithItsInstanceOutcomeAndCounts()
    {
        await using var worker = RunningWorker.Start(Never);
        var events = await worker.Log.WaitForAsync(static e => e.Any(WorkerLog.IsSummary), worker.Exit);
        Assert.Equal(0, await worker.StopAsync());

        var csv = await InProcess.RunAsync("runs", "--format", "csv", "--config", worker.ConfigFile);
        var json = await InProcess.RunAsync("runs", "--format", "json", "--config", worker.ConfigFile);

        Assert.True(csv.ExitCode == 0, csv.Error);
        var table = Csv.Sections(csv.Output)[0];
        Assert.Equal(
            ["run_id", "instance_id", "trigger", "started_at", "ended_at", "duration_ms", "outcome", "rows_read", "rows_quarantined", "customers", "customers_on_hold", "records_sent", "records_refused", "detail"],
            table[0]);
        var row = Assert.Single(table.Skip(1));
        var summary = events.Single(WorkerLog.IsSummary);
        Assert.Equal(WorkerLog.RunId(summary), row[0]);
        Assert.Equal(ConnectorInstance.Derive(), row[1]);
        Assert.Equal(("startup", "succeeded"), (row[2], row[6]));
        Assert.Equal(summary.GetProperty("RowsRead").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), row[7]);
        Assert.Equal(summary.GetProperty("Customers").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), row[9]);
        Assert.Equal(summary.GetProperty("Sent").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), row[11]);
        Assert.True(string.CompareOrdinal(row[3], row[4]) <= 0, $"started {row[3]}, ended {row[4]}");

        using var document = JsonDocument.Parse(json.Output);
        Assert.Contains(WorkerLog.RunId(summary)!, json.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_NoStoreYet_SaysNoCycleRecordedAndExitsZero()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("runs");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No sync cycle recorded in sqlite ", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace.Root, "data", "connector.db")));
    }

    [Fact]
    public async Task Run_EveryLogLine_CarriesTheInstanceId()
    {
        await using var worker = RunningWorker.Start(Never);
        var events = await worker.Log.WaitForAsync(static e => e.Any(WorkerLog.IsSummary), worker.Exit);
        Assert.Equal(0, await worker.StopAsync());

        Assert.True(events.Count > 10, $"{events.Count} events");
        Assert.All(events, e => Assert.Equal(ConnectorInstance.Derive(), e.GetProperty("InstanceId").GetString()));
    }

    [Fact]
    public async Task Run_SecondInstanceOnTheSameSqliteFile_ExitsOneSayingSqliteServesOne()
    {
        await using var worker = RunningWorker.Start(Never);
        await worker.Log.WaitForAsync(static e => e.Any(WorkerLog.IsStart), worker.Exit);

        var second = await InProcess.RunAsync("run", "--config", worker.ConfigFile);

        Assert.Equal(1, second.ExitCode);
        var line = Assert.Single(second.ErrorLines);
        Assert.StartsWith("connector run: another connector run already works on sqlite ", line, StringComparison.Ordinal);
        Assert.EndsWith(
            "connector.db.run-lock); SQLite serves one instance: stop the other one, or give every instance Store:Provider postgresql to run several",
            line,
            StringComparison.Ordinal);
        Assert.False(worker.Exit.IsCompleted);
        Assert.Equal(0, await worker.StopAsync());

        // The lock goes with the instance that held it: the next one may start.
        using var next = SqliteInstanceLock.TryAcquire(new StoreOptions { DataDirectory = Path.Combine(Path.GetDirectoryName(worker.ConfigFile)!, "data") });
        Assert.NotNull(next);
    }
}
