using System.Net;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.Webhooks;

namespace Connector.Emulators.Tests.Dataverse.Webhooks;

/// <summary>
/// Webhook steps called by the emulator as Dataverse calls them (reference §8): the RemoteExecutionContext a real
/// endpoint on loopback receives, and what a step's answer does to the Web API write that triggered it.
/// </summary>
public sealed class WebhookPipelineTests
{
    private const string ApiKeyHeader = "x-arc-webhook-key";
    private const string ApiKey = "s3cret-key";

    [Fact]
    public async Task CreateSalesOrder_SyncPreValidationStep_ReceivesDocumentedContext()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dv = await RunningEmulator.StartAsync();
        dv.Environment.RegisterWebhookStep(Step(receiver, "Create", WebhookStage.PreValidation, WebhookMode.Synchronous));
        var account = dv.Account("C-1");
        var contact = dv.Environment.Create("contact", new Dictionary<string, object?> { ["fullname"] = "Ann Buyer" });
        var caller = Guid.Parse((await dv.GetAsync("WhoAmI")).Json["UserId"]!.GetValue<string>());

        var byAccount = await dv.PostAsync("salesorders", $$"""{"name":"SO-1","totalamount":2154.32,"customerid_account@odata.bind":"/accounts({{account}})"}""");
        var byContact = await dv.PostAsync("salesorders", $$"""{"name":"SO-2","customerid_contact@odata.bind":"/contacts({{contact}})"}""");

        Assert.Equal(HttpStatusCode.NoContent, byAccount.Status);
        Assert.Equal(HttpStatusCode.NoContent, byContact.Status);
        var calls = receiver.Calls;
        Assert.Equal(2, calls.Count);
        var first = calls[0];
        Assert.Equal(ApiKey, first.Header(ApiKeyHeader));
        Assert.Equal("salesorder", first.Header("x-ms-dynamics-entity-name"));
        Assert.Equal("Create", first.Header("x-ms-dynamics-request-name"));
        Assert.Equal("emulator", first.Header("x-ms-dynamics-organization"));
        Assert.NotNull(first.Header("x-ms-correlation-request-id"));
        // WCF's serializer escapes every solidus: the raw text is what a hand-written parser has to cope with.
        Assert.Contains("\"__type\":\"Entity:http:\\/\\/schemas.microsoft.com\\/xrm\\/2011\\/Contracts\"", first.Body, StringComparison.Ordinal);
        Assert.Matches("\"OperationCreatedOn\":\"\\\\/Date\\(\\d+\\)\\\\/\"", first.Body);

        var context = first.Json;
        Assert.Equal("Create", context["MessageName"]!.GetValue<string>());
        Assert.Equal("salesorder", context["PrimaryEntityName"]!.GetValue<string>());
        Assert.Equal(10, context["Stage"]!.GetValue<int>());
        Assert.Equal(0, context["Mode"]!.GetValue<int>());
        Assert.Equal(1, context["Depth"]!.GetValue<int>());
        Assert.Equal(caller.ToString("D"), context["InitiatingUserId"]!.GetValue<string>());
        Assert.Equal(caller.ToString("D"), context["UserId"]!.GetValue<string>());
        Assert.Equal(dv.Environment.OrganizationId.ToString("D"), context["OrganizationId"]!.GetValue<string>());
        var orderId = RunningEmulator.IdOf(byAccount);
        Assert.Equal(orderId.ToString("D"), context["PrimaryEntityId"]!.GetValue<string>());

        var target = Parameter(context["InputParameters"]!, "Target")!;
        Assert.Equal("salesorder", target["LogicalName"]!.GetValue<string>());
        Assert.Equal(orderId.ToString("D"), target["Id"]!.GetValue<string>());
        var amount = Parameter(target["Attributes"]!, "totalamount")!;
        Assert.Equal("Money:http://schemas.microsoft.com/xrm/2011/Contracts", amount["__type"]!.GetValue<string>());
        Assert.Equal(2154.32m, amount["Value"]!.GetValue<decimal>());
        var customer = Parameter(target["Attributes"]!, "customerid")!;
        Assert.Equal("EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts", customer["__type"]!.GetValue<string>());
        Assert.Equal("account", customer["LogicalName"]!.GetValue<string>());
        Assert.Equal(account.ToString("D"), customer["Id"]!.GetValue<string>());

        var contactCustomer = Parameter(Parameter(calls[1].Json["InputParameters"]!, "Target")!["Attributes"]!, "customerid")!;
        Assert.Equal("contact", contactCustomer["LogicalName"]!.GetValue<string>());
        Assert.Equal(contact.ToString("D"), contactCustomer["Id"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateSalesOrder_StepAnswers403_FailsWithGenericErrorAndWritesNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync(403);
        await using var dv = await RunningEmulator.StartAsync();
        dv.Environment.RegisterWebhookStep(Step(receiver, "Create", WebhookStage.PreValidation, WebhookMode.Synchronous));

        var result = await dv.PostAsync("salesorders", """{"name":"SO-1","totalamount":500}""");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(ErrorCodes.WebhookEndpointFailed, result.ErrorCode);
        Assert.StartsWith("Endpoint unavailable", result.ErrorMessage, StringComparison.Ordinal);
        // Dataverse ignores the endpoint's body: its reason never reaches the user.
        Assert.DoesNotContain("credit hold", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Single(receiver.Calls);
        Assert.Equal(0, dv.Environment.Count("salesorder"));
    }

    [Fact]
    public async Task CreateSalesOrder_StepAnswers503Then200_RetriesOnceAndWrites()
    {
        await using var receiver = await WebhookReceiver.StartAsync(503);
        await using var dv = await RunningEmulator.StartAsync();
        dv.Environment.RegisterWebhookStep(Step(receiver, "Create", WebhookStage.PreValidation, WebhookMode.Synchronous));

        var result = await dv.PostAsync("salesorders", """{"name":"SO-1"}""");

        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        Assert.Equal(2, receiver.Calls.Count);
        Assert.Equal(1, dv.Environment.Count("salesorder"));
        var delivery = Assert.Single(dv.Environment.WebhookDeliveries);
        Assert.Equal((2, true, 200), (delivery.Attempts, delivery.Succeeded, delivery.LastStatus));
    }

    [Fact]
    public async Task CreateSalesOrder_StepAnswers503Twice_FailsAfterOneRetry()
    {
        await using var receiver = await WebhookReceiver.StartAsync(503, 503);
        await using var dv = await RunningEmulator.StartAsync();
        dv.Environment.RegisterWebhookStep(Step(receiver, "Create", WebhookStage.PreOperation, WebhookMode.Synchronous));

        var result = await dv.PostAsync("salesorders", """{"name":"SO-1"}""");

        Assert.Equal(ErrorCodes.WebhookEndpointFailed, result.ErrorCode);
        Assert.Equal(2, receiver.Calls.Count);
        Assert.Equal(0, dv.Environment.Count("salesorder"));
    }

    [Fact]
    public async Task CreateSalesOrder_StepTimesOut_FailsTheCreateWithoutRetry()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Hang);
        await using var dv = await RunningEmulator.StartAsync(o => o.Webhooks.Timeout = TimeSpan.FromMilliseconds(200));
        dv.Environment.RegisterWebhookStep(Step(receiver, "Create", WebhookStage.PreValidation, WebhookMode.Synchronous));

        var result = await dv.PostAsync("salesorders", """{"name":"SO-1"}""");

        Assert.Equal(ErrorCodes.WebhookEndpointFailed, result.ErrorCode);
        // Not retried: at most the one call (on a loaded machine the 200 ms may pass before the receiver even logs it).
        Assert.InRange(receiver.Calls.Count, 0, 1);
        Assert.Equal(0, dv.Environment.Count("salesorder"));
        var delivery = Assert.Single(dv.Environment.WebhookDeliveries);
        Assert.Null(delivery.LastStatus);
        Assert.Equal(1, delivery.Attempts);
    }

    [Fact]
    public async Task CreateSalesOrder_SyncPostOperationStepRefuses_WriteRolledBack()
    {
        await using var receiver = await WebhookReceiver.StartAsync(403);
        await using var dv = await RunningEmulator.StartAsync();
        dv.Environment.RegisterWebhookStep(Step(receiver, "Create", WebhookStage.PostOperation, WebhookMode.Synchronous));

        var result = await dv.PostAsync("salesorders", """{"name":"SO-1"}""");

        Assert.Equal(ErrorCodes.WebhookEndpointFailed, result.ErrorCode);
        var context = Assert.Single(receiver.Calls).Json;
        // PostOperation runs inside the transaction, after the row exists: the context says so, and the id is an output.
        Assert.True(context["IsInTransaction"]!.GetValue<bool>());
        Assert.Equal(context["PrimaryEntityId"]!.GetValue<string>(), Parameter(context["OutputParameters"]!, "id")!.GetValue<string>());
        Assert.Equal(0, dv.Environment.Count("salesorder"));
    }

    [Fact]
    public async Task CreateThroughEnvironment_SyncStepRefuses_ThrowsTheSameFault()
    {
        await using var receiver = await WebhookReceiver.StartAsync(403);
        await using var dv = await RunningEmulator.StartAsync();
        dv.Environment.RegisterWebhookStep(Step(receiver, "Create", WebhookStage.PreValidation, WebhookMode.Synchronous));

        var fault = Assert.Throws<DataverseFaultException>(() => dv.Environment.Create("salesorder", new Dictionary<string, object?> { ["name"] = "SO-1" }, "Sam Sales"));

        Assert.Equal(ErrorCodes.WebhookEndpointFailed, fault.Code);
        Assert.Equal(dv.Environment.UserId("Sam Sales").ToString("D"), receiver.Calls[0].Json["InitiatingUserId"]!.GetValue<string>());
        Assert.Equal(0, dv.Environment.Count("salesorder"));
    }

    [Fact]
    public async Task UpdateSalesOrder_AsyncPostOperationStep_CalledAfterWriteWithPreImage()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dv = await RunningEmulator.StartAsync();
        var account = dv.Account("C-1");
        var order = dv.Environment.Create("salesorder", new Dictionary<string, object?> { ["name"] = "SO-1", ["totalamount"] = 100m, ["customerid"] = new RecordReference("account", account) });
        dv.Environment.RegisterWebhookStep(Step(receiver, "Update", WebhookStage.PostOperation, WebhookMode.Asynchronous) with { PreImageAttributes = ["totalamount", "customerid"] });

        var result = await dv.PatchAsync($"salesorders({order})", """{"totalamount":250}""", ("If-Match", "*"));
        await dv.Environment.WhenWebhooksIdleAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        var context = Assert.Single(receiver.Calls).Json;
        Assert.Equal((40, 1, "Update"), (context["Stage"]!.GetValue<int>(), context["Mode"]!.GetValue<int>(), context["MessageName"]!.GetValue<string>()));
        Assert.Equal(250m, Parameter(Parameter(context["InputParameters"]!, "Target")!["Attributes"]!, "totalamount")!["Value"]!.GetValue<decimal>());
        var image = Parameter(context["PreEntityImages"]!, "PreImage")!;
        Assert.Equal(100m, Parameter(image["Attributes"]!, "totalamount")!["Value"]!.GetValue<decimal>());
        Assert.Equal(account.ToString("D"), Parameter(image["Attributes"]!, "customerid")!["Id"]!.GetValue<string>());
        Assert.Null(Parameter(image["Attributes"]!, "name"));
    }

    [Fact]
    public async Task UpdateSalesOrder_AsyncStepKeepsFailing_WriteStandsAndDeliveryRecordedFailed()
    {
        await using var receiver = await WebhookReceiver.StartAsync(503, 503, 503);
        await using var dv = await RunningEmulator.StartAsync(o => o.Webhooks.AsyncRetryDelay = TimeSpan.FromMilliseconds(10));
        var order = dv.Environment.Create("salesorder", new Dictionary<string, object?> { ["name"] = "SO-1", ["totalamount"] = 100m });
        dv.Environment.RegisterWebhookStep(Step(receiver, "Update", WebhookStage.PostOperation, WebhookMode.Asynchronous));

        var result = await dv.PatchAsync($"salesorders({order})", """{"totalamount":250}""");
        await dv.Environment.WhenWebhooksIdleAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        Assert.Equal(250m, dv.Environment.Record("salesorder", order)!["totalamount"]);
        Assert.Equal(2, receiver.Calls.Count);
        var delivery = Assert.Single(dv.Environment.WebhookDeliveries);
        Assert.Equal((2, false, 503), (delivery.Attempts, delivery.Succeeded, delivery.LastStatus));
    }

    [Fact]
    public async Task UpdateSalesOrder_FilteringAttributes_OnlyUpdatesSettingThemCallTheStep()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dv = await RunningEmulator.StartAsync();
        var order = dv.Environment.Create("salesorder", new Dictionary<string, object?> { ["name"] = "SO-1", ["totalamount"] = 100m });
        dv.Environment.RegisterWebhookStep(Step(receiver, "Update", WebhookStage.PreValidation, WebhookMode.Synchronous) with { FilteringAttributes = ["customerid", "totalamount"] });

        await dv.PatchAsync($"salesorders({order})", """{"name":"SO-1 renamed"}""");
        Assert.Empty(receiver.Calls);

        await dv.PatchAsync($"salesorders({order})", """{"totalamount":300}""");
        Assert.Single(receiver.Calls);
    }

    [Fact]
    public async Task RegisterThroughWebApi_EndpointAndStepPosted_StepIsCalledWithHeaderAuth()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dv = await RunningEmulator.StartAsync();
        var settings = $"""<settings><setting name=\"{ApiKeyHeader}\" value=\"{ApiKey}\" /></settings>""";
        var endpoint = await dv.PostAsync("serviceendpoints", $$"""{"name":"AR credit check","url":"{{receiver.Url}}","contract":8,"messageformat":2,"authtype":5,"authvalue":"{{settings}}"}""");
        var message = (await dv.GetAsync("sdkmessages?$filter=name eq 'Create'&$select=sdkmessageid")).Json["value"]![0]!["sdkmessageid"]!.GetValue<string>();
        var filter = (await dv.GetAsync("sdkmessagefilters?$select=sdkmessagefilterid&$filter=primaryobjecttypecode eq 'salesorder' and sdkmessageid/name eq 'Create'")).Json["value"]![0]!["sdkmessagefilterid"]!.GetValue<string>();

        var step = await dv.PostAsync("sdkmessageprocessingsteps", $$"""
            {"name":"salesorder Create: credit hold check",
             "eventhandler_serviceendpoint@odata.bind":"/serviceendpoints({{RunningEmulator.IdOf(endpoint)}})",
             "sdkmessageid@odata.bind":"/sdkmessages({{message}})",
             "sdkmessagefilterid@odata.bind":"/sdkmessagefilters({{filter}})",
             "stage":10,"mode":0,"rank":1,"supporteddeployment":0,"asyncautodelete":false}
            """);
        var order = await dv.PostAsync("salesorders", """{"name":"SO-1"}""");
        var account = await dv.PostAsync("accounts", """{"name":"Not an order"}""");

        Assert.Equal(HttpStatusCode.NoContent, endpoint.Status);
        Assert.Equal(HttpStatusCode.NoContent, step.Status);
        Assert.Equal(HttpStatusCode.NoContent, order.Status);
        Assert.Equal(HttpStatusCode.NoContent, account.Status);
        var call = Assert.Single(receiver.Calls);
        Assert.Equal(ApiKey, call.Header(ApiKeyHeader));
        Assert.Equal(RunningEmulator.IdOf(step).ToString("D"), call.Json["OwningExtension"]!["Id"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateSalesOrder_WebhookKeyAuth_SentAsCodeQuery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dv = await RunningEmulator.StartAsync();
        dv.Environment.RegisterWebhookStep(Step(receiver, "Create", WebhookStage.PreValidation, WebhookMode.Synchronous) with { Auth = WebhookAuth.Key("k/1") });

        await dv.PostAsync("salesorders", """{"name":"SO-1"}""");

        var call = Assert.Single(receiver.Calls);
        Assert.Equal("?code=k%2F1", call.Query);
        Assert.Null(call.Header(ApiKeyHeader));
    }

    [Fact]
    public async Task CreateRecord_ContextOver256KB_SentReducedWithSizeExceededHeader()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dv = await RunningEmulator.StartAsync();
        dv.Environment.Import([new TableDefinition("arc_note", "arc_notes", "arc_noteid", "arc_name",
            [new("arc_noteid", ColumnType.Uniqueidentifier), new("arc_name", ColumnType.String, MaxLength: 100), new("arc_text", ColumnType.Memo, MaxLength: 1_048_576)],
            [], IsCustomEntity: true)]);
        dv.Environment.RegisterWebhookStep(Step(receiver, "Create", WebhookStage.PreValidation, WebhookMode.Synchronous) with { PrimaryEntity = "arc_note" });

        var result = await dv.PostAsync("arc_notes", new JsonObject { ["arc_name"] = "big", ["arc_text"] = new string('x', 300 * 1024) }.ToJsonString());

        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        var call = Assert.Single(receiver.Calls);
        Assert.Equal("true", call.Header("x-ms-dynamics-msg-size-exceeded"));
        Assert.Null(call.Json["InputParameters"]);
        Assert.Equal("arc_note", call.Json["PrimaryEntityName"]!.GetValue<string>());
        Assert.True(call.Body.Length < 256 * 1024);
    }

    [Fact]
    public async Task CreateMultiple_LaterTargetInvalid_AsyncDeliveryOfRolledBackRowDropped()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dv = await RunningEmulator.StartAsync();
        dv.Environment.RegisterWebhookStep(Step(receiver, "Create", WebhookStage.PostOperation, WebhookMode.Asynchronous) with { PrimaryEntity = "account" });
        var tooLong = new string('n', 161);

        var bulk = await dv.PostAsync("accounts/Microsoft.Dynamics.CRM.CreateMultiple",
            $$"""{"Targets":[{"@odata.type":"Microsoft.Dynamics.CRM.account","name":"A-1"},{"@odata.type":"Microsoft.Dynamics.CRM.account","name":"{{tooLong}}"}]}""");
        await dv.Environment.WhenWebhooksIdleAsync(CancellationToken.None);
        var single = await dv.PostAsync("accounts", """{"name":"A-2"}""");
        await dv.Environment.WhenWebhooksIdleAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, bulk.Status);
        Assert.Equal(HttpStatusCode.NoContent, single.Status);
        // Only the committed create was delivered: the rolled-back one was never sent.
        var call = Assert.Single(receiver.Calls);
        Assert.Equal(RunningEmulator.IdOf(single).ToString("D"), call.Json["PrimaryEntityId"]!.GetValue<string>());
    }

    private static WebhookStepRegistration Step(WebhookReceiver receiver, string message, WebhookStage stage, WebhookMode mode) =>
        new(receiver.Url, WebhookAuth.Headers(new Dictionary<string, string> { [ApiKeyHeader] = ApiKey }), message, "salesorder", stage, mode);

    /// <summary>The value of a key in a <c>{key,value}</c> list; null when the key is absent.</summary>
    private static JsonNode? Parameter(JsonNode list, string key) =>
        list.AsArray().FirstOrDefault(p => string.Equals(p!["key"]!.GetValue<string>(), key, StringComparison.Ordinal))?["value"];
}
