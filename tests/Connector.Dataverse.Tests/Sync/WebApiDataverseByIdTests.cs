using System.Text.Json;
using Connector.Dataverse.Solution;
using Connector.Dataverse.Tests.Solution;
using Connector.Dataverse.Tests.Support;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.Solutions;
using Connector.Sync.Ports;

namespace Connector.Dataverse.Tests.Sync;

/// <summary>
/// Writes and reads by id through the real client against the Dataverse emulator with <c>solution-package/</c>
/// imported: an order's credit status (update only) and in-app notifications (create only with a chosen id).
/// </summary>
public sealed class WebApiDataverseByIdTests : IAsyncLifetime
{
    private const int Held = 472000001;
    private const string LookupLogicalName = "@Microsoft.Dynamics.CRM.lookuplogicalname";
    private const string FormattedValue = "@OData.Community.Display.V1.FormattedValue";

    private static readonly DataverseTable Orders = new("salesorder", "salesorders", "salesorderid");
    private static readonly DataverseTable Notifications = new("appnotification", "appnotifications", "appnotificationid");
    private static readonly DataverseTable Contacts = new("contact", "contacts", "contactid");
    private static readonly Lazy<Task<byte[]>> Solution = new(PackSolutionAsync);

    private DataverseEmulator emulator = null!;
    private DataverseTestHost host = null!;

    private DataverseEnvironment Environment => emulator.Environment;

    public async Task InitializeAsync()
    {
        emulator = await StartEmulatorAsync();
        host = DataverseTestHost.Create(emulator.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await emulator.DisposeAsync();
    }

    [Fact]
    public async Task WriteByIdAsync_UpdateOnlyExistingOrder_WritesTheCreditColumns()
    {
        var order = Order("Sam Sales");

        var result = await host.Dataverse.WriteByIdAsync(Orders, order, CreditStatus(Held, "Held: 3 invoices more than 60 days overdue."), DataverseWriteMode.UpdateOnly, CancellationToken.None);

        Assert.Equal(new DataverseWriteResult(DataverseWriteStatus.Written), result);
        var record = Environment.Record("salesorder", order)!;
        Assert.Equal((Held, "Held: 3 invoices more than 60 days overdue."), (record["arc_creditstatus"], record["arc_creditmessage"]));
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 8, 0, 0, TimeSpan.Zero), record["arc_creditcheckedon"]);
    }

    [Fact]
    public async Task WriteByIdAsync_UpdateOnlyDeletedOrder_IsMissingAndCreatesNothing()
    {
        var order = Order("Sam Sales");
        Environment.Delete("salesorder", order);

        var result = await host.Dataverse.WriteByIdAsync(Orders, order, CreditStatus(Held, "Held"), DataverseWriteMode.UpdateOnly, CancellationToken.None);

        Assert.Equal(new DataverseWriteResult(DataverseWriteStatus.Missing), result);
        Assert.Equal(0, Environment.Count("salesorder"));
    }

    [Fact]
    public async Task WriteByIdAsync_CreateOnlyNotification_CreatesItWithThatIdForTheOwner()
    {
        var owner = Environment.UserId("Sam Sales");
        var id = Guid.Parse("6f1c2a4e-0000-4000-8000-000000000001");

        var result = await host.Dataverse.WriteByIdAsync(Notifications, id, Notification(owner), DataverseWriteMode.CreateOnly, CancellationToken.None);

        Assert.Equal(DataverseWriteStatus.Written, result.Status);
        var record = Environment.Record("appnotification", id)!;
        Assert.Equal(new RecordReference("systemuser", owner), record["ownerid"]);
        Assert.Equal(("Order held for credit", 100000003, 200000000, 86400), (record["title"], record["icontype"], record["toasttype"], record["ttlinseconds"]));
        Assert.Contains("pagetype=entityrecord", (string)record["data"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteByIdAsync_CreateOnlyRepeated_IsAlreadyExistsAndNotifiesOnce()
    {
        var owner = Environment.UserId("Sam Sales");
        var id = Guid.Parse("6f1c2a4e-0000-4000-8000-000000000002");
        await host.Dataverse.WriteByIdAsync(Notifications, id, Notification(owner), DataverseWriteMode.CreateOnly, CancellationToken.None);

        var repeat = await host.Dataverse.WriteByIdAsync(Notifications, id, Notification(owner), DataverseWriteMode.CreateOnly, CancellationToken.None);

        Assert.Equal(new DataverseWriteResult(DataverseWriteStatus.AlreadyExists), repeat);
        Assert.Equal(1, Environment.Count("appnotification"));
    }

    [Fact]
    public async Task WriteByIdAsync_ChoiceValueNotInTheOptionSet_IsRefusedWithTheCode()
    {
        var order = Order("Sam Sales");

        var result = await host.Dataverse.WriteByIdAsync(Orders, order, CreditStatus(7, "Held"), DataverseWriteMode.UpdateOnly, CancellationToken.None);

        Assert.Equal(DataverseWriteStatus.Refused, result.Status);
        var failure = result.Failure!;
        Assert.Equal((order.ToString("D"), 400, "0x8004431A"), (failure.Key, failure.Status, failure.ErrorCode));
        Assert.Contains("arc_creditstatus", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.Null(Environment.Record("salesorder", order)!.GetValueOrDefault("arc_creditstatus"));
    }

    [Fact]
    public async Task ReadByIdAsync_ExistingOrder_ReturnsColumnsWithTheCustomerTableAnnotated()
    {
        var contact = Environment.Create("contact", new Dictionary<string, object?> { ["lastname"] = "Ng", ["parentcustomerid"] = new RecordReference("account", AccountId()) });
        var order = Order("Sam Sales", new RecordReference("contact", contact));

        var record = await host.Dataverse.ReadByIdAsync(Orders, order, ["_customerid_value", "totalamount", "_ownerid_value"], CancellationToken.None);
        var parent = await host.Dataverse.ReadByIdAsync(Contacts, contact, ["_parentcustomerid_value"], CancellationToken.None);

        Assert.NotNull(record);
        Assert.Equal((contact.ToString("D"), "contact"), (record.Value.GetProperty("_customerid_value").GetString(), record.Value.GetProperty("_customerid_value" + LookupLogicalName).GetString()));
        Assert.Equal(1250.5m, record.Value.GetProperty("totalamount").GetDecimal());
        Assert.Equal(Environment.UserId("Sam Sales").ToString("D"), record.Value.GetProperty("_ownerid_value").GetString());
        Assert.Equal((AccountId().ToString("D"), "account"), (parent!.Value.GetProperty("_parentcustomerid_value").GetString(), parent.Value.GetProperty("_parentcustomerid_value" + LookupLogicalName).GetString()));
    }

    [Fact]
    public async Task ReadByIdAsync_DeletedOrder_ReturnsNull()
    {
        var order = Order("Sam Sales");
        Environment.Delete("salesorder", order);

        var record = await host.Dataverse.ReadByIdAsync(Orders, order, ["_customerid_value"], CancellationToken.None);

        Assert.Null(record);
    }

    [Fact]
    public async Task ReadChangesAsync_OrderReleasedByAnArManager_ShowsWhoReleasedItAndTheCustomerTable()
    {
        var order = Order("Sam Sales");
        await host.Dataverse.WriteByIdAsync(Orders, order, CreditStatus(Held, "Held"), DataverseWriteMode.UpdateOnly, CancellationToken.None);
        var columns = new[] { "arc_creditstatus", "arc_releasereason", "_ownerid_value", "_customerid_value", "_modifiedby_value" };
        var baseline = await ToListAsync(host.Dataverse.ReadChangesAsync(Orders, columns, null, CancellationToken.None));

        Environment.Update("salesorder", order, new Dictionary<string, object?> { ["arc_creditstatus"] = 472000002, ["arc_releasereason"] = "Payment promised by Friday" }, "Alex AR Manager");
        var delta = await ToListAsync(host.Dataverse.ReadChangesAsync(Orders, columns, baseline[^1].DeltaLink, CancellationToken.None));

        var change = Assert.Single(delta.SelectMany(p => p.Changed));
        var record = change.Record;
        Assert.Equal(order, change.Id);
        Assert.Equal((472000002, "Payment promised by Friday"), (record.GetProperty("arc_creditstatus").GetInt32(), record.GetProperty("arc_releasereason").GetString()));
        Assert.Equal(("Alex AR Manager", Environment.UserId("Alex AR Manager").ToString("D")), (record.GetProperty("_modifiedby_value" + FormattedValue).GetString(), record.GetProperty("_modifiedby_value").GetString()));
        Assert.Equal(Environment.UserId("Sam Sales").ToString("D"), record.GetProperty("_ownerid_value").GetString());
        Assert.Equal("account", record.GetProperty("_customerid_value" + LookupLogicalName).GetString());
    }

    private Guid AccountId()
    {
        var records = Environment.Records("account");
        var existing = records.Count > 0 ? records[0] : null;
        return existing is not null
            ? (Guid)existing["accountid"]!
            : Environment.Create("account", new Dictionary<string, object?> { ["name"] = "Contoso Ltd", ["accountnumber"] = "C-HELD" });
    }

    private Guid Order(string owner, RecordReference? customer = null)
    {
        customer ??= new RecordReference("account", AccountId());
        return Environment.Create("salesorder", new Dictionary<string, object?> { ["name"] = "Order 1", ["customerid"] = customer, ["totalamount"] = 1250.5m }, owner);
    }

    private static string CreditStatus(int status, string message) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["arc_creditstatus"] = status,
        ["arc_creditmessage"] = message,
        ["arc_creditcheckedon"] = "2026-06-30T08:00:00Z",
    });

    /// <summary>An appnotification as send-in-app-notifications documents it: owner bound to a systemuser, icon, toast, actions in data.</summary>
    private static string Notification(Guid owner) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["title"] = "Order held for credit",
        ["body"] = "Order 1 for Contoso Ltd is held: 3 invoices more than 60 days overdue. Call Jane Doe.",
        ["ownerid@odata.bind"] = $"/systemusers({owner:D})",
        ["icontype"] = 100000003,
        ["toasttype"] = 200000000,
        ["priority"] = 200000001,
        ["ttlinseconds"] = 86400,
        ["data"] = JsonSerializer.Serialize(new { actions = new[] { new { title = "Open order", data = new { url = "?pagetype=entityrecord&etn=salesorder&id=1", navigationTarget = "newWindow" } } } }),
    });

    private static async Task<DataverseEmulator> StartEmulatorAsync()
    {
        var emulator = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions(), CancellationToken.None);
        using var zip = new MemoryStream(await Solution.Value);
        emulator.Environment.Import(SolutionImporter.Read(zip).Tables);
        return emulator;
    }

    private static async Task<byte[]> PackSolutionAsync()
    {
        using var zip = new MemoryStream();
        await SolutionPacker.PackAsync(PackageFolder.Shipped, zip, CancellationToken.None);
        return zip.ToArray();
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
