using System.Globalization;
using Connector.Store.Sqlite;
using Connector.Store.Tests.Relational;
using Connector.Sync.Ports;
using Connector.Testing;
using Microsoft.Data.Sqlite;

namespace Connector.Store.Tests.Sqlite;

/// <summary>The store contract on a real SQLite file in a temporary directory.</summary>
public sealed class SqliteConnectorStoreTests : StoreContractTests
{
    private readonly TempDirectory directory = new();
    private int databases;

    protected override string Dialect => "sqlite";

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult($"Data Source={directory.File($"connector-{++databases}.db")}");

    protected override IConnectorStore OpenStore(string connectionString, TimeProvider time) => new SqliteConnectorStore(connectionString, time);

    protected override async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        directory.Dispose();
    }

    [Fact]
    public void Description_File_ShowsProviderAndPath()
    {
        Assert.Equal($"sqlite {directory.File("connector-1.db")}", Store.Description);
    }

    [Fact]
    public async Task MigrateAsync_File_UsesWriteAheadLogging()
    {
        await using var connection = new SqliteConnection(ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }
}
