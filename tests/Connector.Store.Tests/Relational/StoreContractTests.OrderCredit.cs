using System.Data.Common;
using Connector.Mapping.Canonical;
using Connector.Store.Migrations;
using Connector.Store.Relational;
using Connector.Sync.Ports;

namespace Connector.Store.Tests.Relational;

/// <summary>The order credit state (<see cref="IOrderCreditState"/>): order statuses, order releases, the one-commit pass.</summary>
public abstract partial class StoreContractTests
{
    private const string OrderDeltaKey = "dataverse:delta:salesorder";
    private const string OrderTarget = "dataverse:salesorder";

    private static readonly Guid HeldOrderId = Guid.Parse("0a5e1f4c-2b7d-4e8a-9c3f-1d2e3f4a5b6c");
    private static readonly Guid GoodOrderId = Guid.Parse("f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9");
    private static readonly Guid OwnerId = Guid.Parse("11111111-2222-3333-4444-555555555555");

    // ---- migration 0004

    [Fact]
    public async Task MigrateAsync_DatabaseOfTheThirdRelease_AddsOrderCreditAndKeepsTheData()
    {
        var fresh = await CreateDatabaseAsync();
        await using var old = (RelationalConnectorStore)OpenStore(fresh, Time);
        await old.MigrateToAsync(3, CancellationToken.None);
        await old.CommitAsync(Batch(Invoice("INV-1")) with { Checkpoint = new Checkpoint("csv:invoices", "line 2") }, CancellationToken.None);
        await old.EnqueueAsync([Item("C-1", "a")], CancellationToken.None);
        await old.CommitReadBackAsync(new ReadBackCommit { Set = [new ManualAction(ManualActionKinds.Hold, "C-1", "cli:jdoe", null, new DateOnly(2025, 3, 1), null)] }, CancellationToken.None);
        await old.CommitCollectionsAsync(new CollectionsCommit { Cases = [new CaseSnapshot("CASE-C-1", "C-1", "s1")] }, CancellationToken.None);
        Assert.Equal(3, await ScalarAsync(fresh, "SELECT COUNT(*) FROM schema_migrations"));

        await using var upgraded = OpenStore(fresh, Time);
        await upgraded.MigrateAsync(CancellationToken.None);

        Assert.Equal(MigrationScripts.For(Dialect).Count, await ScalarAsync(fresh, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(1, await upgraded.CountRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None));
        Assert.Equal("line 2", await upgraded.ReadCheckpointAsync("csv:invoices", CancellationToken.None));
        Assert.Equal("C-1", Assert.Single(await upgraded.ReadPendingAsync("dataverse:account", 10, CancellationToken.None)).Item.Key);
        Assert.Single(await upgraded.ReadManualActionsAsync(CancellationToken.None));
        Assert.Equal("s1", Assert.Single(await upgraded.ReadCasesAsync(CancellationToken.None)).Snapshot);
        Assert.Empty(await upgraded.ReadOrderCreditsAsync(CancellationToken.None));
        await upgraded.CommitOrderCreditAsync(new OrderCreditCommit { Orders = [HeldOrder()], Releases = [Release(HeldOrderId)] }, CancellationToken.None);
        Assert.Equal([HeldOrder()], await upgraded.ReadOrderCreditsAsync(CancellationToken.None));
        Assert.Equal([Release(HeldOrderId)], await upgraded.ReadOrderReleasesAsync(CancellationToken.None));
    }

    // ---- orders and releases

    [Fact]
    public async Task CommitOrderCreditAsync_EveryField_ReadBackEqualWithNullsKept()
    {
        // Amounts at the edges of decimal (28 decimals, 29 digits, the scale of 1234.50); times with microseconds and a
        // local offset; a message with quotes and non-ASCII; the optional fields null on the second order.
        var held = HeldOrder() with { Amount = 1234.50m, Message = "Bestellung gesperrt: 'überfällig' seit 61 Tagen — ruf \"Jane\" an" };
        var bare = new StoredOrderCredit
        {
            OrderId = GoodOrderId,
            CustomerId = "C-2",
            AccountId = GlobexId,
            Amount = 0.0000000000000000000000000001m,
            Status = OrderCreditStatuses.Approved,
            Message = string.Empty,
            CheckedAt = new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero),
        };
        var large = HeldOrder() with { OrderId = OwnerId, CustomerId = "C-3", Amount = -79228162514264337593543950335m, Notices = int.MaxValue };
        var open = new StoredOrderRelease(HeldOrderId, "C-1", "dynamics:Jane Doe", "paid by cheque, see ticket 'T-9'", new DateOnly(2025, 3, 14), null);
        var until = new StoredOrderRelease(GoodOrderId, "C-2", "cli:jdoe", "promised", new DateOnly(2025, 2, 28), new DateOnly(9999, 12, 31));

        await Store.CommitOrderCreditAsync(new OrderCreditCommit { Orders = [large, bare, held], Releases = [until, open] }, CancellationToken.None);

        var orders = await Store.ReadOrderCreditsAsync(CancellationToken.None);
        Assert.Equal([held, bare, large], orders);
        Assert.Equal((1234.50m, 2), (orders[0].Amount, orders[0].Amount.Scale));
        Assert.Equal([open, until], await Store.ReadOrderReleasesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CommitOrderCreditAsync_SameOrderAgain_ReplacesItAndLeavesOthers()
    {
        var other = HeldOrder() with { OrderId = GoodOrderId, CustomerId = "C-2", Status = OrderCreditStatuses.Approved, HeldSince = null };
        await Store.CommitOrderCreditAsync(
            new OrderCreditCommit { Orders = [HeldOrder(), other], Releases = [Release(HeldOrderId), Release(GoodOrderId) with { CustomerId = "C-2" }] },
            CancellationToken.None);
        var released = HeldOrder() with
        {
            OrderNumber = null,
            Name = "Order renamed",
            OwnerId = null,
            Amount = 99.9m,
            Status = OrderCreditStatuses.Released,
            Message = "Released by Jane Doe: paid by cheque",
            HeldSince = null,
            Notices = 2,
            CheckedAt = new DateTimeOffset(2025, 3, 15, 8, 0, 0, TimeSpan.Zero),
        };
        var releasedAgain = Release(HeldOrderId) with { By = "cli:jdoe", Reason = "second thoughts", On = new DateOnly(2025, 3, 15), Until = null };

        await Store.CommitOrderCreditAsync(new OrderCreditCommit { Orders = [released], Releases = [releasedAgain] }, CancellationToken.None);

        Assert.Equal([released, other], await Store.ReadOrderCreditsAsync(CancellationToken.None));
        Assert.Equal([releasedAgain, Release(GoodOrderId) with { CustomerId = "C-2" }], await Store.ReadOrderReleasesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CommitOrderCreditAsync_Forgotten_RemovesTheOrderAndItsRelease()
    {
        var other = HeldOrder() with { OrderId = GoodOrderId };
        await Store.CommitOrderCreditAsync(
            new OrderCreditCommit { Orders = [HeldOrder(), other], Releases = [Release(HeldOrderId), Release(GoodOrderId)] },
            CancellationToken.None);

        await Store.CommitOrderCreditAsync(new OrderCreditCommit { Forgotten = [HeldOrderId, Guid.Parse("99999999-9999-9999-9999-999999999999")] }, CancellationToken.None);

        Assert.Equal([other], await Store.ReadOrderCreditsAsync(CancellationToken.None));
        Assert.Equal([Release(GoodOrderId)], await Store.ReadOrderReleasesAsync(CancellationToken.None));
    }

    // ---- the commit as a whole

    [Fact]
    public async Task CommitOrderCreditAsync_EveryPart_StoredTogetherAndQueuedCounted()
    {
        var audit = new AuditEvent(Start, "connector", "order.hold", $"order:{HeldOrderId}", OrderCreditStatuses.Approved, OrderCreditStatuses.Held, "OVERDUE_60");

        var queued = await Store.CommitOrderCreditAsync(
            new OrderCreditCommit
            {
                Orders = [HeldOrder()],
                Releases = [Release(GoodOrderId)],
                Audit = [audit],
                Outbox = [OrderItem(HeldOrderId, "held"), OrderItem(OwnerId, "notice") with { Target = "dataverse:appnotification" }],
                DeltaLink = new Checkpoint(OrderDeltaKey, "https://org.example/api/data/v9.2/salesorders?$deltatoken=919042%2108%2f22%2f2017"),
            },
            CancellationToken.None);

        Assert.Equal(2, queued);
        Assert.Equal([HeldOrder()], await Store.ReadOrderCreditsAsync(CancellationToken.None));
        Assert.Equal([Release(GoodOrderId)], await Store.ReadOrderReleasesAsync(CancellationToken.None));
        Assert.Equal(audit, Assert.Single(await Store.ReadAuditAsync(null, 10, CancellationToken.None)).Event);
        Assert.Equal("held", Assert.Single(await Store.ReadPendingAsync(OrderTarget, 10, CancellationToken.None)).Item.Payload);
        Assert.Equal("notice", Assert.Single(await Store.ReadPendingAsync("dataverse:appnotification", 10, CancellationToken.None)).Item.Payload);
        Assert.EndsWith("$deltatoken=919042%2108%2f22%2f2017", await Store.ReadCheckpointAsync(OrderDeltaKey, CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitOrderCreditAsync_ItemEqualToWhatWasLastSent_NotQueuedAgain()
    {
        await Store.CommitOrderCreditAsync(new OrderCreditCommit { Outbox = [OrderItem(HeldOrderId, "held"), OrderItem(GoodOrderId, "approved")] }, CancellationToken.None);
        await Store.MarkSentAsync([.. (await Store.ReadPendingAsync(OrderTarget, 10, CancellationToken.None)).Select(e => e.Id)], CancellationToken.None);

        var queued = await Store.CommitOrderCreditAsync(
            new OrderCreditCommit { Outbox = [OrderItem(HeldOrderId, "held"), OrderItem(GoodOrderId, "held")] },
            CancellationToken.None);

        Assert.Equal(1, queued);
        var pending = Assert.Single(await Store.ReadPendingAsync(OrderTarget, 10, CancellationToken.None));
        Assert.Equal((GoodOrderId.ToString(), "held"), (pending.Item.Key, pending.Item.Payload));
    }

    [Fact]
    public async Task CommitOrderCreditAsync_NoDeltaLink_KeepsTheStoredOne()
    {
        await Store.CommitOrderCreditAsync(new OrderCreditCommit { Orders = [HeldOrder()] }, CancellationToken.None);
        Assert.Null(await Store.ReadCheckpointAsync(OrderDeltaKey, CancellationToken.None));
        await Store.CommitOrderCreditAsync(new OrderCreditCommit { DeltaLink = new Checkpoint(OrderDeltaKey, "link-1") }, CancellationToken.None);

        await Store.CommitOrderCreditAsync(new OrderCreditCommit { Forgotten = [HeldOrderId] }, CancellationToken.None);

        Assert.Equal("link-1", await Store.ReadCheckpointAsync(OrderDeltaKey, CancellationToken.None));
        Assert.Empty(await Store.ReadOrderCreditsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CommitOrderCreditAsync_LastPartFails_StoresNothingOfTheCommit()
    {
        var kept = HeldOrder() with { OrderId = GoodOrderId };
        await Store.CommitOrderCreditAsync(
            new OrderCreditCommit { Orders = [kept], Releases = [Release(GoodOrderId)], DeltaLink = new Checkpoint(OrderDeltaKey, "link-1") },
            CancellationToken.None);

        // Every part has work to undo when the last statement, the delta link, violates its NOT NULL constraint.
        var failing = new OrderCreditCommit
        {
            Orders = [HeldOrder(), kept with { Status = OrderCreditStatuses.Released, HeldSince = null }],
            Forgotten = [GoodOrderId],
            Releases = [Release(HeldOrderId)],
            Audit = [new AuditEvent(Start, "connector", "order.hold", $"order:{HeldOrderId}", null, OrderCreditStatuses.Held, null)],
            Outbox = [OrderItem(HeldOrderId, "held")],
            DeltaLink = new Checkpoint(OrderDeltaKey, null!),
        };

        await Assert.ThrowsAnyAsync<DbException>(() => Store.CommitOrderCreditAsync(failing, CancellationToken.None));

        Assert.Equal([kept], await Store.ReadOrderCreditsAsync(CancellationToken.None));
        Assert.Equal([Release(GoodOrderId)], await Store.ReadOrderReleasesAsync(CancellationToken.None));
        Assert.Empty(await Store.ReadAuditAsync(null, 10, CancellationToken.None));
        Assert.Empty(await Store.ReadPendingAsync(OrderTarget, 10, CancellationToken.None));
        Assert.Equal("link-1", await Store.ReadCheckpointAsync(OrderDeltaKey, CancellationToken.None));
    }

    [Fact]
    public async Task CommitOrderCreditAsync_CancelledToken_StoresNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var commit = new OrderCreditCommit { Orders = [HeldOrder()], Outbox = [OrderItem(HeldOrderId, "held")], DeltaLink = new Checkpoint(OrderDeltaKey, "link-1") };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CommitOrderCreditAsync(commit, cancelled.Token));

        Assert.Empty(await Store.ReadOrderCreditsAsync(CancellationToken.None));
        Assert.Empty(await Store.ReadPendingAsync(OrderTarget, 10, CancellationToken.None));
        Assert.Null(await Store.ReadCheckpointAsync(OrderDeltaKey, CancellationToken.None));
    }

    // ---- builders

    /// <summary>A held order with every field set; its times carry microseconds and a local offset.</summary>
    private static StoredOrderCredit HeldOrder() => new()
    {
        OrderId = HeldOrderId,
        OrderNumber = "ORD-01001-X3Y4Z5",
        Name = "Spring restock",
        CustomerId = "C-1",
        AccountId = AcmeId,
        OwnerId = OwnerId,
        Amount = 12_345_678_901_234_567.89m,
        Status = OrderCreditStatuses.Held,
        Message = "On hold: 2 invoices more than 60 days overdue (EUR 4,200.00). Call Jane Doe.",
        HeldSince = new DateTimeOffset(2025, 3, 14, 10, 30, 15, TimeSpan.FromHours(1)).AddTicks(1_234_560),
        Notices = 1,
        CheckedAt = new DateTimeOffset(2025, 3, 14, 11, 45, 0, TimeSpan.FromHours(-5)).AddTicks(9_999_990),
    };

    private static StoredOrderRelease Release(Guid orderId) =>
        new(orderId, "C-1", "dynamics:Jane Doe", "paid by cheque", new DateOnly(2025, 3, 14), new DateOnly(2025, 3, 21));

    private static OutboxItem OrderItem(Guid orderId, string payload) => new(OrderTarget, orderId.ToString(), payload, RowHash.Of([payload]));
}
