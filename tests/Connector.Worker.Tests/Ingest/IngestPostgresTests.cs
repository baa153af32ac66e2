using System.Globalization;
using Connector.Mapping.Canonical;
using Connector.Store;
using Connector.Testing;
using Connector.Worker.Tests.Support;
using Npgsql;

namespace Connector.Worker.Tests.Ingest;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerPostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "worker on postgresql";
}

/// <summary>The real executable on a PostgreSQL store (a throwaway cluster) whose server ends its connection in the middle of an ingest.</summary>
[Collection(WorkerPostgresCollection.Name)]
public sealed class IngestPostgresTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Ingest_ServerTerminatesTheConnectionMidIngest_OneLineExitOneAndTheNextRunLandsEveryRow()
    {
        var connectionString = await cluster.CreateDatabaseAsync("worker_ingest");
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        using var workspace = new Workspace();
        workspace.UseSection("Store", new { Provider = "postgresql", ConnectionString = connectionString });
        foreach (var name in (string[])["COLLECTORS_20261116.csv", "CUSTOMERS_20261116.csv"])
        {
            File.Copy(Path.Combine(Workspace.SampleExport, name), Path.Combine(workspace.DropFolder, name));
        }

        Assert.Equal(0, (await workspace.RunAsync("ingest")).ExitCode);
        var invoices = File.ReadAllLines(Path.Combine(Workspace.SampleExport, "CUST_LEDGER_ENTRIES_20261116.csv"));
        var rows = Enumerable.Range(0, 400_000) // enough that a quiet machine has not finished before the first commit is seen
            .Select(i => invoices[1 + (i % (invoices.Length - 1))].Replace(";Invoice;INV-", string.Create(CultureInfo.InvariantCulture, $";Invoice;INV{i:D6}-"), StringComparison.Ordinal))
            .Where(static l => l.Contains(";Invoice;INV", StringComparison.Ordinal))
            .ToList();
        workspace.Drop("CUST_LEDGER_ENTRIES_LARGE.csv", invoices[0] + "\r\n" + string.Join("\r\n", rows) + "\r\n");

        CliResult cut;
        using (var ingest = ConnectorProcess.Start(workspace, ["ingest", "--entity", "invoices"], new Dictionary<string, string> { ["Ingest__BatchSize"] = "2000" }))
        {
            await using var admin = new NpgsqlConnection(cluster.ConnectionString);
            await admin.OpenAsync();
            await WaitForACommitAsync(connectionString, ingest);
            await using (var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin))
            {
                terminate.Parameters.AddWithValue("db", database);
                await terminate.ExecuteScalarAsync();
            }

            cut = await ingest.ExitAsync(TimeSpan.FromMinutes(2));
        }

        var resumed = await workspace.RunAsync("ingest", "--entity", "invoices");

        Assert.Equal(1, cut.ExitCode);
        var line = Assert.Single(cut.ErrorLines);
        Assert.StartsWith($"ingest: store (postgresql 127.0.0.1:{cluster.Port}/{database} as postgres): the database server ended the connection (", line, StringComparison.Ordinal);
        Assert.EndsWith(
            "): check that PostgreSQL is running and reachable, then run again; nothing committed is lost, and the next 'connector ingest' resumes after the last stored batch",
            line,
            StringComparison.Ordinal);
        Assert.Equal(0, resumed.ExitCode);
        await using var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { Provider = "postgresql", ConnectionString = connectionString }, TimeProvider.System, CancellationToken.None);
        Assert.Equal(rows.Count, await store.CountRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None));
    }

    private static async Task WaitForACommitAsync(string connectionString, ConnectorProcess ingest)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(timeout.Token);
        while (!ingest.HasExited)
        {
            await using var command = new NpgsqlCommand("SELECT value FROM sync_checkpoint WHERE key LIKE 'csv:invoices:%'", connection);
            if (await command.ExecuteScalarAsync(timeout.Token) is string)
            {
                return;
            }

            await Task.Delay(10, timeout.Token);
        }

        Assert.Fail("ingest ended before its first commit");
    }
}
