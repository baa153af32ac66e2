using Connector.Domain.Credit;
using Connector.Domain.Policies;
using Connector.Store;
using Connector.Sync.Clock;
using Connector.Sync.Credit;
using Connector.Sync.Orders;
using Connector.Sync.Ports;
using Connector.Sync.Push;
using Connector.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Sync.Tests.Orders;

/// <summary>The order credit pass against an in-memory Dataverse and the real SQLite store.</summary>
public sealed class OrderCreditSyncTests : IAsyncLifetime
{
    private static readonly Guid OrderA = Guid.Parse("50000000-0000-0000-0000-00000000000a");
    private static readonly Guid OrderB = Guid.Parse("50000000-0000-0000-0000-00000000000b");
    private static readonly Guid ConnectorUser = Guid.Parse("c0c0c0c0-0000-0000-0000-000000000001");
    private static readonly string OrdersTarget = DataverseModel.Target(DataverseModel.SalesOrders);
    private static readonly string NoticesTarget = DataverseModel.Target(DataverseModel.AppNotifications);

    private readonly TempDirectory directory = new("connector-orders-");
    private readonly FakeTimeProvider time = new(OrderPortfolio.Now);
    private readonly FakeOrderDataverse dataverse = new();
    private readonly CreditPolicy policy = new();
    private IConnectorStore store = null!;

    public async Task InitializeAsync() =>
        store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = directory.Path }, time, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    private Task<OrderCreditReport> RunAsync(CreditSnapshot? snapshot = null) =>
        new OrderCreditSync(store, dataverse, new CompanyClock(time, new CompanyPolicy()), ConnectorUser).RunAsync(snapshot ?? OrderPortfolio.Snapshot(policy), policy, CancellationToken.None);

    private IReadOnlyList<FakeOrderDataverse.Write> OrderWrites(Guid order) =>
        [.. dataverse.Done(DataverseModel.SalesOrders).Where(w => w.Id == order)];

    private static int Status(FakeOrderDataverse.Write write) => write.Columns.GetProperty("arc_creditstatus").GetInt32();

    private static string Message(FakeOrderDataverse.Write write) => write.Columns.GetProperty("arc_creditmessage").GetString()!;

    private async Task AssertNothingPendingAsync()
    {
        Assert.Empty(await store.ReadPendingAsync(OrdersTarget, 10, CancellationToken.None));
        Assert.Empty(await store.ReadPendingAsync(NoticesTarget, 10, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_NewOrders_HeldOrderWrittenAndItsOwnerNotifiedOnce()
    {
        dataverse.Changes([FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount), FakeOrderDataverse.Order(OrderB, OrderPortfolio.GoodAccount)]);

        var report = await RunAsync();

        var held = Assert.Single(OrderWrites(OrderA));
        Assert.Equal(DataverseModel.Choices.CreditHeld, Status(held));
        Assert.StartsWith("Order blocked: Contoso Ltd is on credit hold", Message(held), StringComparison.Ordinal);
        Assert.Equal("2026-06-30T09:00:00Z", held.Columns.GetProperty("arc_creditcheckedon").GetString());
        Assert.Equal(DataverseModel.Choices.CreditApproved, Status(Assert.Single(OrderWrites(OrderB))));
        var notice = Assert.Single(dataverse.Done(DataverseModel.AppNotifications));
        Assert.Equal(OrderNotice.Id(OrderA, 1), notice.Id);
        Assert.Equal(Message(held), notice.Columns.GetProperty("body").GetString());
        Assert.Equal(new OrderCreditReport(Read: 2, Checked: 2, Held: 1, Released: 0, Written: 2, Notified: 1, Quarantined: 0), report);

        var stored = (await store.ReadOrderCreditsAsync(CancellationToken.None)).ToDictionary(o => o.OrderId);
        Assert.Equal((OrderCreditStatuses.Held, OrderPortfolio.HeldCustomer, 1), (stored[OrderA].Status, stored[OrderA].CustomerId, stored[OrderA].Notices));
        Assert.Equal(OrderCreditStatuses.Approved, stored[OrderB].Status);
        var audit = Assert.Single(await store.ReadAuditAsync("salesorder:ORD-0000a", 10, CancellationToken.None));
        Assert.Equal(("order.held", OrderCreditStatuses.Held), (audit.Event.Action, audit.Event.After));
        await AssertNothingPendingAsync();
    }

    [Fact]
    public async Task RunAsync_EuroOrderForADollarCustomer_CheckedAtItsBaseAmountInDollars()
    {
        // Fabrikam has 10,000.00 USD available; 9,500.00 EUR priced at 0.88 EUR per USD is 10,795.45 USD, over the limit.
        dataverse.Changes([FakeOrderDataverse.Order(OrderB, OrderPortfolio.GoodAccount, amount: 9_500m, currency: OrderPortfolio.Euro, exchangeRate: 0.88m, baseAmount: 10_795.45m)]);

        await RunAsync();

        var write = Assert.Single(OrderWrites(OrderB));
        Assert.Equal(DataverseModel.Choices.CreditHeld, Status(write));
        Assert.Contains("10,795.45 USD", Message(write), StringComparison.Ordinal);
        Assert.Equal(10_795.45m, Assert.Single(await store.ReadOrderCreditsAsync(CancellationToken.None)).Amount);
    }

    [Fact]
    public async Task RunAsync_OrderInACurrencyDataverseDidNotList_HeldNamingItAuditedAndNotRecheckedAsDollars()
    {
        var unknown = Guid.Parse("b2b2b2b2-0000-0000-0000-0000000000aa");
        dataverse.Changes([FakeOrderDataverse.Order(OrderB, OrderPortfolio.GoodAccount, amount: 50m, currency: unknown)]);

        await RunAsync();
        var writes = dataverse.Writes.Count;
        time.Advance(TimeSpan.FromMinutes(5));
        var again = await RunAsync();

        var write = Assert.Single(OrderWrites(OrderB));
        Assert.Equal(DataverseModel.Choices.CreditHeld, Status(write));
        Assert.StartsWith($"Order blocked: the order's amount cannot be converted into the customer's credit currency: its currency (transactioncurrency {unknown:D}) was not among", Message(write), StringComparison.Ordinal);
        var audits = (await store.ReadAuditAsync("salesorder:ORD-0000b", 10, CancellationToken.None)).Select(a => a.Event.Action).ToList();
        Assert.Contains("order.unknown-currency", audits);
        Assert.Contains("order.held", audits);
        // The stored 50 is not dollars: the re-check of held orders leaves it alone rather than approve it as 50 USD.
        Assert.Equal(writes, dataverse.Writes.Count);
        Assert.Equal(0, again.Checked);
    }

    [Fact]
    public async Task RunAsync_SecondPassWithoutChanges_WritesNothingAndNotifiesNoOne()
    {
        dataverse.Changes([FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount), FakeOrderDataverse.Order(OrderB, OrderPortfolio.GoodAccount)]);
        await RunAsync();
        var writes = dataverse.Writes.Count;
        var link = await store.ReadCheckpointAsync(OrderCreditSync.DeltaLinkKey, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));

        var report = await RunAsync();

        Assert.Equal(writes, dataverse.Writes.Count);
        Assert.Equal((0, 0, 0), (report.Written, report.Notified, report.Held));
        Assert.NotNull(link);
        Assert.Equal([null, link], dataverse.ReadFrom);
    }

    [Fact]
    public async Task RunAsync_ConnectorsOwnWriteReportedBack_WritesNothing()
    {
        dataverse.Changes([FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount)]);
        await RunAsync();
        var written = Assert.Single(OrderWrites(OrderA));
        var writes = dataverse.Writes.Count;
        dataverse.Changes([FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount, creditStatus: Status(written), creditMessage: Message(written), modifiedBy: ConnectorUser, modifiedByName: "AR Connector")]);

        var report = await RunAsync();

        Assert.Equal(writes, dataverse.Writes.Count);
        Assert.Equal((1, 0, 0), (report.Read, report.Written, report.Notified));
    }

    [Fact]
    public async Task RunAsync_DataverseDownAfterTheCommit_NextPassWritesTheOrderAndNotifiesOnce()
    {
        dataverse.Changes([FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount)]);
        dataverse.FailWrites = 1;

        await Assert.ThrowsAsync<SimulatedOutageException>(() => RunAsync());
        Assert.Empty(dataverse.Writes);

        var report = await RunAsync();

        Assert.Equal(DataverseModel.Choices.CreditHeld, Status(Assert.Single(OrderWrites(OrderA))));
        var notice = Assert.Single(dataverse.Writes, w => w.Table == DataverseModel.AppNotifications);
        Assert.Equal((OrderNotice.Id(OrderA, 1), DataverseWriteStatus.Written), (notice.Id, notice.Answer));
        Assert.Equal((1, 1), (report.Written, report.Notified));
        await AssertNothingPendingAsync();
    }

    [Fact]
    public async Task RunAsync_NotificationCreatedButItsAnswerLost_RepeatFindsItThere()
    {
        dataverse.Changes([FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount)]);
        dataverse.LoseCreateAnswers = 1;

        await Assert.ThrowsAsync<SimulatedOutageException>(() => RunAsync());
        await RunAsync();

        var creates = dataverse.Writes.Where(w => w.Table == DataverseModel.AppNotifications).ToList();
        Assert.All(creates, w => Assert.Equal(OrderNotice.Id(OrderA, 1), w.Id));
        Assert.Equal([DataverseWriteStatus.Written, DataverseWriteStatus.AlreadyExists], creates.Select(w => w.Answer));
        await AssertNothingPendingAsync();
    }

    [Fact]
    public async Task RunAsync_DataverseRefusesAnOrder_QuarantinedWithTheReasonAndTheRestWritten()
    {
        dataverse.Refused[OrderA] = "arc_creditmessage: the value is longer than the column allows";
        dataverse.Changes([FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount), FakeOrderDataverse.Order(OrderB, OrderPortfolio.GoodAccount)]);

        var report = await RunAsync();

        var quarantined = Assert.Single(await store.ReadQuarantinedAsync(OrdersTarget, 10, CancellationToken.None));
        Assert.Equal(OrderA.ToString("D"), quarantined.Item.Key);
        Assert.Contains("longer than the column allows", quarantined.LastError, StringComparison.Ordinal);
        Assert.Single(OrderWrites(OrderB));
        Assert.Single(dataverse.Done(DataverseModel.AppNotifications));
        Assert.Equal((1, 1, 1), (report.Written, report.Notified, report.Quarantined));
        await AssertNothingPendingAsync();
    }

    [Fact]
    public async Task RunAsync_OrderFulfilledOrDeleted_Forgotten()
    {
        dataverse.Changes([FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount), FakeOrderDataverse.Order(OrderB, OrderPortfolio.HeldAccount)]);
        await RunAsync();
        Assert.Equal(2, (await store.ReadOrderCreditsAsync(CancellationToken.None)).Count);
        var writes = dataverse.Writes.Count;
        dataverse.Changes([FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount, state: 3)], deleted: [OrderB]);

        await RunAsync();

        Assert.Empty(await store.ReadOrderCreditsAsync(CancellationToken.None));
        Assert.Equal(writes, dataverse.Writes.Count);

        // Contoso pays: a forgotten order is not released, nor its owner told.
        var report = await RunAsync(OrderPortfolio.Snapshot(policy, paid: true));
        Assert.Equal(writes, dataverse.Writes.Count);
        Assert.Equal(0, report.Released);
    }

    [Fact]
    public async Task RunAsync_ContactCustomer_ResolvedThroughItsParentAccountReadOnce()
    {
        var contact = Guid.Parse("c1c1c1c1-0000-0000-0000-000000000001");
        var orphan = Guid.Parse("c1c1c1c1-0000-0000-0000-000000000002");
        var orderC = Guid.Parse("50000000-0000-0000-0000-00000000000c");
        dataverse.Contact(contact, OrderPortfolio.HeldAccount);
        dataverse.Contact(orphan, null);
        dataverse.Changes(
        [
            FakeOrderDataverse.Order(OrderA, contact, "contact"),
            FakeOrderDataverse.Order(OrderB, contact, "contact"),
            FakeOrderDataverse.Order(orderC, orphan, "contact"),
        ]);

        await RunAsync();

        var stored = (await store.ReadOrderCreditsAsync(CancellationToken.None)).ToDictionary(o => o.OrderId);
        Assert.Equal((OrderCreditStatuses.Held, OrderPortfolio.HeldCustomer, OrderPortfolio.HeldAccount), (stored[OrderA].Status, stored[OrderA].CustomerId, stored[OrderA].AccountId));
        Assert.Equal(OrderCreditStatuses.Held, stored[OrderB].Status);
        Assert.Equal(OrderCreditStatuses.Approved, stored[orderC].Status); // no parent account: the unknown-customer policy (fail open)
        Assert.StartsWith("Order allowed without a credit check", stored[orderC].Message, StringComparison.Ordinal);
        Assert.Equal([contact, orphan], dataverse.ContactReads);
    }

    [Fact]
    public async Task RunAsync_ReadFailsOnTheSecondPage_DeltaLinkStoredOnlyWithTheLastPage()
    {
        var link = dataverse.NextDeltaLink();
        DataverseChangePage[] pages =
        [
            new([new DataverseChange(OrderA, FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount))], [], null),
            new([new DataverseChange(OrderB, FakeOrderDataverse.Order(OrderB, OrderPortfolio.HeldAccount))], [], link),
        ];
        dataverse.Changes(pages);
        dataverse.FailReadAfterPages = 1;

        await Assert.ThrowsAsync<SimulatedOutageException>(() => RunAsync());

        Assert.Null(await store.ReadCheckpointAsync(OrderCreditSync.DeltaLinkKey, CancellationToken.None));
        Assert.Equal([OrderA], (await store.ReadOrderCreditsAsync(CancellationToken.None)).Select(o => o.OrderId));

        dataverse.Changes(pages);
        await RunAsync();
        Assert.Equal(link, await store.ReadCheckpointAsync(OrderCreditSync.DeltaLinkKey, CancellationToken.None));
        await RunAsync();

        Assert.Equal([null, null, link], dataverse.ReadFrom);
        Assert.Equal(new[] { OrderNotice.Id(OrderA, 1), OrderNotice.Id(OrderB, 1) }.Order(), dataverse.Done(DataverseModel.AppNotifications).Select(w => w.Id).Order());
    }

    [Fact]
    public async Task RunAsync_CustomerPaidBeforeTheNextPass_HeldOrderApprovedAndItsOwnerTold()
    {
        dataverse.Changes([FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount)]);
        await RunAsync();
        time.Advance(TimeSpan.FromHours(1));

        var report = await RunAsync(OrderPortfolio.Snapshot(policy, paid: true));

        Assert.Equal((1, 1, 1), (report.Released, report.Written, report.Notified));
        Assert.Equal(DataverseModel.Choices.CreditApproved, Status(OrderWrites(OrderA)[^1]));
        var notice = dataverse.Done(DataverseModel.AppNotifications)[^1];
        Assert.Equal(OrderNotice.Id(OrderA, 2), notice.Id);
        Assert.Equal(100_000_001, notice.Columns.GetProperty("icontype").GetInt32());
        var audit = await store.ReadAuditAsync("salesorder:ORD-0000a", 10, CancellationToken.None);
        Assert.Contains(audit, a => a.Event is { Action: "order.released", Actor: OrderCreditRules.Actor });
    }

    [Fact]
    public async Task RunAsync_ReleasedInDynamicsWithAReason_ReleaseKeptAuditedAndOwnerTold()
    {
        var manager = Guid.Parse("4a4a4a4a-0000-0000-0000-000000000001");
        dataverse.Changes([FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount)]);
        await RunAsync();
        var held = Assert.Single(OrderWrites(OrderA));
        dataverse.Changes([FakeOrderDataverse.Order(OrderA, OrderPortfolio.HeldAccount, creditStatus: DataverseModel.Choices.CreditReleased, creditMessage: Message(held), releaseReason: "customer pays by wire today", modifiedBy: manager, modifiedByName: "Ada Manager")]);

        await RunAsync();
        await RunAsync(); // a later pass keeps it released

        var release = Assert.Single(await store.ReadOrderReleasesAsync(CancellationToken.None));
        Assert.Equal(("dynamics:Ada Manager", "customer pays by wire today"), (release.By, release.Reason));
        Assert.Equal(OrderCreditStatuses.Released, Assert.Single(await store.ReadOrderCreditsAsync(CancellationToken.None)).Status);
        Assert.Equal(DataverseModel.Choices.CreditReleased, Status(OrderWrites(OrderA)[^1]));
        Assert.Equal([OrderNotice.Id(OrderA, 1), OrderNotice.Id(OrderA, 2)], dataverse.Done(DataverseModel.AppNotifications).Select(w => w.Id));
        var audit = await store.ReadAuditAsync("salesorder:ORD-0000a", 10, CancellationToken.None);
        Assert.Contains(audit, a => a.Event is { Action: "order.released", Actor: "dynamics:Ada Manager" });
    }
}
