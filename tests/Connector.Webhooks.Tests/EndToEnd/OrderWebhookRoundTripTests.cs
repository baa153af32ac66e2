using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Domain.Credit;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.Webhooks;
using Connector.Sync.Ports;
using Connector.Webhooks.Decision;
using Connector.Webhooks.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using ConnectorWebhookOptions = Connector.Webhooks.Hosting.WebhookOptions;

namespace Connector.Webhooks.Tests.EndToEnd;

/// <summary>
/// The whole loop a sales rep meets (issue 5 §6): a real sync pushes the ledger into the Dataverse emulator and
/// publishes the credit snapshot keyed by the accounts' real ids; the connector's webhook server is registered as the
/// synchronous PreValidation Create step of salesorder with its key header; orders are then created through the Web API.
/// </summary>
public sealed class OrderWebhookRoundTripTests
{
    private const string KeyHeader = "x-connector-key";
    private const string Key = "e2e-key-0123456789-abcdefghijklmnopq";

    [Fact]
    public async Task CreateSalesOrder_RejectModeHeldCustomer_RefusedWithGenericErrorAndNoOrderRow()
    {
        await using var dynamics = await SyncedDataverse.StartAsync();
        await using var connector = await StartWebhooksAsync(dynamics, OrderEnforcement.Reject);

        using var response = await CreateOrderAsync(dynamics, SyncedDataverse.HeldCustomer, "SO-HELD-1", 500m);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(ErrorCodes.WebhookEndpointFailed, error["code"]!.GetValue<string>());
        // Dataverse drops the endpoint's body: the rep sees the generic error, not the hold sentence.
        Assert.DoesNotContain("credit hold", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, dynamics.Environment.Count("salesorder"));
        var delivery = Assert.Single(dynamics.Environment.WebhookDeliveries);
        Assert.Equal((false, 403), (delivery.Succeeded, delivery.LastStatus));
        // What the rep can read on the account instead: the sync put it on hold.
        Assert.Equal(true, dynamics.Environment.Record("account", dynamics.AccountId(SyncedDataverse.HeldCustomer))!["creditonhold"]);
    }

    [Fact]
    public async Task CreateSalesOrder_RejectModeContactOfHeldCustomer_RefusedThroughTheContactsParentAccount()
    {
        await using var dynamics = await SyncedDataverse.StartAsync();
        var buyer = dynamics.Environment.Create("contact", new Dictionary<string, object?>
        {
            ["fullname"] = "Pat Buyer",
            ["parentcustomerid"] = new RecordReference("account", dynamics.AccountId(SyncedDataverse.HeldCustomer)),
        });
        await dynamics.SyncAsync(); // the sync reads which account each contact belongs to
        await using var connector = await StartWebhooksAsync(dynamics, OrderEnforcement.Reject);

        // Dataverse's payload names only the contact (parentcustomerid is not a salesorder column).
        var body = new JsonObject { ["name"] = "SO-CONTACT-1", ["totalamount"] = 500m, ["customerid_contact@odata.bind"] = $"/contacts({buyer:D})" };
        using var response = await dynamics.Api.PostAsync("salesorders", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, dynamics.Environment.Count("salesorder"));
        var delivery = Assert.Single(dynamics.Environment.WebhookDeliveries);
        Assert.Equal((false, 403), (delivery.Succeeded, delivery.LastStatus));
        Assert.Equal(dynamics.AccountId(SyncedDataverse.HeldCustomer), dynamics.Snapshots.Current!.AccountOfContact(buyer));
    }

    [Fact]
    public async Task CreateSalesOrder_RejectModeGoodCustomer_OrderCreated()
    {
        await using var dynamics = await SyncedDataverse.StartAsync();
        await using var connector = await StartWebhooksAsync(dynamics, OrderEnforcement.Reject);

        using var response = await CreateOrderAsync(dynamics, SyncedDataverse.GoodCustomer, "SO-GOOD-1", 2_000m);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var order = Assert.Single(dynamics.Environment.Records("salesorder"));
        Assert.Equal("SO-GOOD-1", order["name"]);
        Assert.Equal(new RecordReference("account", dynamics.AccountId(SyncedDataverse.GoodCustomer)), order["customerid"]);
        var delivery = Assert.Single(dynamics.Environment.WebhookDeliveries);
        Assert.Equal((true, 200), (delivery.Succeeded, delivery.LastStatus));
    }

    [Fact]
    public async Task CreateSalesOrder_HoldModeHeldCustomer_OrderCreated()
    {
        await using var dynamics = await SyncedDataverse.StartAsync();
        await using var connector = await StartWebhooksAsync(dynamics, OrderEnforcement.Hold);

        using var response = await CreateOrderAsync(dynamics, SyncedDataverse.HeldCustomer, "SO-HELD-2", 500m);

        // Hold lets the save through; marking the order Held is layer 1's work after the save.
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var order = Assert.Single(dynamics.Environment.Records("salesorder"));
        Assert.Equal(new RecordReference("account", dynamics.AccountId(SyncedDataverse.HeldCustomer)), order["customerid"]);
        var delivery = Assert.Single(dynamics.Environment.WebhookDeliveries);
        Assert.Equal((true, 200), (delivery.Succeeded, delivery.LastStatus));
    }

    /// <summary>The connector's webhook server fed by the sync's snapshot, registered in the emulator as an admin would.</summary>
    private static async Task<WebhookServer> StartWebhooksAsync(SyncedDataverse dynamics, OrderEnforcement enforcement)
    {
        var snapshot = Assert.IsType<Connector.Sync.Credit.CreditSnapshot>(dynamics.Snapshots.Current);
        Assert.Equal(SyncedDataverse.HeldCustomer, snapshot.CustomerOf(dynamics.AccountId(SyncedDataverse.HeldCustomer)));
        // The sync read Dataverse's currencies: the environment's base currency, by its id.
        Assert.Equal("USD", snapshot.Currencies.BaseCurrency);
        Assert.Equal(dynamics.Environment.BaseCurrencyId, snapshot.Currencies.BaseCurrencyId);

        var policy = new CreditPolicy { OrderEnforcement = enforcement };
        var options = new ConnectorWebhookOptions { Urls = "http://127.0.0.1:0", HeaderName = KeyHeader, Key = Key };
        var server = await WebhookServer.StartAsync(
            options, new WebhookServices(dynamics.Snapshots, policy, Discard.Instance, Discard.Instance, dynamics.Clock, NullLoggerFactory.Instance), CancellationToken.None);
        dynamics.Environment.RegisterWebhookStep(new WebhookStepRegistration(
            new Uri(server.BaseAddress, "dataverse/orders/check"),
            WebhookAuth.Headers(new Dictionary<string, string> { [KeyHeader] = Key }),
            "Create", "salesorder", WebhookStage.PreValidation, WebhookMode.Synchronous));
        return server;
    }

    /// <summary>A new order saved in Dynamics by a sales rep: a Web API create binding the customer account.</summary>
    private static Task<HttpResponseMessage> CreateOrderAsync(SyncedDataverse dynamics, string customerId, string name, decimal amount)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["totalamount"] = amount,
            ["customerid_account@odata.bind"] = $"/accounts({dynamics.AccountId(customerId):D})",
        };
        return dynamics.Api.PostAsync("salesorders", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
    }

    /// <summary>The audit and order queue the round trip does not look at.</summary>
    private sealed class Discard : IWebhookAudit, IOrderChangeSink
    {
        public static readonly Discard Instance = new();

        public void Record(AuditEvent auditEvent)
        {
        }

        public bool TryOffer(OrderChange change) => true;
    }
}
