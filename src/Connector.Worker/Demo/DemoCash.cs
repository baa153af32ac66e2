using System.Globalization;
using Connector.Domain.Evaluation;
using Connector.Sync.CashApplication;
using Connector.Sync.Cycle;
using Connector.Sync.Evaluation;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;
using Connector.Worker.Output;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Demo;

/// <summary>
/// The demo's cash part on the product path: the sync cycle read the day's bank statement from the bank drop folder, matched
/// its payments (and the ERP's unapplied ones) and accepted the sure ones; here an AR clerk works two exceptions (accepts
/// one proposal, assigns one to its best candidate; bank payments first), a second cycle sends them on, and the demo shows
/// the holds the applied cash lifted and what went to the ERP (the writeback rows) and to Dynamics (arc_payment).
/// </summary>
internal static class DemoCash
{
    public const string Clerk = "demo:Dana Reyes (AR manager)";

    public static async Task<(ReportSection Section, List<string> Notes, SyncCycleReport Second)> RunAsync(
        IServiceProvider services, SyncCycleReport first, DateOnly asOf, Connector.Emulators.Dataverse.DataverseEmulator dataverse, CancellationToken cancellationToken)
    {
        var desk = services.GetRequiredService<CashDesk>();
        var notes = new List<string>();
        var all = await desk.ListAsync(all: true, cancellationToken);
        var bank = all.Where(static m => m.Source == "bank").ToList();
        if (bank.Count > 0)
        {
            notes.Add($"Bank statement through the bank drop folder (Bank:DropFolder): {bank.Count} payments the ERP has not booked, "
                + $"{bank.Count(static m => m.Status == CashMatchStatuses.Accepted)} accepted automatically, {bank.Count(static m => m.Status == CashMatchStatuses.Open)} queued for a person.");
        }

        if (first.Twins.Recognised > 0)
        {
            // The statement also carries money the ERP's export books itself: one payment each, not two.
            notes.Add($"Twins: {first.Twins.Recognised} entries of the statement are the ERP's own unapplied payments ({string.Join(", ", first.Twins.Examples)}"
                + (first.Twins.Recognised > first.Twins.Examples.Count ? ", …" : "")
                + "), recognised as one payment each: matched, counted, sent to Dynamics and written back once, under the ERP's payment with the bank's reference.");
        }

        notes.AddRange(
        [
            $"Cash application in the sync cycle: {first.Cash.Matched} unapplied payments matched, {first.Cash.AutoAccepted} accepted automatically (CashApplication:AutoAccept), {first.Cash.Queued} left in the exceptions queue.",
        ]);

        // The bank's payments first: the day starts at the statement.
        var open = (await desk.ListAsync(all: false, cancellationToken)).OrderBy(static m => m.Source == "bank" ? 0 : 1).ToList();
        var worked = new List<StoredCashMatch>();
        if (open.FirstOrDefault(static m => m.Reason == "not_auto_accepted") is { } proposal)
        {
            var accepted = await desk.AcceptAsync(proposal.Id, Clerk, cancellationToken);
            notes.Add($"connector cash accept {proposal.Id}: {accepted.Lines[0]}");
            worked.Add(proposal);
        }

        if (open.FirstOrDefault(static m => m.Lines.Count == 0 && m.Reason != "erp_disagrees" && CashDeskViews.Candidates(m).Count > 0) is { } tie
            && CashDeskViews.Candidates(tie) is { Count: > 0 } candidates)
        {
            var assigned = await desk.AssignAsync(tie.Id, [new CashAssignment(candidates[0].Invoice, null)], Clerk, "customer confirmed the invoice by phone", cancellationToken);
            notes.Add($"connector cash assign {tie.Id} --invoice {candidates[0].Invoice}: {assigned.Lines[0]}");
            worked.Add(tie);
        }

        // A second cycle sends the worked exceptions to the ERP and Dynamics, and counts them in the evaluation.
        var cycle = services.GetRequiredService<SyncCycle>();
        var second = await cycle.RunAsync(cycle.NewRunId(), asOf, null, null, cancellationToken);
        notes.Add($"Second sync run {second.RunId}: {second.Cash.Awaiting} applications count now, awaiting the ERP; {second.Cash.OpenExceptions} exceptions still wait; "
            + $"ERP writeback {second.ErpWriteback?.Written.CashRows ?? 0} cash application rows ({string.Join(", ", second.ErpWriteback?.Written.Destinations ?? [])}).");

        notes.AddRange(WritebackRows(services, worked));
        var lifted = await LiftedHoldsAsync(services, second, asOf, cancellationToken);
        notes.Add(lifted.Count == 0
            ? "No credit hold was lifted by the applied cash this time."
            : $"Holds the applied cash lifted before the ERP booked it: {string.Join("; ", lifted.Take(3).Select(static l => l.Text))}" + (lifted.Count > 3 ? $" (and {lifted.Count - 3} more)." : "."));
        foreach (var match in worked)
        {
            var customer = (await desk.FindAsync(match.Id, cancellationToken))?.Lines.FirstOrDefault(static l => l.Kind == CashLineKinds.Applied)?.CustomerId;
            if (lifted.Find(l => l.CustomerId == customer) is { CustomerId: not null } hold)
            {
                notes.Add($"Payment {match.PaymentId}, worked by hand, lifted a credit hold: {hold.Text}.");
            }
        }

        var rows = new List<ReportRow>();
        var payments = dataverse.Environment.Records("arc_payment").ToDictionary(static p => (string)p["arc_paymentnumber"]!, StringComparer.Ordinal);
        foreach (var match in worked)
        {
            var now = await desk.FindAsync(match.Id, cancellationToken);
            var applied = now?.Lines.Where(static l => l.Kind == CashLineKinds.Applied && l.State == CashLineKinds.Awaiting).ToList() ?? [];
            payments.TryGetValue(match.PaymentId, out var row);
            rows.Add(new ReportRow(
            [
                Cell.Integer(match.Id), Cell.Of(match.PaymentId), Cell.Of(match.CustomerId ?? applied.FirstOrDefault()?.CustomerId), Cell.Money(match.Amount, match.Currency),
                Cell.Of(match.Reason), Cell.Of(string.Join(", ", applied.Select(static l => l.InvoiceId))), Cell.Of(now?.DecidedBy),
                Cell.Of(row is null ? null : Status(row)), Cell.Of(row?.GetValueOrDefault("arc_appliedamount") is decimal a ? a.ToString("N2", CultureInfo.InvariantCulture) : null),
            ]));
        }

        var section = new ReportSection(
            "Cash exceptions worked (connector cash accept / assign), as the ERP and Dynamics got them",
            [
                ReportColumn.Number("id", "Id"), ReportColumn.Text("payment_id", "Payment"), ReportColumn.Text("customer_id", "Customer"),
                ReportColumn.Number("amount", "Amount"), ReportColumn.Text("reason", "Was queued because"), ReportColumn.Text("invoices", "Applied to"),
                ReportColumn.Text("by", "By"), ReportColumn.Text("dynamics_status", "arc_payment status"), ReportColumn.Number("dynamics_applied", "Applied in Dynamics"),
            ],
            rows);
        return (section, notes, second);
    }

    /// <summary>The header and the rows of the worked payments in the cash writeback file the ERP imports.</summary>
    private static IEnumerable<string> WritebackRows(IServiceProvider services, List<StoredCashMatch> worked)
    {
        var folder = services.GetRequiredService<IConfiguration>()["Erp:WritebackFolder"];
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.GetFiles(folder, "cash-applications-*.csv").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            var rows = lines.Skip(1).Where(line => worked.Exists(m => line.Contains(m.PaymentId, StringComparison.Ordinal))).ToList();
            if (rows.Count > 0)
            {
                yield return $"To the ERP, {Path.GetFileName(file)}: {lines[0]}";
                foreach (var row in rows)
                {
                    yield return "  " + row;
                }
            }
        }
    }

    /// <summary>"Acme (C-1): OVERDUE_AGE": customers the ERP's figures alone hold that the evaluation with the applied cash does not.</summary>
    private static async Task<List<(string CustomerId, string Text)>> LiftedHoldsAsync(IServiceProvider services, SyncCycleReport cycle, DateOnly asOf, CancellationToken cancellationToken)
    {
        await using var store = await services.GetRequiredService<IConnectorStoreFactory>().OpenAsync(cancellationToken);
        var erpOnly = LedgerEvaluator.Evaluate(
            await LedgerLoader.LoadAsync(store, cancellationToken), await EvaluationState.ReadAsync(store, cancellationToken), services.GetRequiredService<EvaluationPolicies>(), asOf);
        var lifted = new List<(string CustomerId, string Text)>();
        foreach (var before in erpOnly.Credit.Snapshots)
        {
            if (before.Hold.OnHold && cycle.Evaluation.Credit.Find(before.CustomerId) is { Hold.OnHold: false })
            {
                lifted.Add((before.CustomerId, $"{before.CustomerName} ({before.CustomerId}) was held for {string.Join(", ", before.Hold.Codes)}"));
            }
        }

        return lifted;
    }

    private static string Status(IReadOnlyDictionary<string, object?> payment) =>
        payment.GetValueOrDefault("arc_status") switch
        {
            int code when code == Connector.Sync.Push.DataverseModel.Choices.PaymentApplied => "Applied",
            int code when code == Connector.Sync.Push.DataverseModel.Choices.PaymentPartiallyApplied => "Partially applied",
            _ => "Unapplied",
        };
}
