using System.Net;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Tests.Dataverse.WebApi;

public sealed partial class RecordEndpointsTests
{
    [Fact]
    public async Task Create_Default_Returns204WithAbsoluteEntityId()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PostAsync("accounts", """{"name":"Fabrikam GmbH","accountnumber":"ERP-1001","creditonhold":false}""");

        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        var id = RunningEmulator.IdOf(result);
        Assert.Equal($"{dv.Emulator.ApiUrl}accounts({id:D})", result.Header("OData-EntityId"));
        Assert.Equal("ERP-1001", dv.Environment.Record("account", id)!["accountnumber"]);
    }

    [Fact]
    public async Task Create_ReturnRepresentation_Returns201WithSelectedColumnsOnly()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PostAsync("accounts?$select=name,creditlimit", """{"name":"Contoso","accountnumber":"C-1","creditlimit":25000}""",
            ("Prefer", "return=representation"));

        Assert.Equal(HttpStatusCode.Created, result.Status);
        var json = result.Json;
        Assert.Equal("Contoso", json["name"]!.GetValue<string>());
        Assert.Equal(25000m, json["creditlimit"]!.GetValue<decimal>());
        Assert.Equal(RunningEmulator.IdOf(result), Guid.Parse(json["accountid"]!.GetValue<string>()));
        Assert.StartsWith("W/\"", json["@odata.etag"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(json["accountnumber"]);
        Assert.EndsWith("$metadata#accounts(name,creditlimit)/$entity", json["@odata.context"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownProperty_Returns400NamingPropertyAndType()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PostAsync("accounts", """{"name":"Contoso","arc_nosuchcolumn":1}""");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(ErrorCodes.ODataRequest, result.ErrorCode);
        Assert.Contains("'arc_nosuchcolumn' does not exist on type 'Microsoft.Dynamics.CRM.account'", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, dv.Environment.Count("account"));
    }

    [Fact]
    public async Task Create_StringOverMaxLength_Returns400StringTooLong()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PostAsync("accounts", $$"""{"accountnumber":"{{new string('9', 21)}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("0x80044331", result.ErrorCode);
        Assert.Contains("maximum allowed length of '20'", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"creditlimit":"a lot"}""")]
    [InlineData("""{"creditonhold":"yes"}""")]
    [InlineData("""{"name":42}""")]
    [InlineData("""{"arc_riskclass":1.5}""")]
    [InlineData("""{"arc_lastevaluatedon":"not a date"}""")]
    public async Task Create_WrongJsonType_Returns400(string body)
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PostAsync("accounts", body);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(ErrorCodes.ODataRequest, result.ErrorCode);
        Assert.Contains("Cannot convert the literal", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ChoiceOutsideOptions_Returns400PicklistOutOfRange()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PostAsync("accounts", """{"arc_riskclass":7}""");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("0x8004431A", result.ErrorCode);
    }

    [Fact]
    public async Task Create_BindToMissingRecord_Returns404ObjectDoesNotExist()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var missing = Guid.NewGuid();

        var result = await dv.PostAsync("accounts", $$"""{"name":"Child","parentaccountid@odata.bind":"/accounts({{missing}})"}""");

        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.Equal("0x80040217", result.ErrorCode);
        Assert.Equal($"account With Id = {missing} Does Not Exist", result.ErrorMessage);
    }

    [Fact]
    public async Task Create_BindByAlternateKey_SetsLookupToThatRecord()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var account = dv.Account("C-1");

        var result = await dv.PostAsync("arc_openitems", """{"arc_documentnumber":"INV-1","arc_amount":100.5,"arc_AccountId@odata.bind":"/accounts(accountnumber='C-1')"}""");

        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        var item = dv.Environment.Record("arc_openitem", RunningEmulator.IdOf(result))!;
        Assert.Equal(new RecordReference("account", account), item["arc_accountid"]);
        Assert.Equal(100.5m, item["arc_amount"]);
    }

    [Fact]
    public async Task Create_PolymorphicLookup_NeedsTargetSpecificNavigationProperty()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var account = dv.Account("C-1");

        var plain = await dv.PostAsync("salesorders", $$"""{"name":"SO-1","customerid@odata.bind":"/accounts({{account}})"}""");
        var specific = await dv.PostAsync("salesorders", $$"""{"name":"SO-1","customerid_account@odata.bind":"/accounts({{account}})"}""");

        Assert.Equal(HttpStatusCode.BadRequest, plain.Status);
        Assert.Contains("undeclared property 'customerid'", plain.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, specific.Status);
        Assert.Equal(new RecordReference("account", account), dv.Environment.Record("salesorder", RunningEmulator.IdOf(specific))!["customerid"]);
    }

    [Fact]
    public async Task Upsert_ByMissingKey_CreatesWritingKeyValue204ThenUpdates()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var created = await dv.PatchAsync("accounts(accountnumber='ERP-1')", """{"name":"First"}""");
        var updated = await dv.PatchAsync("accounts(accountnumber='ERP-1')", """{"name":"Second"}""");

        Assert.Equal(HttpStatusCode.NoContent, created.Status);
        Assert.Equal(HttpStatusCode.NoContent, updated.Status);
        var row = Assert.Single(dv.Environment.Records("account"));
        Assert.Equal("ERP-1", row["accountnumber"]);
        Assert.Equal("Second", row["name"]);
    }

    [Fact]
    public async Task Upsert_ReturnRepresentation_Returns201WhenCreatedAnd200WhenUpdated()
    {
        await using var dv = await RunningEmulator.StartAsync();
        (string, string) prefer = ("Prefer", "return=representation");

        var created = await dv.PatchAsync("accounts(accountnumber='ERP-1')?$select=accountid", """{"name":"First"}""", prefer);
        var updated = await dv.PatchAsync("accounts(accountnumber='ERP-1')?$select=accountid", """{"name":"Second"}""", prefer);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.NotEqual(created.Json["@odata.etag"]!.GetValue<string>(), updated.Json["@odata.etag"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upsert_IfMatchStarOnMissingRecord_Returns404AndCreatesNothing()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var byKey = await dv.PatchAsync("accounts(accountnumber='ERP-9')", """{"name":"x"}""", ("If-Match", "*"));
        var byId = await dv.PatchAsync($"accounts({Guid.NewGuid()})", """{"name":"x"}""", ("If-Match", "*"));

        Assert.Equal(HttpStatusCode.NotFound, byKey.Status);
        Assert.Equal("0x80060891", byKey.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, byId.Status);
        Assert.Equal("0x80040217", byId.ErrorCode);
        Assert.Equal(0, dv.Environment.Count("account"));
    }

    [Fact]
    public async Task Upsert_IfNoneMatchStarOnExistingKey_Returns412DuplicateKey()
    {
        await using var dv = await RunningEmulator.StartAsync();
        dv.Account("ERP-1", "Original");

        var result = await dv.PatchAsync("accounts(accountnumber='ERP-1')", """{"name":"Changed"}""", ("If-None-Match", "*"));

        Assert.Equal(HttpStatusCode.PreconditionFailed, result.Status);
        Assert.Equal("0x80060892", result.ErrorCode);
        Assert.Equal("A record with matching key values already exists.", result.ErrorMessage);
        Assert.Equal("Original", dv.Environment.Records("account")[0]["name"]);
    }

    [Fact]
    public async Task Upsert_IfNoneMatchNull_IsAnOrdinaryUpsert()
    {
        await using var dv = await RunningEmulator.StartAsync();
        dv.Account("ERP-1", "Original");

        var result = await dv.PatchAsync("accounts(accountnumber='ERP-1')", """{"name":"Changed"}""", ("If-None-Match", "null"));

        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        Assert.Equal("Changed", dv.Environment.Records("account")[0]["name"]);
    }

    [Fact]
    public async Task Upsert_IfMatchStaleEtag_Returns412()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var id = dv.Account("ERP-1");
        var etag = (await dv.GetAsync($"accounts({id})?$select=name")).Json["@odata.etag"]!.GetValue<string>();
        dv.Environment.Update("account", id, new Dictionary<string, object?> { ["name"] = "Moved on" }, "Anna Berg");

        var result = await dv.PatchAsync($"accounts({id})", """{"name":"Mine"}""", ("If-Match", etag));

        Assert.Equal(HttpStatusCode.PreconditionFailed, result.Status);
        Assert.Equal("0x80060882", result.ErrorCode);
    }

    [Fact]
    public async Task Upsert_KeyValueWithDoubledQuote_AddressesTheUnquotedValue()
    {
        await using var dv = await RunningEmulator.StartAsync();

        await dv.PatchAsync("accounts(accountnumber='O''Brien')", """{"name":"O'Brien Ltd"}""");
        var read = await dv.GetAsync("accounts(accountnumber='O''Brien')?$select=accountnumber");

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("O'Brien", read.Json["accountnumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upsert_CompositeKey_FindsRecordByBothColumns()
    {
        await using var dv = await RunningEmulator.StartAsync();

        await dv.PatchAsync("contacts(firstname='Joe',emailaddress1='joe@example.com')", """{"lastname":"Ng"}""");
        await dv.PatchAsync("contacts(emailaddress1='joe@example.com',firstname='Joe')", """{"lastname":"Ngo"}""");
        await dv.PatchAsync("contacts(firstname='Joe',emailaddress1='other@example.com')", """{"lastname":"Other"}""");

        var rows = dv.Environment.Records("contact");
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => (string?)r["lastname"] == "Ngo" && (string?)r["emailaddress1"] == "joe@example.com");
    }

    [Fact]
    public async Task Upsert_ColumnThatIsNotAKey_Returns400EntityKeyNotDefined()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PatchAsync("accounts(name='Contoso')", """{"telephone1":"1"}""");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("0x80060890", result.ErrorCode);
        Assert.Equal("The specified key attributes are not a defined key for the account entity", result.ErrorMessage);
    }

    [Fact]
    public async Task Upsert_KeyIndexStillPending_Returns400UntilActive()
    {
        await using var dv = await RunningEmulator.StartAsync(o => o.KeyActivationDelay = TimeSpan.FromMinutes(10));

        var early = await dv.PatchAsync("accounts(accountnumber='ERP-1')", """{"name":"x"}""");
        dv.Clock.Advance(TimeSpan.FromMinutes(10));
        var later = await dv.PatchAsync("accounts(accountnumber='ERP-1')", """{"name":"x"}""");

        Assert.Equal(HttpStatusCode.BadRequest, early.Status);
        Assert.Contains("index status is Pending", early.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, later.Status);
    }

    [Fact]
    public async Task Upsert_KeyValueInBody_IgnoredOnUpdateWrittenOnCreate()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var existing = dv.Account("ERP-1");

        await dv.PatchAsync("accounts(accountnumber='ERP-1')", """{"accountnumber":"ERP-X","name":"Renamed"}""");
        var created = await dv.PatchAsync("accounts(accountnumber='ERP-2')", """{"accountnumber":"ERP-3","name":"New"}""");

        Assert.Equal("ERP-1", dv.Environment.Record("account", existing)!["accountnumber"]);
        Assert.Equal("Renamed", dv.Environment.Record("account", existing)!["name"]);
        Assert.Equal(HttpStatusCode.NoContent, created.Status);
        Assert.Equal(["ERP-1", "ERP-3"], dv.Environment.Records("account").Select(r => (string)r["accountnumber"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Create_DuplicateAlternateKey_Returns412()
    {
        await using var dv = await RunningEmulator.StartAsync();
        dv.Account("ERP-1");

        var result = await dv.PostAsync("accounts", """{"accountnumber":"erp-1"}""");

        Assert.Equal(HttpStatusCode.PreconditionFailed, result.Status);
        Assert.Equal("0x80060892", result.ErrorCode);
    }

    [Fact]
    public async Task Retrieve_ByIdAndByKey_ReturnsContextEtagAndTypedValues()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var id = dv.Environment.Create("account", new Dictionary<string, object?>
        {
            ["accountnumber"] = "ERP-1",
            ["creditlimit"] = 5000m,
            ["creditonhold"] = true,
            ["arc_lastevaluatedon"] = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero),
        });

        var byId = await dv.GetAsync($"accounts({id})?$select=creditlimit,creditonhold,arc_lastevaluatedon,modifiedon,versionnumber");
        var byKey = await dv.GetAsync("accounts(accountnumber='ERP-1')?$select=accountnumber");

        Assert.Equal(HttpStatusCode.OK, byId.Status);
        var json = byId.Json;
        Assert.Equal($"{dv.Emulator.ApiUrl}$metadata#accounts(creditlimit,creditonhold,arc_lastevaluatedon,modifiedon,versionnumber)/$entity", json["@odata.context"]!.GetValue<string>());
        Assert.Equal(5000m, json["creditlimit"]!.GetValue<decimal>());
        Assert.True(json["creditonhold"]!.GetValue<bool>());
        Assert.Equal("2025-07-01T00:00:00Z", json["arc_lastevaluatedon"]!.GetValue<string>());
        Assert.Equal("2025-07-01T08:00:00Z", json["modifiedon"]!.GetValue<string>());
        Assert.Equal($"W/\"{json["versionnumber"]!.GetValue<long>()}\"", json["@odata.etag"]!.GetValue<string>());
        Assert.Equal(id, Guid.Parse(byKey.Json["accountid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Retrieve_Missing_Returns404ObjectDoesNotExist()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var id = Guid.NewGuid();

        var result = await dv.GetAsync($"accounts({id})");

        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.Equal("0x80040217", result.ErrorCode);
        Assert.Equal($"account With Id = {id} Does Not Exist", result.ErrorMessage);
    }

    [Fact]
    public async Task Retrieve_Lookup_AnnotatedOnlyWhenAsked()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var parent = dv.Account("P-1", "Parent Holding");
        var child = dv.Environment.Create("account", new Dictionary<string, object?> { ["name"] = "Child", ["parentaccountid"] = new RecordReference("account", parent) });

        var plain = await dv.GetAsync($"accounts({child})?$select=_parentaccountid_value");
        var annotated = await dv.GetAsync($"accounts({child})?$select=_parentaccountid_value", ("Prefer", "odata.include-annotations=\"*\""));

        Assert.Equal(parent, Guid.Parse(plain.Json["_parentaccountid_value"]!.GetValue<string>()));
        Assert.Null(plain.Json["_parentaccountid_value@OData.Community.Display.V1.FormattedValue"]);
        Assert.Equal("Parent Holding", annotated.Json["_parentaccountid_value@OData.Community.Display.V1.FormattedValue"]!.GetValue<string>());
        Assert.Equal("account", annotated.Json["_parentaccountid_value@Microsoft.Dynamics.CRM.lookuplogicalname"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retrieve_LookupSelectedByLogicalName_Returns400()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var id = dv.Account("C-1");

        var result = await dv.GetAsync($"accounts({id})?$select=parentaccountid");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("Could not find a property named 'parentaccountid' on type 'Microsoft.Dynamics.CRM.account'.", result.ErrorMessage);
    }

    [Fact]
    public async Task Delete_ExistingThenAgain_Returns204Then404()
    {
        await using var dv = await RunningEmulator.StartAsync();
        dv.Account("ERP-1");

        var first = await dv.SendAsync(HttpMethod.Delete, "accounts(accountnumber='ERP-1')", null);
        var second = await dv.SendAsync(HttpMethod.Delete, "accounts(accountnumber='ERP-1')", null);

        Assert.Equal(HttpStatusCode.NoContent, first.Status);
        Assert.Equal(HttpStatusCode.NotFound, second.Status);
        Assert.Equal(0, dv.Environment.Count("account"));
    }
}
