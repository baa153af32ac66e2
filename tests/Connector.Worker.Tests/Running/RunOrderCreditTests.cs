using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Dataverse.Solution;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.Solutions;
using Connector.Emulators.Dataverse.Webhooks;
using Connector.Worker.Solution;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Running;

/// <summary>
/// <c>connector run</c> with the order webhooks, against the Dataverse emulator calling the asynchronous step like
/// Dataverse: a sales rep's new order is marked by the worker between two scheduled syncs (the schedule never fires
/// again after the start-up cycle), because the webhook wakes the order credit pass.
/// </summary>
public sealed class RunOrderCreditTests : IAsyncLifetime
{
    private const string Never = "0 0 0 1 1 ? 2099";
    private const string Key = "worker-test-key-0123456789-abcdefgh";
    private const int Held = 472_000_001;
    private const int Approved = 472_000_000;
    private DataverseEmulator emulator = null!;

    public async Task InitializeAsync()
    {
        emulator = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions(), CancellationToken.None);
        using var zip = new MemoryStream();
        await SolutionPacker.PackAsync(SolutionFolder.Locate(null)!, zip, CancellationToken.None);
        zip.Position = 0;
        emulator.Environment.Import(SolutionImporter.Read(zip).Tables);
    }

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task Run_SalesRepSavesOrderForHeldCustomer_OrderMarkedHeldAndOwnerNotifiedBeforeTheNextSync()
    {
        await using var worker = RunningWorker.StartAgainst(emulator.BaseAddress, Never, static settings =>
            settings["Webhook"] = new JsonObject { ["Urls"] = "http://127.0.0.1:0", ["HeaderName"] = "x-arc-key", ["Key"] = Key });
        var events = await worker.Log.WaitForAsync(
            static e => e.Any(WorkerLog.IsSummary) && e.Any(static x => WorkerLog.Template(x)?.StartsWith("Order webhooks listening", StringComparison.Ordinal) == true),
            worker.Exit);
        var address = new Uri(events.First(static x => WorkerLog.Template(x)?.StartsWith("Order webhooks listening", StringComparison.Ordinal) == true)
            .GetProperty("Address").GetString()!);
        emulator.Environment.RegisterWebhookStep(new WebhookStepRegistration(
            new Uri(address, "dataverse/orders/changed"),
            WebhookAuth.Headers(new Dictionary<string, string> { ["x-arc-key"] = Key }),
            "Create", "salesorder", WebhookStage.PostOperation, WebhookMode.Asynchronous));
        emulator.Environment.RegisterWebhookStep(new WebhookStepRegistration(
            new Uri(address, "dataverse/orders/check"),
            WebhookAuth.Headers(new Dictionary<string, string> { ["x-arc-key"] = Key }),
            "Create", "salesorder", WebhookStage.PreValidation, WebhookMode.Synchronous));
        var prospect = emulator.Environment.Create("account", new Dictionary<string, object?> { ["name"] = "Prospect Without ERP Account Ltd" }, "Alex Kim (Sales)");
        var accounts = emulator.Environment.Records("account");
        var held = accounts.First(static a => a.TryGetValue("creditonhold", out var v) && v is true);
        var good = accounts.First(static a => a.TryGetValue("creditonhold", out var v) && v is false && Convert.ToDecimal(a["arc_availablecredit"], System.Globalization.CultureInfo.InvariantCulture) > 10_000m);

        using var rep = SalesRep();
        var heldOrder = await CreateOrderAsync(rep, (Guid)held["accountid"]!, "SO-RUN-1", 2_500m);
        var goodOrder = await CreateOrderAsync(rep, (Guid)good["accountid"]!, "SO-RUN-2", 1_000m);
        var prospectOrder = await CreateOrderAsync(rep, prospect, "SO-RUN-3", 700m);
        // The pass writes the orders' statuses first, then the owners' notifications: wait for both (the log's own wait,
        // which also stops at once should the worker exit).
        await worker.Log.WaitForAsync(
            _ => Status(heldOrder) is not null && Status(goodOrder) is not null && Status(prospectOrder) is not null && emulator.Environment.Count("appnotification") > 0,
            worker.Exit);

        Assert.Equal(Held, Status(heldOrder));
        Assert.Equal(Approved, Status(goodOrder));
        Assert.Equal(Approved, Status(prospectOrder)); // Credit:UnknownCustomerPolicy FailOpen (the default), audited below
        var order = emulator.Environment.Record("salesorder", heldOrder)!;
        Assert.StartsWith("Order blocked: ", (string)order["arc_creditmessage"]!, StringComparison.Ordinal);
        Assert.Contains("to request a release", (string)order["arc_creditmessage"]!, StringComparison.Ordinal);
        var notification = Assert.Single(emulator.Environment.Records("appnotification"));
        Assert.Equal(order["ownerid"], notification["ownerid"]);
        Assert.Contains("is held for credit", (string)notification["title"]!, StringComparison.Ordinal);
        Assert.Equal(order["arc_creditmessage"], notification["body"]);
        Assert.Single(worker.Log.Events(), WorkerLog.IsSummary); // no second sync ran: the webhook's wake-up did it
        Assert.Equal(0, await worker.StopAsync());

        var audit = await InProcess.RunAsync("audit", "--limit", "500", "--format", "json", "--config", worker.ConfigFile);
        Assert.Equal(0, audit.ExitCode);
        var journal = JsonNode.Parse(audit.Output)!.AsArray().Select(static e => (Action: (string)e!["action"]!, Subject: (string)e["subject"]!, Actor: (string)e["actor"]!)).ToList();
        Assert.Contains(("order.held", "salesorder:SO-RUN-1", "connector:order-credit"), journal);
        Assert.Contains(journal, static e => e.Action == "order.check.unknown-customer" && e.Actor == "webhook:orders/check"); // the synchronous check's policy decision, journalled
    }

    private HttpClient SalesRep()
    {
        var client = new HttpClient { BaseAddress = emulator.ApiUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sales-rep-token");
        client.DefaultRequestHeaders.Add("OData-MaxVersion", "4.0");
        client.DefaultRequestHeaders.Add("OData-Version", "4.0");
        return client;
    }

    private static async Task<Guid> CreateOrderAsync(HttpClient rep, Guid account, string number, decimal amount)
    {
        var body = new JsonObject
        {
            ["name"] = "Order " + number,
            ["ordernumber"] = number,
            ["totalamount"] = amount,
            ["customerid_account@odata.bind"] = $"/accounts({account:D})",
        };
        using var response = await rep.PostAsync(new Uri("salesorders", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var entityId = response.Headers.GetValues("OData-EntityId").Single();
        return Guid.Parse(entityId[(entityId.LastIndexOf('(') + 1)..^1]);
    }

    private int? Status(Guid order) =>
        emulator.Environment.Record("salesorder", order) is { } row && row.TryGetValue("arc_creditstatus", out var value) && value is not null
            ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
