using Connector.Domain.Credit;
using Connector.Domain.Evaluation;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.Webhooks;
using Connector.Sync.Credit;
using Connector.Sync.Orders;
using Connector.Sync.Ports;
using Connector.Sync.Push;
using Connector.Webhooks.Decision;
using Connector.Webhooks.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using ConnectorWebhookOptions = Connector.Webhooks.Hosting.WebhookOptions;

namespace Connector.Webhooks.Tests.EndToEnd;

/// <summary>
/// Layer 1 of the credit holds as a sales rep and an AR manager meet it (issue 5 §3 and §6): the emulator's asynchronous
/// PostOperation Create/Update steps call the connector's <c>/dataverse/orders/changed</c>, which feeds a real
/// <see cref="OrderChangeQueue"/>; each wake-up then runs <see cref="OrderCreditSync"/> with the connector's real Web
/// API client and SQLite store, as the worker's order credit service does. Hold mode unless a test says otherwise.
/// </summary>
public sealed class OrderCreditRoundTripTests
{
    private const string KeyHeader = "x-connector-key";
    private const string Key = "e2e-key-0123456789-abcdefghijklmnopq";
    private const string SalesRep = "Sam Rivera";
    private const string ArManager = "Alex Chen";

    private const string HeldSentence =
        "Order blocked: Contoso Ltd is on credit hold — 3 invoices more than 60 days overdue (12,400.00 USD); exposure 61,200.00 USD against a limit of 50,000.00 USD. Contact Jane Doe (Collections) to request a release.";

    [Fact]
    public async Task CreateSalesOrder_HeldCustomer_OrderHeldWithTheSentenceAndTheRepNotifiedOnce()
    {
        await using var loop = await OrderCreditLoop.StartAsync();

        var order = await loop.CreateOrderAsync(SyncedDataverse.HeldCustomer, "SO-1001", 500m);
        var report = await loop.PassAsync();

        Assert.Equal((1, 1, 1), (report.Held, report.Written, report.Notified));
        var row = loop.Order(order);
        Assert.Equal(DataverseModel.Choices.CreditHeld, row["arc_creditstatus"]);
        Assert.Equal(HeldSentence, row["arc_creditmessage"]);
        Assert.Equal(loop.Dynamics.Time.GetUtcNow(), row["arc_creditcheckedon"]); // the connector's clock: when it checked
        var notice = Assert.Single(loop.Notifications());
        Assert.Equal("Order SO-1001 for Contoso Ltd is held for credit", notice["title"]);
        Assert.Equal(HeldSentence, notice["body"]);
        Assert.Equal(new RecordReference("systemuser", loop.Dynamics.Environment.UserId(SalesRep)), notice["ownerid"]);
    }

    [Fact]
    public async Task CreateSalesOrder_GoodCustomer_OrderApprovedWithoutNotification()
    {
        await using var loop = await OrderCreditLoop.StartAsync();

        var order = await loop.CreateOrderAsync(SyncedDataverse.GoodCustomer, "SO-2001", 2_000m);
        var report = await loop.PassAsync();

        Assert.Equal((0, 1, 0), (report.Held, report.Written, report.Notified));
        var row = loop.Order(order);
        Assert.Equal(DataverseModel.Choices.CreditApproved, row["arc_creditstatus"]);
        Assert.StartsWith("Order allowed", (string)row["arc_creditmessage"]!, StringComparison.Ordinal);
        Assert.NotNull(row["arc_creditcheckedon"]);
        Assert.Empty(loop.Notifications());
    }

    [Fact]
    public async Task ReleaseInDynamics_HeldOrder_StaysReleasedRepNotifiedAuditedAndItsEditPassesTheRejectCheck()
    {
        await using var loop = await OrderCreditLoop.StartAsync();
        var released = await loop.CreateOrderAsync(SyncedDataverse.HeldCustomer, "SO-1002", 500m);
        var stillHeld = await loop.CreateOrderAsync(SyncedDataverse.HeldCustomer, "SO-1003", 700m);
        await loop.PassAsync();

        // The AR manager opens the order in Dynamics and releases it with a reason (no webhook: not a customer or amount change).
        loop.Dynamics.Environment.Update("salesorder", released, new Dictionary<string, object?>
        {
            ["arc_creditstatus"] = DataverseModel.Choices.CreditReleased,
            ["arc_releasereason"] = "Customer promised payment by Friday",
        }, ArManager);
        var report = await loop.PassAsync();

        Assert.Equal((1, 1), (report.Released, report.Notified));
        var row = loop.Order(released);
        Assert.Equal(DataverseModel.Choices.CreditReleased, row["arc_creditstatus"]);
        Assert.Equal(DataverseModel.Choices.CreditHeld, loop.Order(stillHeld)["arc_creditstatus"]);
        var notice = Assert.Single(loop.Notifications(), n => (string)n["title"]! == "Order SO-1002 for Contoso Ltd is released");
        Assert.Equal(new RecordReference("systemuser", loop.Dynamics.Environment.UserId(SalesRep)), notice["ownerid"]);
        var audit = Assert.Single(await loop.AuditAsync("salesorder:SO-1002"), e => e.Action == "order.released");
        Assert.Equal("dynamics:" + ArManager, audit.Actor);
        Assert.StartsWith("Customer promised payment by Friday — ", audit.Reason, StringComparison.Ordinal);

        // The next sync republishes the snapshot with the order's release; the Reject-mode check lets its edit through.
        await loop.Dynamics.SyncAsync();
        await using var reject = await loop.StartRejectCheckAsync();
        loop.Dynamics.Environment.Update("salesorder", released, new Dictionary<string, object?> { ["totalamount"] = 900m }, SalesRep);
        var refused = Assert.Throws<DataverseFaultException>(() =>
            loop.Dynamics.Environment.Update("salesorder", stillHeld, new Dictionary<string, object?> { ["totalamount"] = 900m }, SalesRep));

        Assert.Equal(900m, loop.Order(released)["totalamount"]);
        Assert.Equal(ErrorCodes.WebhookEndpointFailed, refused.Code);
        Assert.Equal(700m, loop.Order(stillHeld)["totalamount"]);
    }

    [Fact]
    public async Task ReleaseInDynamics_HeldOrder_AnotherInstancesRejectCheckLetsItsEditThroughBeforeTheNextSync()
    {
        await using var loop = await OrderCreditLoop.StartAsync();
        var released = await loop.CreateOrderAsync(SyncedDataverse.HeldCustomer, "SO-1006", 500m);
        var stillHeld = await loop.CreateOrderAsync(SyncedDataverse.HeldCustomer, "SO-1007", 700m);
        await loop.PassAsync();

        // This instance publishes its evaluation; another instance behind the same load balancer loads it.
        var here = Sharing(loop.Dynamics.Snapshots, loop.Dynamics.Time);
        var other = new CreditSnapshotHolder(loop.Dynamics.Time);
        await using (var store = await loop.Dynamics.OpenStoreAsync())
        {
            await here.PublishFiguresAsync(store, loop.Dynamics.Snapshots.Current!, CancellationToken.None);
            Assert.True(await Sharing(other, loop.Dynamics.Time).LoadNewestAsync(store, CancellationToken.None));
        }

        // The AR manager releases the order in Dynamics; this instance's next order pass reads it back and records it.
        loop.Dynamics.Environment.Update("salesorder", released, new Dictionary<string, object?>
        {
            ["arc_creditstatus"] = DataverseModel.Choices.CreditReleased,
            ["arc_releasereason"] = "Customer promised payment by Friday",
        }, ArManager);
        await using (var store = await loop.Dynamics.OpenStoreAsync())
        {
            using var gate = new OrderCreditGate();
            var pass = new OrderCreditPass(loop.Dynamics.Dataverse, loop.Dynamics.Clock, gate, new ConnectorIdentity(loop.Dynamics.ConnectorUserId), new EvaluationPolicies(), here);
            Assert.Equal(1, (await pass.RunAsync(store, loop.Dynamics.Snapshots.Current!, CancellationToken.None)).Released);
            Assert.True(await Sharing(other, loop.Dynamics.Time).LoadNewestAsync(store, CancellationToken.None));
        }

        // No sync has run since: the other instance's Reject-mode check lets the released order's edit through, not the held one's.
        await using var reject = await loop.StartRejectCheckAsync(other);
        loop.Dynamics.Environment.Update("salesorder", released, new Dictionary<string, object?> { ["totalamount"] = 900m }, SalesRep);
        var refused = Assert.Throws<DataverseFaultException>(() =>
            loop.Dynamics.Environment.Update("salesorder", stillHeld, new Dictionary<string, object?> { ["totalamount"] = 900m }, SalesRep));

        Assert.Equal(900m, loop.Order(released)["totalamount"]);
        Assert.Equal(ErrorCodes.WebhookEndpointFailed, refused.Code);
        Assert.Equal(loop.Dynamics.Snapshots.Version, other.Version); // both decide from the release's version
        Assert.True(other.FiguresVersion < other.Version); // which carried the actions only
    }

    [Fact]
    public async Task PassAfterOverdueInvoicesPaid_HeldOrder_ApprovedRepNotifiedAndAuditedAsTheConnector()
    {
        await using var loop = await OrderCreditLoop.StartAsync();
        var order = await loop.CreateOrderAsync(SyncedDataverse.HeldCustomer, "SO-1004", 500m);
        await loop.PassAsync();

        await loop.Dynamics.PayOverdueInvoicesAsync();
        await loop.Dynamics.SyncAsync();
        var report = await loop.PassAsync();

        Assert.Equal((1, 1, 1), (report.Released, report.Written, report.Notified));
        Assert.Equal(false, loop.Dynamics.Environment.Record("account", loop.Dynamics.AccountId(SyncedDataverse.HeldCustomer))!["creditonhold"]);
        Assert.Equal(DataverseModel.Choices.CreditApproved, loop.Order(order)["arc_creditstatus"]);
        Assert.Equal(
            ["Order SO-1004 for Contoso Ltd is held for credit", "Order SO-1004 for Contoso Ltd is released"],
            loop.Notifications().Select(n => (string)n["title"]!).Order(StringComparer.Ordinal));
        var audit = Assert.Single(await loop.AuditAsync("salesorder:SO-1004"), e => e.Action == "order.released");
        Assert.Equal(OrderCreditRules.Actor, audit.Actor);
    }

    [Fact]
    public async Task PassAgain_AfterHoldAndRelease_WritesAndNotifiesNothing()
    {
        await using var loop = await OrderCreditLoop.StartAsync();
        var held = await loop.CreateOrderAsync(SyncedDataverse.HeldCustomer, "SO-1005", 500m);
        var good = await loop.CreateOrderAsync(SyncedDataverse.GoodCustomer, "SO-2002", 1_000m);
        await loop.PassAsync();
        loop.Dynamics.Environment.Update("salesorder", held, new Dictionary<string, object?>
        {
            ["arc_creditstatus"] = DataverseModel.Choices.CreditReleased,
            ["arc_releasereason"] = "Prepaid by wire",
        }, ArManager);
        await loop.PassAsync();
        var versions = (loop.Order(held)["versionnumber"], loop.Order(good)["versionnumber"]);
        var notices = loop.Notifications().Count;
        var audit = (await loop.AuditAsync(null)).Count;

        var report = await loop.PassAsync();

        Assert.Equal((0, 0, 0, 0), (report.Held, report.Released, report.Written, report.Notified));
        Assert.Equal(versions, (loop.Order(held)["versionnumber"], loop.Order(good)["versionnumber"]));
        Assert.Equal(notices, loop.Notifications().Count);
        Assert.Equal(audit, (await loop.AuditAsync(null)).Count);
    }

    /// <summary>
    /// The synced Dynamics, the connector's webhook server registered as the asynchronous PostOperation Create/Update
    /// steps of salesorder (as solution-package/ registers them), and the queue the server feeds.
    /// </summary>
    private sealed class OrderCreditLoop : IAsyncDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

        private readonly WebhookServer server;

        private OrderCreditLoop(SyncedDataverse dynamics, OrderChangeQueue queue, WebhookServer server)
        {
            Dynamics = dynamics;
            Queue = queue;
            this.server = server;
        }

        public SyncedDataverse Dynamics { get; }

        public OrderChangeQueue Queue { get; }

        public static async Task<OrderCreditLoop> StartAsync()
        {
            var dynamics = await SyncedDataverse.StartAsync();
            var queue = new OrderChangeQueue();
            var server = await StartServerAsync(dynamics, OrderEnforcement.Hold, queue);
            foreach (var (message, filter) in new[] { ("Create", (string[]?)null), ("Update", ["customerid", "totalamount"]) })
            {
                dynamics.Environment.RegisterWebhookStep(new WebhookStepRegistration(
                    new Uri(server.BaseAddress, "dataverse/orders/changed"), Auth, message, "salesorder", WebhookStage.PostOperation, WebhookMode.Asynchronous, filter));
            }

            return new OrderCreditLoop(dynamics, queue, server);
        }

        /// <summary>
        /// A sales rep saves a new order in Dynamics (the rep owns it); returns once the asynchronous step has told the
        /// connector, as the order credit service's wake-up would.
        /// </summary>
        public async Task<Guid> CreateOrderAsync(string customerId, string number, decimal amount)
        {
            var id = Dynamics.Environment.Create("salesorder", new Dictionary<string, object?>
            {
                ["name"] = $"{number} ({customerId})",
                ["ordernumber"] = number,
                ["totalamount"] = amount,
                ["customerid"] = new RecordReference("account", Dynamics.AccountId(customerId)),
            }, SalesRep);
            using var patience = new CancellationTokenSource(Patience);
            var changes = await Queue.TakeAsync(patience.Token);
            Assert.Equal(new[] { (id, "Create") }, changes.Select(c => (c.OrderId, c.MessageName)));
            await Dynamics.Environment.WhenWebhooksIdleAsync(patience.Token);
            Assert.All(Dynamics.Environment.WebhookDeliveries, d => Assert.True(d.Succeeded, $"{d.Message} of {d.RecordId}: {d.LastStatus}"));
            return id;
        }

        /// <summary>One order credit pass from the current snapshot, as <c>OrderCreditService</c> runs it.</summary>
        public async Task<OrderCreditReport> PassAsync()
        {
            await using var store = await Dynamics.OpenStoreAsync();
            var sync = new OrderCreditSync(store, Dynamics.Dataverse, Dynamics.Clock, Dynamics.ConnectorUserId);
            return await sync.RunAsync(Dynamics.Snapshots.Current!, new CreditPolicy(), CancellationToken.None);
        }

        /// <summary>The connector's synchronous check in Reject mode, registered on Update as solution-package/ does (with a pre-image).</summary>
        /// <param name="snapshots">Another instance's snapshot; <c>null</c>: this one's.</param>
        public async Task<WebhookServer> StartRejectCheckAsync(CreditSnapshotHolder? snapshots = null)
        {
            var reject = await StartServerAsync(Dynamics, OrderEnforcement.Reject, Queue, snapshots);
            Dynamics.Environment.RegisterWebhookStep(new WebhookStepRegistration(
                new Uri(reject.BaseAddress, "dataverse/orders/check"), Auth, "Update", "salesorder", WebhookStage.PreValidation, WebhookMode.Synchronous,
                ["customerid", "totalamount"], ["customerid", "totalamount", "ordernumber"]));
            return reject;
        }

        public IReadOnlyDictionary<string, object?> Order(Guid id) => Dynamics.Environment.Record("salesorder", id)!;

        public IReadOnlyList<IReadOnlyDictionary<string, object?>> Notifications() => Dynamics.Environment.Records("appnotification");

        public async Task<IReadOnlyList<AuditEvent>> AuditAsync(string? subject)
        {
            await using var store = await Dynamics.OpenStoreAsync();
            return [.. (await store.ReadAuditAsync(subject, 1_000, CancellationToken.None)).Select(static e => e.Event)];
        }

        public async ValueTask DisposeAsync()
        {
            await server.DisposeAsync();
            await Dynamics.DisposeAsync();
        }

        private static WebhookAuth Auth => WebhookAuth.Headers(new Dictionary<string, string> { [KeyHeader] = Key });

        private static Task<WebhookServer> StartServerAsync(SyncedDataverse dynamics, OrderEnforcement enforcement, OrderChangeQueue queue, CreditSnapshotHolder? snapshots = null) =>
            WebhookServer.StartAsync(
                new ConnectorWebhookOptions { Urls = "http://127.0.0.1:0", HeaderName = KeyHeader, Key = Key, ConnectorUserId = dynamics.ConnectorUserId },
                new WebhookServices(snapshots ?? dynamics.Snapshots, new CreditPolicy { OrderEnforcement = enforcement }, queue, NoAudit.Instance, dynamics.Clock, NullLoggerFactory.Instance),
                CancellationToken.None);
    }

    private static CreditSnapshotSharing Sharing(CreditSnapshotHolder holder, TimeProvider time) =>
        new(holder, new CreditSnapshotOptions(), time, NullLogger<CreditSnapshotSharing>.Instance);

    private sealed class NoAudit : IWebhookAudit
    {
        public static readonly NoAudit Instance = new();

        public void Record(AuditEvent auditEvent)
        {
        }
    }
}
