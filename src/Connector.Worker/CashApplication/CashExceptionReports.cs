using System.Globalization;
using Connector.Sync.CashApplication;
using Connector.Sync.Ports;
using Connector.Worker.Output;

namespace Connector.Worker.CashApplication;

/// <summary>The exceptions queue and one cash application as people read them.</summary>
internal static class CashExceptionReports
{
    /// <summary>Columns <c>id, payment_id, customer_id, amount, currency, status, reason, proposal, explanation</c>.</summary>
    public static Report List(IReadOnlyList<StoredCashMatch> matches, bool all)
    {
        var rows = matches.Select(static m => new ReportRow(
        [
            Cell.Integer(m.Id), Cell.Of(m.PaymentId), Cell.Of(m.CustomerId), Cell.Money(m.Amount, m.Currency), Cell.Of(m.Currency),
            Cell.Of(m.Status), Cell.Of(m.Reason), Cell.Of(Proposal(m)), Cell.Of(m.Explanation),
        ])).ToList();
        return new Report
        {
            Title = all ? $"Cash applications ({matches.Count})" : $"Cash exceptions waiting for a person ({matches.Count})",
            Sections =
            [
                new ReportSection(null,
                [
                    ReportColumn.Number("id", "Id"), ReportColumn.Text("payment_id", "Payment"), ReportColumn.Text("customer_id", "Customer"),
                    ReportColumn.Number("amount", "Amount"), ReportColumn.Text("currency", "Cur"), ReportColumn.Text("status", "Status"),
                    ReportColumn.Text("reason", "Reason"), ReportColumn.Text("proposal", "Proposal"), ReportColumn.Text("explanation", "Explanation"),
                ], rows),
            ],
            Notes = all || matches.Count == 0 ? [] : ["Work one with 'connector cash accept ID', 'cash assign ID --invoice I [--amount X]', 'cash reject ID --reason TEXT'."],
        };
    }

    public static Report Show(StoredCashMatch match)
    {
        ReportColumn[] pair = [ReportColumn.Text("name", "What"), ReportColumn.Text("value", "Value")];
        ReportRow Row(string name, string? value) => new([Cell.Of(name), Cell.Of(value)]);
        var details = new List<ReportRow>
        {
            Row("id", match.Id.ToString(CultureInfo.InvariantCulture)),
            Row("payment", match.PaymentId),
            Row("source", match.Source),
            Row("date", match.PaymentDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Row("amount", Connector.Domain.Currencies.CurrencyUnits.Format(match.Amount, match.Currency)),
            Row("customer", match.CustomerId),
            Row("bank reference", match.BankReference),
            Row("payer account", match.PayerAccount),
            Row("status", match.Status),
            Row("reason", match.Reason),
            Row("explanation", match.Explanation),
            Row("decided by", match.DecidedBy),
            Row("decided at", match.DecidedAt?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            Row("decision", match.DecisionReason),
        };
        ReportColumn[] lineColumns =
        [
            ReportColumn.Text("kind", "Kind"), ReportColumn.Text("invoice_id", "Invoice"), ReportColumn.Text("customer_id", "Customer"),
            ReportColumn.Number("amount", "Amount"), ReportColumn.Number("write_off", "Write-off"), ReportColumn.Text("method", "Method"),
            ReportColumn.Text("confidence", "Confidence"), ReportColumn.Text("state", "ERP"), ReportColumn.Text("accepted_by", "Accepted by"),
            ReportColumn.Text("explanation", "Explanation"),
        ];
        var lines = match.Lines.Select(l => new ReportRow(
        [
            Cell.Of(l.Kind), Cell.Of(l.InvoiceId), Cell.Of(l.CustomerId), Cell.Money(l.Amount, match.Currency), Cell.Money(l.WriteOff, match.Currency),
            Cell.Of(l.Method), Cell.Of(l.Confidence), Cell.Of(State(l.State)), Cell.Of(l.AcceptedBy), Cell.Of(l.Explanation),
        ])).ToList();
        var candidates = CashDeskViews.Candidates(match).Select(c => new ReportRow(
        [
            Cell.Of(c.Invoice), Cell.Of(c.Customer), Cell.Money(c.Open, c.Currency), Cell.Date(c.Due),
            Cell.Of(c.Score.ToString("0.00", CultureInfo.InvariantCulture)), Cell.Of(c.Explanation),
        ])).ToList();
        return new Report
        {
            Title = string.Create(CultureInfo.InvariantCulture, $"Cash application {match.Id}: payment {match.PaymentId} ({match.Status})"),
            Sections =
            [
                new ReportSection("Payment", pair, details),
                new ReportSection("Lines", lineColumns, lines),
                new ReportSection("Candidates (best first)",
                [
                    ReportColumn.Text("invoice_id", "Invoice"), ReportColumn.Text("customer_id", "Customer"), ReportColumn.Number("open_amount", "Open"),
                    ReportColumn.Text("due_date", "Due"), ReportColumn.Number("score", "Score"), ReportColumn.Text("explanation", "Why"),
                ], candidates),
            ],
        };
    }

    /// <summary>"INV-1 500.00, INV-2 20.00": the proposed (or, once accepted, the applied) lines.</summary>
    private static string Proposal(StoredCashMatch match)
    {
        var kind = match.Status == CashMatchStatuses.Accepted ? CashLineKinds.Applied : CashLineKinds.Proposed;
        return string.Join(", ", match.Lines
            .Where(l => l.Kind == kind && (kind == CashLineKinds.Proposed || l.State is CashLineKinds.Awaiting or CashLineKinds.Confirmed))
            .Select(l => $"{l.InvoiceId} {Cell.Money(l.Amount, match.Currency).ToDisplay()}"));
    }

    private static string? State(string? state) => state switch
    {
        CashLineKinds.Awaiting => "applied, awaiting ERP",
        CashLineKinds.Confirmed => "confirmed by the ERP",
        CashLineKinds.Disagreed => "the ERP disagrees",
        CashLineKinds.Unapplied => "unapplied",
        _ => null,
    };
}
