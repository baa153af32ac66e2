using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Connector.Domain.Credit;
using Connector.Webhooks.Tests.Builders;
using Microsoft.Extensions.Logging;

namespace Connector.Webhooks.Tests.Endpoints;

public sealed class WebhookEndpointsTests
{
    private static readonly string HeldCreate = Payload.Create(Portfolio.HeldAccount, 1_000m).Json();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789-abcdefghijklmn")]
    [InlineData("")]
    public async Task Check_WithoutTheRightKey_Is401(string? key)
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());

        using var response = await server.PostAsync("dataverse/orders/check", HeldCreate, key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Missing or wrong x-arc-key header.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Changed_WithoutTheKey_Is401AndQueuesNothing()
    {
        await using var server = await WebhookTestServer.StartAsync();

        using var response = await server.PostAsync("dataverse/orders/changed", Payload.Update(Portfolio.GoodAccount, 1m, 2m).Json(), key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(server.Changes);
    }

    [Fact]
    public async Task Check_BodyOverOneMegabyte_Is413()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());
        var body = "{\"Padding\":\"" + new string('x', 1024 * 1024) + "\"}";

        using var response = await server.PostAsync("dataverse/orders/check", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Check_ChunkedBodyOverOneMegabyte_Is413()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());
        using var request = new HttpRequestMessage(HttpMethod.Post, "dataverse/orders/check")
        {
            Content = new StreamContent(new MemoryStream(new byte[1024 * 1024 + 10])),
        };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add(WebhookTestServer.HeaderName, WebhookTestServer.Key);

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"MessageName\":\"Create\",")]
    [InlineData("<xml/>")]
    [InlineData("{\"Stage\":\"ten\"}")]
    public async Task Check_UnreadableBody_Is400WithOneLine(string body)
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());

        using var response = await server.PostAsync("dataverse/orders/check", body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(text);
        Assert.DoesNotContain('\n', text);
    }

    [Theory]
    [InlineData("dataverse/orders/check")]
    [InlineData("dataverse/orders/changed")]
    public async Task Post_InvalidUtf8InsideAJsonString_Is400WithOneLine(string path)
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());
        // 0xC3 opens a two-byte sequence; 0x28 '(' cannot continue it. JSON's structure stays intact, only the text is bad.
        var text = Payload.Create(Portfolio.HeldAccount, 1_000m).Json()
            .Replace("\"Attributes\":[", "\"Attributes\":[{\"key\":\"name\",\"value\":\"Spring @@ restock\"},", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        var at = bytes.IndexOf((byte)'@');
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent([.. bytes]) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookTestServer.HeaderName, WebhookTestServer.Key);

        using var response = await server.Client.SendAsync(request);
        var line = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("The body is not valid UTF-8", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.Empty(server.Changes);
    }

    [Fact]
    public async Task Check_HeldCustomerInReject_IsRefusedWithTheHoldSentence()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());

        using var response = await server.PostAsync("dataverse/orders/check", HeldCreate);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(Portfolio.HeldSentence, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Check_HeldCustomerAtCreateWithoutAmountYet_IsStillRefusedInReject()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());

        using var response = await server.CheckAsync(Payload.Create(Portfolio.HeldAccount, null));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("Order blocked: Contoso Ltd is on credit hold", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_HeldCustomerInHold_IsAllowedAndSaysItWillBeHeld()
    {
        await using var server = await WebhookTestServer.StartAsync(new CreditPolicy { OrderEnforcement = OrderEnforcement.Hold });

        using var response = await server.PostAsync("dataverse/orders/check", HeldCreate);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "Allowed at save (Credit:OrderEnforcement is Hold, the order is marked Held): " + Portfolio.HeldSentence,
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Check_GoodCustomerWithinLimit_IsAllowed()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());

        using var response = await server.CheckAsync(Payload.Create(Portfolio.GoodAccount, 1_200m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "Order allowed: exposure after this order 41,200.00 USD of a 50,000.00 USD limit (8,800.00 USD available).",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Check_GoodCustomerOverTheLimit_IsRefusedInReject()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());

        using var response = await server.CheckAsync(Payload.Create(Portfolio.GoodAccount, 10_500m));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("above its limit of 50,000.00 USD", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UpdateRaisingTheTotal_ChecksOnlyTheIncrease()
    {
        // 10,500 in full would pass the 50,000 limit (40,000 + 10,500); the edit adds only 1,500.
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());

        using var response = await server.CheckAsync(Payload.Update(Portfolio.GoodAccount, before: 9_000m, after: 10_500m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "Order allowed: exposure after this order 41,500.00 USD of a 50,000.00 USD limit (8,500.00 USD available).",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Check_UpdateIncreasePastTheLimit_IsRefused()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());

        using var response = await server.CheckAsync(Payload.Update(Portfolio.GoodAccount, before: 1_000m, after: 12_000m));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Check_OrderOfTheConnectorsOwnUser_IsNotVetoed()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());

        using var response = await server.CheckAsync(Payload.Create(Portfolio.HeldAccount, 1_000m) with { InitiatingUserId = WebhookTestServer.ConnectorUser });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Allowed: the order was written by the connector's own application user.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Check_ContactWithHeldParentAccount_IsRefusedForTheAccount()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());
        var payload = new Payload { Customer = ("contact", Guid.NewGuid()), ParentCustomer = ("account", Portfolio.HeldAccount), Total = 500m };

        using var response = await server.CheckAsync(payload);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("Order blocked: Contoso Ltd is on credit hold", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CheckFailurePolicy.FailOpen, HttpStatusCode.OK)]
    [InlineData(CheckFailurePolicy.FailClosed, HttpStatusCode.Forbidden)]
    public async Task Check_ContactWithoutParent_IsDecidedByTheUnknownCustomerPolicyAndAudited(CheckFailurePolicy unknown, HttpStatusCode expected)
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject(unknown: unknown));
        var contact = Guid.NewGuid();

        using var response = await server.CheckAsync(new Payload { Customer = ("contact", contact), Total = 500m });

        Assert.Equal(expected, response.StatusCode);
        var audit = Assert.Single(server.Audits);
        Assert.Equal("order.check.unknown-customer", audit.Action);
        Assert.Equal($"the customer is contact {contact} and its parent account is not known", audit.Reason);
    }

    [Theory]
    [InlineData(CheckFailurePolicy.FailOpen, HttpStatusCode.OK, "allowed")]
    [InlineData(CheckFailurePolicy.FailClosed, HttpStatusCode.Forbidden, "refused")]
    public async Task Check_AccountUnknownToTheErp_IsDecidedByPolicyAndAudited(CheckFailurePolicy unknown, HttpStatusCode expected, string outcome)
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject(unknown: unknown));

        using var response = await server.CheckAsync(Payload.Create(Portfolio.StrangerAccount, 500m));

        Assert.Equal(expected, response.StatusCode);
        var audit = Assert.Single(server.Audits);
        Assert.Equal(outcome, audit.After);
        Assert.Equal($"account {Portfolio.StrangerAccount} is not a customer of the AR ledger (no credit account)", audit.Reason);
    }

    [Fact]
    public async Task Check_StaleSnapshotFailOpen_AllowsEvenAHeldCustomerAndAudits()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject(stale: CheckFailurePolicy.FailOpen));
        server.Time.Advance(TimeSpan.FromMinutes(46)); // 61 minutes after the evaluation

        using var response = await server.PostAsync("dataverse/orders/check", HeldCreate);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "Allowed without a credit check: the last credit evaluation is 61 minutes old (Credit:StaleSnapshotMinutes is 60).",
            await response.Content.ReadAsStringAsync());
        var audit = Assert.Single(server.Audits);
        Assert.Equal(("order.check.stale", "allowed", "salesorder:new"), (audit.Action, audit.After, audit.Subject));
    }

    [Fact]
    public async Task Check_StaleSnapshotFailClosed_RefusesEvenAGoodCustomer()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject(stale: CheckFailurePolicy.FailClosed));
        server.Time.Advance(TimeSpan.FromMinutes(46));

        using var response = await server.CheckAsync(Payload.Create(Portfolio.GoodAccount, 10m));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(
            "Order blocked: the credit check cannot decide — the last credit evaluation is 61 minutes old (Credit:StaleSnapshotMinutes is 60). Contact your AR team to check the customer's credit.",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Check_SnapshotJustWithinTheLimit_DecidesFromFigures()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject(stale: CheckFailurePolicy.FailClosed));
        server.Time.Advance(TimeSpan.FromMinutes(45)); // exactly 60 minutes old

        using var response = await server.CheckAsync(Payload.Create(Portfolio.GoodAccount, 10m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(server.Audits);
    }

    [Fact]
    public async Task Check_NoEvaluationYetFailClosed_Refuses()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject(stale: CheckFailurePolicy.FailClosed), publish: false);

        using var response = await server.CheckAsync(Payload.Create(Portfolio.GoodAccount, 10m));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("no credit evaluation has run since the connector started", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_StaleSnapshotFailClosedInHoldMode_StillAllowsAtSave()
    {
        await using var server = await WebhookTestServer.StartAsync(new CreditPolicy { StaleSnapshotPolicy = CheckFailurePolicy.FailClosed }, publish: false);

        using var response = await server.CheckAsync(Payload.Create(Portfolio.HeldAccount, 10m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("allowed", Assert.Single(server.Audits).After);
    }

    [Fact]
    public async Task Check_TruncatedPayloadWithoutTarget_IsDecidedByPolicyAndAudited()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject(unknown: CheckFailurePolicy.FailClosed));

        using var response = await server.PostAsync(
            "dataverse/orders/check", """{"MessageName":"Create","PrimaryEntityName":"salesorder","Stage":10,"Mode":0}""", truncated: true);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var audit = Assert.Single(server.Audits);
        Assert.Equal("order.check.unreadable", audit.Action);
        Assert.StartsWith("Dataverse truncated the payload (over 256 KB", audit.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UpdateOfAnotherColumn_IsAllowedWithoutACheck()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject());
        var payload = new Payload { MessageName = "Update", Before = (("account", Portfolio.HeldAccount), 100m) };

        using var response = await server.CheckAsync(payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Allowed: neither the customer, the amount nor the currency changed.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Check_UpdateOfTheAmountWithoutPreImage_IsDecidedByPolicyAndSaysWhatToRegister()
    {
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject(unknown: CheckFailurePolicy.FailClosed));

        using var response = await server.CheckAsync(new Payload { MessageName = "Update", Total = 5_000m });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("register a pre-image with customerid and totalamount", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changed_Order_IsAcceptedAndQueued()
    {
        await using var server = await WebhookTestServer.StartAsync();

        using var response = await server.PostAsync("dataverse/orders/changed", Payload.Update(Portfolio.GoodAccount, 1m, 2m).Json());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var change = Assert.Single(server.Changes);
        Assert.Equal((Payload.OrderId, "Update", server.Time.GetUtcNow()), (change.OrderId, change.MessageName, change.ReceivedAt));
    }

    [Fact]
    public async Task Changed_ContextWithoutAnOrderId_Is400()
    {
        await using var server = await WebhookTestServer.StartAsync();

        using var response = await server.PostAsync("dataverse/orders/changed", """{"MessageName":"Create"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(server.Changes);
    }

    [Theory]
    [InlineData("/dataverse/orders/check", false)]
    [InlineData("/dataverse/orders/changed", false)]
    [InlineData("/dataverse/orders/check", true)]
    public async Task Post_CallerDisconnectsMidBody_OneWarningWithoutStackAndNoError(string path, bool reset)
    {
        var logs = new CapturedLogs();
        await using var server = await WebhookTestServer.StartAsync(WebhookTestServer.Reject(), logs: logs);

        // Headers announce 5,000 bytes; the caller sends a few and hangs up, as a timed-out Dataverse worker would.
        using (var caller = new TcpClient())
        {
            await caller.ConnectAsync(server.Client.BaseAddress!.Host, server.Client.BaseAddress.Port);
            var head = $"POST {path} HTTP/1.1\r\nHost: localhost\r\n{WebhookTestServer.HeaderName}: {WebhookTestServer.Key}\r\n"
                + "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"MessageName\":";
            await caller.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
            await Task.Delay(100); // the server is reading the body when the caller goes
            if (reset)
            {
                caller.Client.LingerState = new LingerOption(true, 0); // close with RST, as a killed process does, not FIN
            }
        }

        var warning = await logs.WaitForAsync(static l => l.Level == LogLevel.Warning && l.Text.StartsWith("Webhook request from", StringComparison.Ordinal));
        await Task.Delay(200); // room for anything the server would still say about the request

        Assert.StartsWith($"Webhook request from 127.0.0.1 to {path} abandoned: ", warning.Text, StringComparison.Ordinal);
        Assert.Null(warning.Exception);
        // At the levels the worker writes (Information and up). Below, Kestrel may log at Debug, with its exception, that
        // it could not read a next request on the half-closed connection: a race of the socket, no stack trace anyone sees.
        Assert.DoesNotContain(logs.Lines, static l => l.Level >= LogLevel.Error || (l.Exception is not null && l.Level >= LogLevel.Information));
        Assert.Empty(server.Changes);
    }

    [Fact]
    public async Task Health_AfterAnEvaluation_ReportsItsAgeWithoutAKey()
    {
        await using var server = await WebhookTestServer.StartAsync();

        using var response = await server.Client.GetAsync(new Uri("health", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(15.0, json.RootElement.GetProperty("creditAgeMinutes").GetDouble());
        Assert.Equal(2, json.RootElement.GetProperty("accounts").GetInt32());
    }
}
