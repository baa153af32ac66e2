using System.Globalization;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Records;
using Connector.Sync.Credit;
using Connector.Sync.Orders;
using Connector.Sync.Ports;
using Connector.Sync.Push;
using Connector.Worker.Output;

namespace Connector.Worker.Demo;

/// <summary>
/// The demo's sales orders (credit holds, layer 1): a sales rep enters three orders in the emulated Dynamics — one for a
/// customer in good standing, two for held customers — the connector's order check marks each one and notifies the rep;
/// then an AR manager releases one of the held orders in Dynamics with a reason, and the next check honours it.
/// </summary>
internal static class DemoOrders
{
    public const string SalesRep = "Alex Kim (Sales)";
    public const string ArManager = "Dana Reyes (AR manager)";
    public const string ReleaseReason = "Customer wired 5,000.00 today; remittance advice received";

    public static async Task<(ReportSection Section, IReadOnlyList<string> Notes)> RunAsync(
        DataverseEmulator emulator, IConnectorStore store, OrderCreditPass pass, CreditSnapshot snapshot, CancellationToken cancellationToken)
    {
        var environment = emulator.Environment;
        var accounts = environment.Records(DataverseModel.Accounts.LogicalName);
        var held = accounts.Where(static a => a.TryGetValue("creditonhold", out var v) && v is true)
            .OrderByDescending(static a => Number(a, "arc_exposure")).Take(2).ToList();
        var good = accounts.Where(static a => a.TryGetValue("creditonhold", out var v) && v is false && Number(a, "arc_availablecredit") > 10_000m)
            .OrderByDescending(static a => Number(a, "arc_availablecredit")).FirstOrDefault();
        if (held.Count < 2 || good is null)
        {
            return (new ReportSection("Sales orders", [], []), ["Sales orders: the sample company has too few held or good accounts to show the order check."]);
        }

        var entered = new List<(string Number, Guid Id, string Account)>
        {
            Enter(environment, "SO-DEMO-001", good, 4_800m),
            Enter(environment, "SO-DEMO-002", held[0], 12_500m),
            Enter(environment, "SO-DEMO-003", held[1], 2_300m),
        };

        var first = await pass.RunAsync(store, snapshot, cancellationToken);

        // The AR manager releases the third order in Dynamics: status Released and the reason (a field only AR managers may set).
        environment.Update(DataverseModel.SalesOrders.LogicalName, entered[2].Id, new Dictionary<string, object?>
        {
            ["arc_creditstatus"] = DataverseModel.Choices.CreditReleased,
            ["arc_releasereason"] = ReleaseReason,
        }, ArManager);
        var second = await pass.RunAsync(store, snapshot, cancellationToken);

        var rep = environment.UserId(SalesRep);
        var notices = environment.Records(DataverseModel.AppNotifications.LogicalName)
            .Where(n => n.TryGetValue("ownerid", out var owner) && owner is RecordReference { } r && r.Id == rep)
            .Select(static n => Text(n, "title"))
            .ToList();
        ReportColumn[] columns =
        [
            ReportColumn.Text("order", "Order"),
            ReportColumn.Text("account", "Customer"),
            ReportColumn.Number("amount", "Amount"),
            ReportColumn.Text("status", "arc_creditstatus"),
            ReportColumn.Text("message", "arc_creditmessage (what the sales rep reads)"),
        ];
        var rows = entered.Select(order =>
        {
            var row = environment.Record(DataverseModel.SalesOrders.LogicalName, order.Id)!;
            return new ReportRow(
            [
                Cell.Of(order.Number),
                Cell.Of(order.Account),
                Cell.Of(Number(row, "totalamount").ToString("N2", CultureInfo.InvariantCulture)),
                Cell.Of(Status(row)),
                Cell.Of(Text(row, "arc_creditmessage")),
            ]);
        }).ToList();

        var notes = new List<string>
        {
            $"Sales orders: {SalesRep} entered {entered.Count}; the order check held {first.Held} and approved {entered.Count - first.Held} in one pass, writing {first.Written} credit statuses. " +
            $"{ArManager} then released {entered[2].Number} in Dynamics (\"{ReleaseReason}\"): kept, audited, and honoured by the next pass ({second.Released} released).",
            $"{SalesRep}'s notifications in Dynamics: {string.Join("; ", notices)}.",
        };
        return (new ReportSection("Sales orders entered in Dynamics, after the connector's order check (credit holds, layer 1)", columns, rows), notes);
    }

    private static (string Number, Guid Id, string Account) Enter(DataverseEnvironment environment, string number, IReadOnlyDictionary<string, object?> account, decimal amount)
    {
        var id = environment.Create(DataverseModel.SalesOrders.LogicalName, new Dictionary<string, object?>
        {
            ["name"] = $"Order {number}",
            ["ordernumber"] = number,
            ["customerid"] = new RecordReference("account", (Guid)account["accountid"]!),
            ["totalamount"] = amount,
        }, SalesRep);
        return (number, id, $"{Text(account, "accountnumber")} {Text(account, "name")}");
    }

    private static string Status(IReadOnlyDictionary<string, object?> row) =>
        row.TryGetValue("arc_creditstatus", out var value) && value is not null
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture) switch
            {
                DataverseModel.Choices.CreditApproved => OrderCreditStatuses.Approved,
                DataverseModel.Choices.CreditHeld => OrderCreditStatuses.Held,
                DataverseModel.Choices.CreditReleased => OrderCreditStatuses.Released,
                DataverseModel.Choices.CreditRejected => OrderCreditStatuses.Rejected,
                var other => other.ToString(CultureInfo.InvariantCulture),
            }
            : "(none)";

    private static string Text(IReadOnlyDictionary<string, object?> row, string column) =>
        row.TryGetValue(column, out var value) && value is string text ? text : "";

    private static decimal Number(IReadOnlyDictionary<string, object?> row, string column) =>
        row.TryGetValue(column, out var value) && value is not null ? Convert.ToDecimal(value, CultureInfo.InvariantCulture) : 0m;
}
