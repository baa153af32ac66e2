using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Domain.Credit;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.Webhooks;
using Connector.Sync.Ports;
using Connector.Webhooks.Decision;
using Connector.Webhooks.Hosting;
using Connector.Webhooks.Tests.Builders;
using Microsoft.Extensions.Logging;
using ConnectorWebhookOptions = Connector.Webhooks.Hosting.WebhookOptions;

namespace Connector.Webhooks.Tests.EndToEnd;

/// <summary>
/// Contexts over Dataverse's size limit, as the emulator sends them (fidelity facts 19: no ParentContext,
/// InputParameters or images, and <c>x-ms-dynamics-msg-size-exceeded</c>), received by the connector's webhook server:
/// the check cannot see the order and decides by policy in one audited line; the order-changed step still wakes the
/// order credit pass, which reads the order itself.
/// </summary>
public sealed class TruncatedContextRoundTripTests
{
    private const string KeyHeader = "x-connector-key";
    private const string Key = "e2e-key-0123456789-abcdefghijklmnopq";

    [Theory]
    [InlineData(CheckFailurePolicy.FailClosed, HttpStatusCode.BadRequest, "refused")]
    [InlineData(CheckFailurePolicy.FailOpen, HttpStatusCode.NoContent, "allowed")]
    public async Task CreateSalesOrder_ContextTruncated_DecidedByTheUnknownCustomerPolicyInOneAuditedLine(CheckFailurePolicy unknown, HttpStatusCode expected, string outcome)
    {
        // A tiny limit stands in for 256 KB: every context of this environment goes truncated.
        await using var dynamics = await SyncedDataverse.StartAsync(o => o.Webhooks.MaxPayloadBytes = 600);
        var recorder = new Recorder();
        using var logs = new CapturedLogs();
        var policy = new CreditPolicy { OrderEnforcement = OrderEnforcement.Reject, UnknownCustomerPolicy = unknown };
        var audit = new LoggingWebhookAudit(logs.Factory().CreateLogger<LoggingWebhookAudit>());
        await using var connector = await StartAsync(dynamics, policy, audit, recorder, logs, "Create", WebhookStage.PreValidation, WebhookMode.Synchronous, "dataverse/orders/check");

        using var response = await CreateOrderAsync(dynamics, SyncedDataverse.GoodCustomer, 100m);

        Assert.Equal(expected, response.StatusCode);
        // The webhook's own lines at Warning and above: exactly the audit, naming why the order could not be checked.
        var line = Assert.Single(logs.Lines, l => l.Category.StartsWith("Connector.", StringComparison.Ordinal) && l.Level >= LogLevel.Warning
            && !l.Text.StartsWith("Order ", StringComparison.Ordinal));
        Assert.StartsWith("Audit webhook:orders/check order.check.unreadable salesorder:", line.Text, StringComparison.Ordinal);
        Assert.Contains($": {outcome} — Dataverse truncated the payload (over 256 KB, x-ms-dynamics-msg-size-exceeded) and dropped the order", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task UpdateSalesOrder_AsyncContextTruncated_StillWakesTheOrderCreditPass()
    {
        await using var dynamics = await SyncedDataverse.StartAsync(o => o.Webhooks.MaxPayloadBytes = 600);
        var recorder = new Recorder();
        using var logs = new CapturedLogs();
        await using var connector = await StartAsync(dynamics, new CreditPolicy(), recorder, recorder, logs, "Update", WebhookStage.PostOperation, WebhookMode.Asynchronous, "dataverse/orders/changed");
        var order = dynamics.Environment.Create("salesorder", new Dictionary<string, object?> { ["name"] = "SO-BIG", ["totalamount"] = 100m });

        using var response = await dynamics.Api.PatchAsync($"salesorders({order})", new StringContent("""{"totalamount":250}""", Encoding.UTF8, "application/json"));
        await dynamics.Environment.WhenWebhooksIdleAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var delivery = Assert.Single(dynamics.Environment.WebhookDeliveries);
        Assert.Equal((true, 202), (delivery.Succeeded, delivery.LastStatus));
        var change = Assert.Single(recorder.Changes);
        Assert.Equal((order, "Update"), (change.OrderId, change.MessageName));
    }

    private static async Task<WebhookServer> StartAsync(
        SyncedDataverse dynamics, CreditPolicy policy, IWebhookAudit audit, IOrderChangeSink sink, CapturedLogs logs, string message, WebhookStage stage, WebhookMode mode, string path)
    {
        var options = new ConnectorWebhookOptions { Urls = "http://127.0.0.1:0", HeaderName = KeyHeader, Key = Key };
        var server = await WebhookServer.StartAsync(
            options, new WebhookServices(dynamics.Snapshots, policy, sink, audit, dynamics.Clock, logs.Factory()), CancellationToken.None);
        dynamics.Environment.RegisterWebhookStep(new WebhookStepRegistration(
            new Uri(server.BaseAddress, path), WebhookAuth.Headers(new Dictionary<string, string> { [KeyHeader] = Key }), message, "salesorder", stage, mode));
        return server;
    }

    private static Task<HttpResponseMessage> CreateOrderAsync(SyncedDataverse dynamics, string customerId, decimal amount)
    {
        var body = new JsonObject
        {
            ["name"] = "SO-1",
            ["totalamount"] = amount,
            ["customerid_account@odata.bind"] = $"/accounts({dynamics.AccountId(customerId):D})",
        };
        return dynamics.Api.PostAsync("salesorders", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
    }

    private sealed class Recorder : IWebhookAudit, IOrderChangeSink
    {
        public ConcurrentQueue<AuditEvent> Audits { get; } = new();

        public ConcurrentQueue<OrderChange> Changes { get; } = new();

        public void Record(AuditEvent auditEvent) => Audits.Enqueue(auditEvent);

        public bool TryOffer(OrderChange change)
        {
            Changes.Enqueue(change);
            return true;
        }
    }
}
