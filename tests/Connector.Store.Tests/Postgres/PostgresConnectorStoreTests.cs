using System.Globalization;
using Connector.Store.Postgres;
using Connector.Store.Tests.Relational;
using Connector.Sync.Ports;
using Connector.Testing;
using Npgsql;

namespace Connector.Store.Tests.Postgres;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>;

/// <summary>The store contract on a real PostgreSQL server (a throwaway cluster), a fresh database per test.</summary>
[Collection("postgres")]
public sealed class PostgresConnectorStoreTests(PostgresCluster cluster) : StoreContractTests
{
    protected override string Dialect => "postgresql";

    protected override Task<string> CreateDatabaseAsync() => cluster.CreateDatabaseAsync("store");

    protected override IConnectorStore OpenStore(string connectionString, TimeProvider time) => new PostgresConnectorStore(connectionString, time);

    protected override async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Description_ConnectionStringWithPassword_NeverShowsThePassword()
    {
        var withPassword = new NpgsqlConnectionStringBuilder(ConnectionString) { Password = "s3cret-Pa55" }.ConnectionString;

        await using var store = new PostgresConnectorStore(withPassword, Time);

        Assert.DoesNotContain("s3cret-Pa55", store.Description, StringComparison.Ordinal);
        Assert.StartsWith($"postgresql 127.0.0.1:{cluster.Port}/store_", store.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_FreshDatabase_CreatesQuartzsClusterTables()
    {
        // Quartz.NET 4.7.3's AdoJobStore validates these at start (SchemaProvisioning.Validate); the store's migration 0006 creates them.
        string[] tables =
        [
            "qrtz_job_details", "qrtz_triggers", "qrtz_simple_triggers", "qrtz_cron_triggers", "qrtz_simprop_triggers", "qrtz_blob_triggers",
            "qrtz_calendars", "qrtz_paused_trigger_grps", "qrtz_paused_job_grps", "qrtz_fired_triggers", "qrtz_scheduler_state", "qrtz_locks",
            "qrtz_execution_history", "qrtz_misfire_history", "qrtz_job_status",
        ];

        foreach (var table in tables)
        {
            Assert.True(await ScalarAsync(ConnectionString, $"SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '{table}'") == 1, table);
        }
    }

    [Fact]
    public async Task ListenForCreditSnapshotsAsync_AnotherInstancePublishes_HearsTheVersionAtCommit()
    {
        var heard = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var other = new PostgresConnectorStore(ConnectionString, Time);
        await using (await Store.ListenForCreditSnapshotsAsync(version => heard.TrySetResult(version), CancellationToken.None))
        {
            var published = await other.AddCreditSnapshotVersionAsync(
                new NewCreditSnapshotVersion(null, [1], [2], Time.GetUtcNow(), Time.GetUtcNow(), "other"), 3, CancellationToken.None);

            Assert.Equal(published, await heard.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task ListenForCreditSnapshotsAsync_ServerDropsTheConnection_ListensAgain()
    {
        var heard = new System.Collections.Concurrent.ConcurrentQueue<long>();
        await using var other = new PostgresConnectorStore(ConnectionString, Time);
        await using (await Store.ListenForCreditSnapshotsAsync(heard.Enqueue, CancellationToken.None))
        {
            // An administrator (or a failover) ends the listening session.
            await using (var admin = new NpgsqlConnection(ConnectionString))
            {
                await admin.OpenAsync();
                await using var kill = new NpgsqlCommand(
                    "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'", admin);
                Assert.Equal(1L, Convert.ToInt64(await kill.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
            }

            var waited = System.Diagnostics.Stopwatch.StartNew();
            long published = 0;
            while (waited.Elapsed < TimeSpan.FromSeconds(20) && !heard.Contains(published))
            {
                // Listening resumes after a pause; publish until a version is heard again.
                published = await other.AddCreditSnapshotVersionAsync(
                    new NewCreditSnapshotVersion(null, [1], [2], Time.GetUtcNow(), Time.GetUtcNow(), "other"), 3, CancellationToken.None);
                Time.Advance(TimeSpan.FromSeconds(2));
                await Task.Delay(250);
            }

            Assert.Contains(published, heard);
        }
    }
}
