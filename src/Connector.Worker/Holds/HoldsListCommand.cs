using System.CommandLine;
using System.Globalization;
using Connector.Domain.Ledger;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;
using Connector.Worker.Cli;
using Connector.Worker.Output;

namespace Connector.Worker.Holds;

/// <summary>
/// <c>connector holds list [--format table|csv|json]</c>: the hold list as the last sync left it — each customer on
/// credit hold with its reasons and how long it has been held, the releases in force, and each sales order held or
/// rejected for credit with its sentence and age.
/// </summary>
public static class HoldsListCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var format = CommonOptions.Format();
        var command = new Command("list", "The hold list: customers on credit hold, releases in force, held sales orders (as of the last sync)") { format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            await using var store = await run.OpenStoreAsync(cancellationToken);
            if (store is null)
            {
                return ExitCodes.UserMustAct;
            }

            var today = DateOnly.FromDateTime(run.Time.GetLocalNow().DateTime);
            var ledger = await LedgerLoader.LoadAsync(store, cancellationToken);
            var holds = await store.ReadHoldStatusesAsync(cancellationToken);
            var releases = (await store.ReadManualActionsAsync(cancellationToken)).Where(static a => a.Kind == ManualActionKinds.Release).ToList();
            var orders = (await store.ReadOrderCreditsAsync(cancellationToken)).Where(static o => OrderCreditStatuses.IsHeld(o.Status)).ToList();
            run.Write(ToReport(ledger, holds, releases, orders, today), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Report ToReport(
        ArLedger ledger, IReadOnlyList<StoredHoldStatus> holds, IReadOnlyList<ManualAction> releases, IReadOnlyList<StoredOrderCredit> heldOrders, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(holds);
        ArgumentNullException.ThrowIfNull(releases);
        ArgumentNullException.ThrowIfNull(heldOrders);
        var ordersByCustomer = heldOrders.GroupBy(static o => o.CustomerId, StringComparer.Ordinal).ToDictionary(static g => g.Key, static g => g.ToList(), StringComparer.Ordinal);

        var customerRows = holds
            .Where(static h => h.OnHold)
            .OrderBy(static h => h.Since ?? DateOnly.MaxValue)
            .ThenBy(static h => h.CustomerId, StringComparer.Ordinal)
            .Select(h =>
            {
                var account = ledger.Find(h.CustomerId);
                var orders = ordersByCustomer.GetValueOrDefault(h.CustomerId) ?? [];
                return new ReportRow(
                [
                    Cell.Of(h.CustomerId),
                    Cell.Of(account?.Customer.Name ?? "(not in the ledger)"),
                    Cell.Of(h.Codes.Replace(";", ", ", StringComparison.Ordinal)),
                    h.Since is { } since ? Cell.Date(since) : Cell.Of("-"),
                    Cell.Integer(h.Since is { } from ? today.DayNumber - from.DayNumber : 0),
                    Cell.Integer(orders.Count),
                    account is null ? Cell.Of("") : Cell.Money(orders.Sum(static o => o.Amount), account.Customer.Currency), // a number in every row, 0 without held orders
                ]);
            })
            .ToList();

        var releaseRows = releases
            .OrderBy(static r => r.CustomerId, StringComparer.Ordinal)
            .Select(r => new ReportRow(
            [
                Cell.Of(r.CustomerId),
                Cell.Of(ledger.Find(r.CustomerId)?.Customer.Name ?? "(not in the ledger)"),
                Cell.Of(r.By),
                Cell.Date(r.On),
                r.Until is { } until ? Cell.Date(until) : Cell.Of("policy default"),
                Cell.Of(r.Reason ?? "(no reason: not honoured)"),
            ]))
            .ToList();

        var orderRows = heldOrders
            .OrderBy(static o => o.HeldSince ?? o.CheckedAt)
            .ThenBy(static o => o.OrderNumber, StringComparer.Ordinal)
            .Select(o =>
            {
                var account = ledger.Find(o.CustomerId);
                var since = o.HeldSince ?? o.CheckedAt;
                return new ReportRow(
                [
                    Cell.Of(o.OrderNumber ?? o.OrderId.ToString("D")),
                    Cell.Of(o.CustomerId.Length == 0 ? "(no credit account)" : o.CustomerId),
                    account is null ? Cell.Of(o.Amount.ToString("N2", CultureInfo.InvariantCulture)) : Cell.Money(o.Amount, account.Customer.Currency),
                    Cell.Of(o.Status),
                    Cell.Of(since.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
                    Cell.Integer(today.DayNumber - DateOnly.FromDateTime(since.UtcDateTime).DayNumber),
                    Cell.Of(o.Message),
                ]);
            })
            .ToList();

        var notes = new List<string>
        {
            $"{customerRows.Count} customers on credit hold, {orderRows.Count} sales orders held, {releaseRows.Count} releases recorded.",
            "Release with 'connector holds release --customer ID | --order ID --reason TEXT [--until DATE]', or in Dynamics; every release is audited.",
        };
        return new Report
        {
            Title = "Hold list (as of the last sync)",
            Sections =
            [
                new("Customers on credit hold",
                [
                    ReportColumn.Text("customer_id", "Customer"),
                    ReportColumn.Text("name", "Name"),
                    ReportColumn.Text("reasons", "Reasons"),
                    ReportColumn.Text("held_since", "Held since"),
                    ReportColumn.Number("age_days", "Days"),
                    ReportColumn.Number("held_orders", "Held orders"),
                    ReportColumn.Number("held_amount", "Held amount"),
                ], customerRows),
                new("Releases",
                [
                    ReportColumn.Text("customer_id", "Customer"),
                    ReportColumn.Text("name", "Name"),
                    ReportColumn.Text("by", "By"),
                    ReportColumn.Text("on", "On"),
                    ReportColumn.Text("until", "Until"),
                    ReportColumn.Text("reason", "Reason"),
                ], releaseRows),
                new("Sales orders held for credit",
                [
                    ReportColumn.Text("order", "Order"),
                    ReportColumn.Text("customer_id", "Customer"),
                    ReportColumn.Number("amount", "Amount"),
                    ReportColumn.Text("status", "Status"),
                    ReportColumn.Text("held_since", "Held since (UTC)"),
                    ReportColumn.Number("age_days", "Days"),
                    ReportColumn.Text("message", "What the sales rep reads"),
                ], orderRows),
            ],
            Notes = notes,
        };
    }
}
