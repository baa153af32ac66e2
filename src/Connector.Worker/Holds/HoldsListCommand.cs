using System.CommandLine;
using System.Globalization;
using Connector.Sync.Holds;
using Connector.Sync.Ports;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Holds;

/// <summary>
/// <c>connector holds list [--format table|csv|json]</c>: the hold list (<see cref="HoldList"/>) — each customer on
/// credit hold with its reasons and how long it has been held, the releases recorded, and each sales order held for
/// credit, in Dynamics or in the ERP, with the sentence the sales rep reads and its age.
/// </summary>
public static class HoldsListCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var format = CommonOptions.Format();
        var command = new Command("list", "The hold list: customers on credit hold, releases, sales orders held in Dynamics and in the ERP") { format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            HoldListView view;
            try
            {
                view = await run.Services.GetRequiredService<HoldList>().ReadAsync(cancellationToken);
            }
            catch (Exception ex) when (CommandRun.StoreFailure(ex))
            {
                await run.Error.WriteLineAsync(run.StoreProblem(ex).AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            run.Write(ToReport(view), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Report ToReport(HoldListView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.LastSyncAt is null)
        {
            return new Report
            {
                Title = "Hold list: no sync has run yet",
                Sections = [],
                Notes =
                [
                    "No sync has run yet, so no hold has been placed in Dynamics or the ERP: run 'connector sync --once' (or 'connector run').",
                    "'connector holds evaluate' shows who the hold rules would hold now.",
                ],
            };
        }

        var today = view.Today;
        var ledger = view.Ledger;
        var dynamicsByCustomer = view.DynamicsOrders.Select(static o => o.Order).GroupBy(static o => o.CustomerId, StringComparer.Ordinal).ToDictionary(static g => g.Key, static g => g.ToList(), StringComparer.Ordinal);
        var erpByCustomer = view.ErpOrders.GroupBy(static o => o.Order.CustomerId, StringComparer.Ordinal).ToDictionary(static g => g.Key, static g => g.ToList(), StringComparer.Ordinal);

        var customerRows = view.OnHold
            .OrderBy(static s => s.Hold.Since ?? DateOnly.MaxValue)
            .ThenBy(static s => s.CustomerId, StringComparer.Ordinal)
            .Select(s =>
            {
                var dynamics = dynamicsByCustomer.GetValueOrDefault(s.CustomerId) ?? [];
                var erp = erpByCustomer.GetValueOrDefault(s.CustomerId) ?? [];
                return new ReportRow(
                [
                    Cell.Of(s.CustomerId),
                    Cell.Of(s.CustomerName),
                    Cell.Of(string.Join(", ", s.Hold.Codes)),
                    s.Hold.Since is { } since ? Cell.Date(since) : Cell.Of("-"),
                    Cell.Integer(s.Hold.Since is { } from ? today.DayNumber - from.DayNumber : 0),
                    Cell.Integer(dynamics.Count + erp.Count),
                    Cell.Money(dynamics.Sum(static o => o.Amount) + erp.Sum(static o => o.Decision.OrderAmount ?? 0m), s.Currency), // a number in every row, 0 without held orders
                ]);
            })
            .ToList();

        var releaseRows = view.Releases
            .OrderBy(static r => r.CustomerId, StringComparer.Ordinal)
            .Select(r => new ReportRow(
            [
                Cell.Of(r.CustomerId),
                Cell.Of(ledger?.Find(r.CustomerId)?.Customer.Name ?? "(not in the ledger)"),
                Cell.Of(r.By),
                Cell.Date(r.On),
                r.Until is { } until ? Cell.Date(until) : Cell.Of("policy default"),
                Cell.Of(r.Reason ?? "(no reason: not honoured)"),
            ]))
            .ToList();

        var orderRows = view.DynamicsOrders
            .OrderBy(static o => o.Order.HeldSince ?? o.Order.CheckedAt)
            .ThenBy(static o => o.Order.OrderNumber, StringComparer.Ordinal)
            .Select(held =>
            {
                var o = held.Order;
                var account = ledger?.Find(o.CustomerId);
                var since = o.HeldSince ?? o.CheckedAt;
                return new ReportRow(
                [
                    Cell.Of(o.OrderNumber ?? o.OrderId.ToString("D")),
                    Cell.Of("Dynamics"),
                    Cell.Of(o.CustomerId.Length == 0 ? "(no credit account)" : o.CustomerId),
                    account is null ? Cell.Of(o.Amount.ToString("N2", CultureInfo.InvariantCulture)) : Cell.Money(o.Amount, account.Customer.Currency),
                    Cell.Of(o.Status),
                    Cell.Of(since.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
                    Cell.Integer(today.DayNumber - held.HeldSince.DayNumber),
                    Cell.Of(o.Message),
                ]);
            })
            .Concat(view.ErpOrders
                .OrderBy(static o => o.Order.CustomerId, StringComparer.Ordinal)
                .ThenBy(static o => o.Order.Id, StringComparer.Ordinal)
                .Select(static o => new ReportRow(
                [
                    Cell.Of(o.Order.Id),
                    Cell.Of("ERP"),
                    Cell.Of(o.Order.CustomerId),
                    Cell.Money(o.Decision.OrderAmount ?? o.Order.UninvoicedAmount, o.Decision.Currency),
                    Cell.Of("Held"),
                    Cell.Of("-"),
                    Cell.Of(null),
                    Cell.Of(o.Decision.Message),
                ])))
            .ToList();

        var notes = new List<string>
        {
            $"{customerRows.Count} customers on credit hold, {view.DynamicsOrders.Count} sales orders held in Dynamics and {view.ErpOrders.Count} in the ERP, {releaseRows.Count} releases recorded.",
            $"As of {view.AsOf:yyyy-MM-dd}, the evaluation date of the last sync (which wrote these holds to Dynamics and the ERP at {view.LastSyncAt:yyyy-MM-dd HH:mm} UTC), with every release recorded since; ages count to today, {today:yyyy-MM-dd}.",
            "Release with 'connector holds release --customer ID | --order ID --reason TEXT [--until DATE]', or in Dynamics; every release is audited.",
        };
        return new Report
        {
            Title = $"Hold list as of the last sync ({view.AsOf:yyyy-MM-dd})",
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
                    ReportColumn.Text("source", "Where"),
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
