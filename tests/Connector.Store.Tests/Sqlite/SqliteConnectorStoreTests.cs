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
    public async Task CommitReadBackAsync_DatesAndIds_StoredAsReadableText()
    {
        await Store.CommitReadBackAsync(
            new ReadBackCommit
            {
                Set = [new ManualAction(ManualActionKinds.Release, "C-1", "cli:jdoe", "promised", new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 15))],
                RecordIds = [new DataverseRecordId("account", "C-1", Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"))],
            },
            CancellationToken.None);

        Assert.Equal(1, await ScalarAsync(ConnectionString, "SELECT COUNT(*) FROM manual_action WHERE on_date = '2025-03-01' AND until_date = '2025-03-15'"));
        Assert.Equal(1, await ScalarAsync(ConnectionString, "SELECT COUNT(*) FROM dataverse_record WHERE record_id = '6F9619FF-8B86-D011-B42D-00C04FC964FF'"));
    }

    [Fact]
    public async Task CommitOrderCreditAsync_AmountsIdsAndTimes_StoredAsReadableText()
    {
        var orderId = Guid.Parse("0a5e1f4c-2b7d-4e8a-9c3f-1d2e3f4a5b6c");
        await Store.CommitOrderCreditAsync(
            new OrderCreditCommit
            {
                Orders =
                [
                    new StoredOrderCredit
                    {
                        OrderId = orderId,
                        CustomerId = "C-1",
                        AccountId = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
                        Amount = 1234.50m,
                        Status = OrderCreditStatuses.Held,
                        Message = "On hold",
                        CheckedAt = new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero),
                    },
                ],
                Releases = [new StoredOrderRelease(orderId, "C-1", "cli:jdoe", "promised", new DateOnly(2025, 3, 14), null)],
            },
            CancellationToken.None);

        Assert.Equal(1, await ScalarAsync(ConnectionString, "SELECT COUNT(*) FROM order_credit WHERE order_id = '0A5E1F4C-2B7D-4E8A-9C3F-1D2E3F4A5B6C' AND amount = '1234.50' AND checked_at = '2025-03-14 09:30:00+00:00'"));
        Assert.Equal(1, await ScalarAsync(ConnectionString, "SELECT COUNT(*) FROM order_release WHERE order_id = '0A5E1F4C-2B7D-4E8A-9C3F-1D2E3F4A5B6C' AND on_date = '2025-03-14'"));
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
