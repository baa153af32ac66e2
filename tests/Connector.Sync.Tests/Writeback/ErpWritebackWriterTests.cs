using Connector.Store;
using Connector.Sync.Ports;
using Connector.Sync.Writeback;
using Connector.Testing;

namespace Connector.Sync.Tests.Writeback;

/// <summary>The writer against the real SQLite outbox, with an ERP side that records batches or refuses them.</summary>
public sealed class ErpWritebackWriterTests : IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 11, 22);
    private readonly TempDirectory directory = new("connector-writeback-");
    private IConnectorStore store = null!;

    public async Task InitializeAsync() =>
        store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = directory.Path }, TimeProvider.System, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    private Task EnqueueAsync() => store.EnqueueAsync(
        [
            WritebackJson.ToOutbox(new CustomerHoldRow("C-1", true, "OVERDUE_AGE", "Contoso Ltd is on credit hold.", AsOf)),
            WritebackJson.ToOutbox(new OrderCreditRow("SO-1", "C-1", OrderCreditDecisions.Held, "ON_HOLD;OVERDUE_AGE", "Order blocked.", "USD", 400m, 2150m, 5000m, 2850m, AsOf)),
        ],
        CancellationToken.None);

    [Fact]
    public async Task RunAsync_PendingRows_OneBatchWithBothKindsThenNothingPending()
    {
        await EnqueueAsync();
        var erp = new RecordingWriteback();

        var result = await new ErpWritebackWriter(store, store, erp).RunAsync(CancellationToken.None);

        var batch = Assert.Single(erp.Batches);
        Assert.Equal(("C-1", true), (Assert.Single(batch.Holds).CustomerId, batch.Holds[0].OnHold));
        Assert.Equal(("SO-1", OrderCreditDecisions.Held, 2850m), (Assert.Single(batch.Orders).OrderId, batch.Orders[0].Decision, batch.Orders[0].AvailableCredit));
        Assert.Equal((1, 1), (result.HoldRows, result.OrderRows));
        Assert.Equal(["batch " + batch.BatchId], result.Destinations);
        Assert.Empty(await store.ReadPendingAsync("erp:hold", 10, CancellationToken.None));
        Assert.Empty(await store.ReadPendingAsync("erp:order-credit", 10, CancellationToken.None));
        var again = await new ErpWritebackWriter(store, store, erp).RunAsync(CancellationToken.None);
        Assert.Equal((0, 0, 0), (again.HoldRows, again.OrderRows, again.Destinations.Count));
        Assert.Single(erp.Batches);
    }

    [Fact]
    public async Task RunAsync_ErpSideFailsAfterWriting_RowsStayPendingAndTheRetryHasTheSameBatchId()
    {
        await EnqueueAsync();
        var crashing = new RecordingWriteback { FailAfterWriting = true };

        await Assert.ThrowsAsync<ErpWritebackException>(() => new ErpWritebackWriter(store, store, crashing).RunAsync(CancellationToken.None));
        await EnqueueAsync(); // the next cycle plans the same rows again
        var erp = new RecordingWriteback();
        await new ErpWritebackWriter(store, store, erp).RunAsync(CancellationToken.None);

        Assert.Equal(Assert.Single(crashing.Batches).BatchId, Assert.Single(erp.Batches).BatchId);
        Assert.Equal(2, erp.Batches[0].Holds.Count + erp.Batches[0].Orders.Count);
    }

    [Fact]
    public async Task RunAsync_MoreRowsThanABatch_SeveralBatchesWithDifferentIds()
    {
        await store.EnqueueAsync(
            [.. Enumerable.Range(1, 5).Select(i => WritebackJson.ToOutbox(new CustomerHoldRow($"C-{i}", false, "", "", AsOf)))], CancellationToken.None);
        var erp = new RecordingWriteback();

        var result = await new ErpWritebackWriter(store, store, erp, batchSize: 2).RunAsync(CancellationToken.None);

        Assert.Equal([2, 2, 1], erp.Batches.Select(b => b.Holds.Count));
        Assert.Equal(3, erp.Batches.Select(b => b.BatchId).Distinct().Count());
        Assert.Equal(5, result.HoldRows);
    }

    /// <summary>The ERP side: keeps what it was given; optionally fails once the rows are written (a crash before the mark).</summary>
    private sealed class RecordingWriteback : IErpWriteback
    {
        public List<ErpWritebackBatch> Batches { get; } = [];

        public bool FailAfterWriting { get; init; }

        public string Destination => "recording";

        public Task<ErpWritebackResult> WriteAsync(ErpWritebackBatch batch, CancellationToken cancellationToken)
        {
            Batches.Add(batch);
            return FailAfterWriting
                ? throw new ErpWritebackException("ERP writeback: the folder went away")
                : Task.FromResult(new ErpWritebackResult("batch " + batch.BatchId));
        }
    }
}
