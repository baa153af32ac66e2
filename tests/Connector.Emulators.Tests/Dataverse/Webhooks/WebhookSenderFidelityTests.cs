using System.Net;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Emulators.Tests.Dataverse.Webhooks;

/// <summary>
/// The emulator's webhook sender against what Dataverse is recorded to do (fidelity facts 19–20, copied into
/// <c>tests/fixtures/webhooks/</c>): the timeout, the one retry, the truncation, the headers, the automatic post image
/// of asynchronous steps and the WCF dates.
/// </summary>
public sealed class WebhookSenderFidelityTests
{
    private const string KeyHeader = "x-arc-webhook-key";

    [Fact]
    public async Task CreateSalesOrder_EndpointHangs_FailsAfterSixtySecondsOfTheWebhookClock()
    {
        WebhookFacts.Cite(19, "60 s timeout");
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Hang);
        await using var dv = await RunningEmulator.StartAsync(o => o.Webhooks.TimeProvider = clock);
        dv.Environment.RegisterWebhookStep(Step(receiver, "Create", WebhookStage.PreValidation, WebhookMode.Synchronous));

        var create = dv.PostAsync("salesorders", """{"name":"SO-1"}""");
        await receiver.WaitForCallsAsync(1);
        clock.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(300);
        var beforeSixty = create.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(1));
        var result = await create.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(beforeSixty, "the create ended before the endpoint had its 60 s");
        Assert.Equal(ErrorCodes.WebhookEndpointFailed, result.ErrorCode);
        var delivery = Assert.Single(dv.Environment.WebhookDeliveries);
        Assert.Equal((1, (int?)null), (delivery.Attempts, delivery.LastStatus));
        Assert.Equal(TimeSpan.FromSeconds(60), new WebhookOptions().Timeout);
    }

    [Theory]
    [InlineData(WebhookMode.Synchronous, 500, 1)]
    [InlineData(WebhookMode.Synchronous, 400, 1)]
    [InlineData(WebhookMode.Synchronous, 502, 2)]
    [InlineData(WebhookMode.Synchronous, 504, 2)]
    [InlineData(WebhookMode.Asynchronous, 500, 1)]
    [InlineData(WebhookMode.Asynchronous, 429, 1)]
    [InlineData(WebhookMode.Asynchronous, 503, 2)]
    public async Task Step_FailingStatus_RetriedOnceOnlyAfter502To504(WebhookMode mode, int status, int expectedCalls)
    {
        WebhookFacts.Cite(19, "ONE retry and only on 502/503/504");
        await using var receiver = await WebhookReceiver.StartAsync(status, status, status);
        await using var dv = await RunningEmulator.StartAsync(o => o.Webhooks.AsyncRetryDelay = TimeSpan.FromMilliseconds(10));
        var stage = mode == WebhookMode.Synchronous ? WebhookStage.PreValidation : WebhookStage.PostOperation;
        dv.Environment.RegisterWebhookStep(Step(receiver, "Create", stage, mode));

        var result = await dv.PostAsync("salesorders", """{"name":"SO-1"}""");
        await dv.Environment.WhenWebhooksIdleAsync(CancellationToken.None);

        Assert.Equal(expectedCalls, receiver.Calls.Count);
        var delivery = Assert.Single(dv.Environment.WebhookDeliveries);
        Assert.Equal((expectedCalls, false, (int?)status), (delivery.Attempts, delivery.Succeeded, delivery.LastStatus));
        // A synchronous failure fails the write; an asynchronous one never does.
        Assert.Equal(mode == WebhookMode.Synchronous ? HttpStatusCode.BadRequest : HttpStatusCode.NoContent, result.Status);
    }

    [Fact]
    public async Task UpdateSalesOrder_ContextOver256KB_SentWithoutParentContextInputParametersAndImages()
    {
        WebhookFacts.Cite(19, ">256 KB → header `x-ms-dynamics-msg-size-exceeded`");
        WebhookFacts.Cite(19, "ParentContext/InputParameters/Pre/PostEntityImages removed");
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dv = await RunningEmulator.StartAsync();
        var order = dv.Environment.Create("salesorder", new Dictionary<string, object?> { ["name"] = "SO-1", ["totalamount"] = 100m });
        dv.Environment.RegisterWebhookStep(Step(receiver, "Update", WebhookStage.PostOperation, WebhookMode.Asynchronous) with { PreImageAttributes = ["name"] });

        var result = await dv.PatchAsync($"salesorders({order})", new JsonObject { ["name"] = new string('n', 280) }.ToJsonString());
        await dv.Environment.WhenWebhooksIdleAsync(CancellationToken.None);
        var small = Assert.Single(receiver.Calls);

        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        Assert.Null(small.Header("x-ms-dynamics-msg-size-exceeded"));
        Assert.NotNull(small.Json["InputParameters"]);

        await using var bigReceiver = await WebhookReceiver.StartAsync();
        await using var big = await RunningEmulator.StartAsync(o => o.Webhooks.MaxPayloadBytes = 2_000);
        var bigOrder = big.Environment.Create("salesorder", new Dictionary<string, object?> { ["name"] = "SO-2", ["totalamount"] = 100m });
        big.Environment.RegisterWebhookStep(Step(bigReceiver, "Update", WebhookStage.PostOperation, WebhookMode.Asynchronous) with { PreImageAttributes = ["name"] });
        await big.PatchAsync($"salesorders({bigOrder})", new JsonObject { ["name"] = new string('n', 280) }.ToJsonString());
        await big.Environment.WhenWebhooksIdleAsync(CancellationToken.None);
        var call = Assert.Single(bigReceiver.Calls);

        Assert.Equal("true", call.Header("x-ms-dynamics-msg-size-exceeded"));
        var context = call.Json.AsObject();
        foreach (var removed in (string[])["ParentContext", "InputParameters", "PreEntityImages", "PostEntityImages"])
        {
            Assert.False(context.ContainsKey(removed), $"{removed} was sent");
        }

        Assert.Equal(bigOrder.ToString("D"), context["PrimaryEntityId"]!.GetValue<string>());
        Assert.Equal("Update", context["MessageName"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateSalesOrder_AsyncStep_CarriesTheDocumentedHeadersAndAutomaticPrimaryNameImage()
    {
        WebhookFacts.Cite(20, "Async steps auto-add a post image `AsynchronousStepPrimaryName`");
        WebhookFacts.Cite(20, "dates are WCF `\\/Date(ms[+-zzzz])\\/`");
        var documented = JsonNode.Parse(WebhookFacts.Read("remoteexecutioncontext-update-async-contact.json"))!;
        var documentedImage = Pair(documented["PostEntityImages"]!, "AsynchronousStepPrimaryName")!.AsObject();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dv = await RunningEmulator.StartAsync(o => o.Webhooks.OrganizationName = "contoso");
        var order = dv.Environment.Create("salesorder", new Dictionary<string, object?> { ["name"] = "SO-1", ["totalamount"] = 100m });
        dv.Environment.RegisterWebhookStep(Step(receiver, "Update", WebhookStage.PostOperation, WebhookMode.Asynchronous));

        await dv.PatchAsync($"salesorders({order})", """{"totalamount":250}""");
        await dv.Environment.WhenWebhooksIdleAsync(CancellationToken.None);
        var call = Assert.Single(receiver.Calls);

        Assert.Equal("contoso", call.Header("x-ms-dynamics-organization"));
        Assert.Equal("salesorder", call.Header("x-ms-dynamics-entity-name"));
        Assert.Equal("Update", call.Header("x-ms-dynamics-request-name"));
        Assert.Equal(call.Json["CorrelationId"]!.GetValue<string>(), call.Header("x-ms-correlation-request-id"));
        var image = Pair(call.Json["PostEntityImages"]!, "AsynchronousStepPrimaryName")!.AsObject();
        // The same members as Microsoft's sample, which has no __type on this image.
        Assert.Equal(documentedImage.Select(p => p.Key).Order(StringComparer.Ordinal), image.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["name", "salesorderid"], image["Attributes"]!.AsArray().Select(a => a!["key"]!.GetValue<string>()));
        Assert.Equal("SO-1", Pair(image["Attributes"]!, "name")!.GetValue<string>());
        Assert.Equal(order.ToString("D"), image["Id"]!.GetValue<string>());
        Assert.Matches("\"OperationCreatedOn\":\"\\\\/Date\\(\\d+\\)\\\\/\"", call.Body);
    }

    [Fact]
    public async Task UpdateSalesOrder_SyncStep_HasNoAutomaticPrimaryNameImage()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dv = await RunningEmulator.StartAsync();
        var order = dv.Environment.Create("salesorder", new Dictionary<string, object?> { ["name"] = "SO-1", ["totalamount"] = 100m });
        dv.Environment.RegisterWebhookStep(Step(receiver, "Update", WebhookStage.PostOperation, WebhookMode.Synchronous));

        await dv.PatchAsync($"salesorders({order})", """{"totalamount":250}""");

        Assert.Empty(Assert.Single(receiver.Calls).Json["PostEntityImages"]!.AsArray());
    }

    private static WebhookStepRegistration Step(WebhookReceiver receiver, string message, WebhookStage stage, WebhookMode mode) =>
        new(receiver.Url, WebhookAuth.Headers(new Dictionary<string, string> { [KeyHeader] = "s3cret-key" }), message, "salesorder", stage, mode);

    private static JsonNode? Pair(JsonNode list, string key) =>
        list.AsArray().FirstOrDefault(p => string.Equals(p!["key"]!.GetValue<string>(), key, StringComparison.Ordinal))?["value"];
}
