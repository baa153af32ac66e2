using Connector.Sync.Cycle;
using Connector.Sync.Orders;
using Connector.Sync.Writeback;
using Connector.Worker.Collections;
using Connector.Worker.Ingest;
using Connector.Worker.Output;

namespace Connector.Worker.Sync;

/// <summary>The summary of a sync cycle people read: what came in, what went to Dataverse, what people set there.</summary>
public static class SyncReports
{
    public static Report ToReport(SyncCycleReport cycle)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        var ingest = IngestCommand.ToReport(cycle.Ingest, cycle.Store);
        var push = cycle.Dataverse;
        var evaluation = cycle.Evaluation;
        ReportColumn[] columns =
        [
            ReportColumn.Text("table", "Dataverse table"),
            ReportColumn.Number("queued", "Changed"),
            ReportColumn.Number("sent", "Sent"),
            ReportColumn.Number("quarantined", "Refused"),
            ReportColumn.Number("requests", "Requests"),
        ];
        var rows = push.Pushed.Select(p => new ReportRow(
        [
            Cell.Of(p.Table.LogicalName),
            Cell.Integer(push.Queued.TryGetValue(p.Table.LogicalName, out var queued) ? queued : 0),
            Cell.Integer(p.Sent),
            Cell.Integer(p.Quarantined),
            Cell.Integer(p.Requests),
        ])).ToList();

        var notes = new List<string>(ingest.Notes)
        {
            $"Evaluated {evaluation.Credit.Snapshots.Count} customers as of {evaluation.AsOf:yyyy-MM-dd}: {evaluation.Portfolio.CustomersOnHold} on credit hold, {evaluation.Collections.Cases.Count} open collection cases; {push.AuditEvents} hold changes audited.",
            ReadBackNote(cycle),
            CashApplication.CashSyncNotes.Note(cycle.Cash),
            OrdersNote(cycle.Orders),
        };
        if (CashApplication.CashSyncNotes.Twins(cycle.Twins) is { } twins)
        {
            notes.Add(twins);
        }

        notes.AddRange(cycle.Warnings.Select(static w => "Held back: " + w));
        if (cycle.History is { BackfillLeft: true } history)
        {
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Trend: {history.Customers:N0} customers are too many to rebuild past month-ends within this first cycle (History:FirstRunBackfillMaxCustomers); run 'connector history backfill' once to fill the trend's past."));
        }

        if (push.Deferred > 0)
        {
            notes.Add($"{push.Deferred} open items or payments wait for their account to reach Dataverse; they go with the next run.");
        }

        if (push.Lost.Warning is { } lost)
        {
            notes.Add("Warning: " + lost);
        }

        var refused = push.Pushed.Sum(static p => p.Quarantined);
        if (refused > 0)
        {
            notes.Add($"{refused} records were refused by Dataverse and set aside with the reason: see 'connector push failures', fix, then 'connector push retry'.");
        }

        var sections = new List<ReportSection>(ingest.Sections) { new("Pushed to Dataverse (only what changed since the last push)", columns, rows) };
        if (cycle.Collections is { } collections)
        {
            sections.Add(CollectionsReports.Written(collections));
            notes.AddRange(CollectionsReports.Notes(collections));
            if (CollectionsReports.NoArManager(evaluation.Collections, evaluation.Policies.Collections) is { } noManager)
            {
                notes.Add(noManager);
            }
        }
        else
        {
            notes.Add("Collections were not written to Outlook: Graph is not configured (Graph:AccessToken, or Graph:TenantId + ClientId + ClientSecret).");
        }

        notes.Add(ErpWritebackNote(cycle.ErpWriteback));
        return new Report
        {
            Title = $"Sync run {cycle.RunId}",
            Sections = sections,
            Notes = notes,
        };
    }

    private static string OrdersNote(OrderCreditReport orders)
    {
        var note = $"Sales orders: {orders.Read} new or changed read, {orders.Checked} checked; {orders.Held} held, {orders.Released} released; {orders.Written} credit statuses written, {orders.Notified} owners notified.";
        return orders.Quarantined > 0
            ? note + $" {orders.Quarantined} writes were refused by Dataverse and set aside: see 'connector push failures'."
            : note;
    }

    /// <summary>"ERP writeback: 3 hold rows, 5 order rows → /erp/writeback/credit-holds-….csv, …".</summary>
    private static string ErpWritebackNote(ErpWritebackReport? writeback)
    {
        if (writeback is null)
        {
            return "ERP writeback is off (Erp:Writeback is false): hold flags and order credit decisions are not written back to the ERP.";
        }

        var written = writeback.Written;
        var note = written.Destinations.Count == 0
            ? $"ERP writeback: nothing changed since the last writeback ({writeback.Destination})."
            : $"ERP writeback: {written.HoldRows} hold rows, {written.OrderRows} order rows{(written.CashRows > 0 ? $", {written.CashRows} cash application rows" : "")} → {string.Join(", ", written.Destinations)}";
        if (writeback.UnknownCustomerOrders > 0)
        {
            note += $" {writeback.UnknownCustomerOrders} open ERP orders name a customer the ledger does not know and were not written back.";
        }

        if (written.Quarantined > 0)
        {
            note += $" {written.Quarantined} stored rows could not be read and were set aside (see 'connector push failures').";
        }

        return note;
    }

    private static string ReadBackNote(SyncCycleReport cycle)
    {
        var set = cycle.ReadBack.ActionsSet + cycle.Dataverse.ReadAfter.ActionsSet;
        var cleared = cycle.ReadBack.ActionsCleared + cycle.Dataverse.ReadAfter.ActionsCleared;
        return set + cleared == 0
            ? "Read back from Dynamics: no manual holds or releases set or changed."
            : $"Read back from Dynamics: {set} manual holds or releases set, {cleared} cleared (audited with the Dynamics user).";
    }
}
