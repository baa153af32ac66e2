using System.Net;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Tests.Dataverse.WebApi;

/// <summary>What the order credit status writer sends: conditional PATCHes by id, and reads of an order's customer.</summary>
public sealed partial class RecordEndpointsTests
{
    [Fact]
    public async Task Upsert_OrderByIdWithIfMatchStar_UpdatesItThen404OnceDeleted()
    {
        await using var dv = await RunningEmulator.StartAsync();
        dv.Environment.Import([RunningEmulator.SalesOrderAdditions]);
        var order = dv.Environment.Create("salesorder", new Dictionary<string, object?> { ["name"] = "Order 1" }, "Sam Sales");
        const string Body = """{"arc_creditstatus":472000001,"arc_creditmessage":"Held: over the credit limit.","arc_creditcheckedon":"2025-07-01T08:00:00Z"}""";

        var updated = await dv.PatchAsync($"salesorders({order})", Body, ("If-Match", "*"));
        dv.Environment.Delete("salesorder", order);
        var missing = await dv.PatchAsync($"salesorders({order})", Body, ("If-Match", "*"));

        Assert.Equal(HttpStatusCode.NoContent, updated.Status);
        Assert.Equal((HttpStatusCode.NotFound, "0x80040217"), (missing.Status, missing.ErrorCode));
        Assert.Equal($"salesorder With Id = {order} Does Not Exist", missing.ErrorMessage);
        Assert.Equal(0, dv.Environment.Count("salesorder"));
    }

    [Fact]
    public async Task Upsert_NotificationByIdWithIfNoneMatchStar_CreatesItForTheBoundOwnerThen412()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var owner = dv.Environment.UserId("Sam Sales");
        var id = Guid.Parse("0b7d9c1e-1111-4000-8000-000000000001");
        var body = $$$"""
            {"title":"Order held for credit","body":"Order 1 is held.","ownerid@odata.bind":"/systemusers({{{owner}}})",
             "icontype":100000003,"toasttype":200000000,"priority":200000001,"ttlinseconds":604800,
             "data":"{\"actions\":[{\"title\":\"Open order\",\"data\":{\"url\":\"?pagetype=entityrecord&etn=salesorder&id=1\"}}]}"}
            """;

        var created = await dv.PatchAsync($"appnotifications({id})", body, ("If-None-Match", "*"));
        var repeated = await dv.PatchAsync($"appnotifications({id})", body, ("If-None-Match", "*"));

        Assert.Equal(HttpStatusCode.NoContent, created.Status);
        Assert.Equal($"{dv.Emulator.ApiUrl}appnotifications({id:D})", created.Header("OData-EntityId"));
        var record = dv.Environment.Record("appnotification", id)!;
        Assert.Equal((new RecordReference("systemuser", owner), 604800), (record["ownerid"], record["ttlinseconds"]));
        Assert.Equal((HttpStatusCode.PreconditionFailed, ErrorCodes.DuplicateRecord), (repeated.Status, repeated.ErrorCode));
        Assert.Equal(1, dv.Environment.Count("appnotification"));
    }

    [Fact]
    public async Task Retrieve_OrderOfAContact_NamesTheCustomerTableAndTheContactsParentAccount()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var account = dv.Account("C-1", "Contoso Ltd");
        var contact = dv.Environment.Create("contact", new Dictionary<string, object?> { ["lastname"] = "Ng", ["parentcustomerid"] = new RecordReference("account", account) });
        var order = dv.Environment.Create("salesorder", new Dictionary<string, object?> { ["name"] = "Order 1", ["customerid"] = new RecordReference("contact", contact) });
        var annotations = ("Prefer", "odata.include-annotations=\"*\"");

        var orderJson = (await dv.GetAsync($"salesorders({order})?$select=_customerid_value,name", annotations)).Json;
        var contactJson = (await dv.GetAsync($"contacts({contact})?$select=_parentcustomerid_value", annotations)).Json;

        Assert.Equal((contact.ToString("D"), "contact"), (orderJson["_customerid_value"]!.GetValue<string>(), orderJson["_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"]!.GetValue<string>()));
        Assert.Equal((account.ToString("D"), "account"), (contactJson["_parentcustomerid_value"]!.GetValue<string>(), contactJson["_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"]!.GetValue<string>()));
        Assert.Equal("Contoso Ltd", contactJson["_parentcustomerid_value@OData.Community.Display.V1.FormattedValue"]!.GetValue<string>());
    }
}
