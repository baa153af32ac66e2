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
}
