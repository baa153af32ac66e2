using Connector.Erp.Sql;
using Connector.Mapping.Canonical;
using Connector.Sync.Ingest;
using Connector.Sync.Ports;
using Connector.Sync.Tests.Support;
using Connector.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.Sync.Tests.Ingest;

/// <summary>Ingest from an ERP database: the query runs with the stored watermark, which advances only once the rows are stored.</summary>
public sealed class SqlSourceIngestTests
{
    private const string CustomersMapping = """
        {
          "entity": "customers",
          "source": { "sql": { "query": "SELECT * FROM debtor WHERE changed > @watermark ORDER BY changed", "watermarkColumn": "changed", "initialWatermark": "0" } },
          "fields": {
            "id": { "column": "no", "transforms": ["trim"] },
            "name": { "column": "name" },
            "currency": { "column": "cur", "transforms": ["upper"] },
            "payment_terms_days": { "column": "terms" },
            "credit_limit": { "column": "limit_amt" }
          }
        }
        """;

    [Fact]
    public async Task RunAsync_SecondRunAfterNewRows_ReadsOnlyRowsPastTheWatermark()
    {
        using var erp = new TempDirectory("connector-erpdb-");
        var connectionString = await ErpDatabaseAsync(erp, "('C-1', 'Acme', 'usd', 30, 5000, 1), ('C-2', 'Beta', 'eur', 45, NULL, 2), ('', 'No key', 'usd', 30, 1, 3)");
        await using var bench = await IngestBench.CreateAsync(IngestBench.LoadMappings(("customers.json", CustomersMapping)));
        var source = new SqlSource(SqliteFactory.Instance, connectionString, 60);

        var first = await RunAsync(bench, source);
        await ExecuteAsync(connectionString, "UPDATE debtor SET limit_amt = 7500, changed = 4 WHERE no = 'C-1'", "INSERT INTO debtor VALUES ('C-3', 'Gamma', 'usd', 14, 0, 5)");
        var second = await RunAsync(bench, source);
        var third = await RunAsync(bench, source);

        Assert.Equal((3, 2, 0, 1), (first.Read, first.New, first.Changed, first.Quarantined));
        Assert.Equal((2, 1, 1, 0), (second.Read, second.New, second.Changed, second.Quarantined));
        Assert.Equal(0, third.Read);
        Assert.Equal("5", await bench.Store.ReadCheckpointAsync("sql:customers", CancellationToken.None));
        var acme = await bench.Store.FindRecordAsync(CanonicalEntity.Customers, "C-1", CancellationToken.None);
        Assert.Equal("7500", acme!.Values[CanonicalSchema.Customers.IndexOf("credit_limit")]);
        var letter = Assert.Single(await bench.DeadLettersAsync(CanonicalEntity.Customers));
        Assert.Equal(("sql:customers", "id"), (letter.Source, letter.Field));
    }

    [Fact]
    public async Task RunAsync_RowCorrectedInTheErpByALaterRun_ItsLetterIsSupersededNotFailedAgain()
    {
        using var erp = new TempDirectory("connector-erpdb-");
        var connectionString = await ErpDatabaseAsync(erp, "('C-1', 'Acme', 'usd', 'thirty', 5000, 1), ('C-2', 'Beta', 'eur', 45, NULL, 2)");
        await using var bench = await IngestBench.CreateAsync(IngestBench.LoadMappings(("customers.json", CustomersMapping)));
        var source = new SqlSource(SqliteFactory.Instance, connectionString, 60);
        var first = await RunAsync(bench, source);
        var quarantined = Assert.Single(await bench.DeadLettersAsync(CanonicalEntity.Customers));
        await ExecuteAsync(connectionString, "UPDATE debtor SET terms = 30, changed = 3 WHERE no = 'C-1'");

        var second = await RunAsync(bench, source);

        Assert.Equal((2, 1, 1), (first.Read, first.New, first.Quarantined));
        Assert.Equal(("C-1", "key C-1"), (quarantined.Key, quarantined.Locator));
        Assert.Equal((1, 1, 0), (second.Read, second.New, second.Quarantined));
        var letter = Assert.Single(await bench.AllDeadLettersAsync(CanonicalEntity.Customers));
        Assert.Equal(DeadLetterStatus.Resolved, letter.Status);
        Assert.EndsWith("; superseded by sql:customers", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StoreFailsBeforeTheLastCommit_WatermarkStaysAndRowsAreReadAgain()
    {
        using var erp = new TempDirectory("connector-erpdb-");
        var connectionString = await ErpDatabaseAsync(erp, "('C-1', 'Acme', 'usd', 30, 5000, 1), ('C-2', 'Beta', 'eur', 45, NULL, 2)");
        await using var bench = await IngestBench.CreateAsync(IngestBench.LoadMappings(("customers.json", CustomersMapping)));
        var source = new SqlSource(SqliteFactory.Instance, connectionString, 60);
        var crashing = new CrashingStore(bench.Store, crashAtCommit: 1, afterCommit: false);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => new IngestRunner(
            crashing, source, bench.Mappings, new() { BatchSize = 100 }, NullLogger<IngestRunner>.Instance)
            .RunAsync(null, null, CancellationToken.None));
        Assert.Null(await bench.Store.ReadCheckpointAsync("sql:customers", CancellationToken.None));

        var retried = await RunAsync(bench, source);

        Assert.Equal((2, 2), (retried.Read, retried.New));
        Assert.Equal("2", await bench.Store.ReadCheckpointAsync("sql:customers", CancellationToken.None));
    }

    private static async Task<EntityIngestResult> RunAsync(IngestBench bench, SqlSource source)
    {
        var runner = new IngestRunner(bench.Store, source, bench.Mappings, new() { BatchSize = 100 }, NullLogger<IngestRunner>.Instance);
        return (await runner.RunAsync(null, null, CancellationToken.None)).Entities.Single();
    }

    /// <summary>An ERP database file with a <c>debtor</c> table holding the given rows; returns its connection string.</summary>
    private static async Task<string> ErpDatabaseAsync(TempDirectory folder, string rows)
    {
        var connectionString = $"Data Source={folder.File("erp.db")};Pooling=False";
        await ExecuteAsync(connectionString,
            "CREATE TABLE debtor (no TEXT, name TEXT, cur TEXT, terms INTEGER, limit_amt NUMERIC, changed INTEGER)",
            "INSERT INTO debtor VALUES " + rows);
        return connectionString;
    }

    private static async Task ExecuteAsync(string connectionString, params string[] statements)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}
