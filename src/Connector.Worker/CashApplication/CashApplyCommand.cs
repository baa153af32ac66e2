using System.CommandLine;
using System.Text.Json;
using Connector.Domain.CashApplication;
using Connector.Sync.Evaluation;
using Connector.Worker.Cli;
using Connector.Worker.Output;

namespace Connector.Worker.CashApplication;

/// <summary>
/// <c>connector cash apply [--from DIR] [--as-of DATE] [--format table|csv|json]</c>: applies the unapplied payments
/// to open invoices and shows the applications, write-off proposals, the exception queue with ranked
/// candidates, the match rates and the cash left unapplied. A proposal only: nothing is written back.
/// </summary>
public static class CashApplyCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var from = CommonOptions.From();
        var asOf = CommonOptions.AsOf();
        asOf.Description = "Date of the exchange rates that add the figures up in the company currency, yyyy-MM-dd (default: today)";
        var format = CommonOptions.Format();
        format.Description = "Output format: table, csv (the applications only) or json";
        var command = new Command("apply", "Apply unapplied payments to open invoices: applications, write-off proposals, exceptions with candidates, match rates") { from, asOf, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (await run.EvaluateAsync(run.GetValue(from), run.AsOf(asOf), cancellationToken) is not { } evaluation)
            {
                return ExitCodes.UserMustAct;
            }

            var result = Apply(evaluation, run.Policy<CashApplicationPolicy>());
            foreach (var note in result.Notes)
            {
                run.Warn(note);
            }

            var chosen = run.GetValue(format);
            run.Write(ToReport(result, applicationsOnly: chosen == ReportFormat.Csv), chosen);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static CashApplicationResult Apply(LedgerEvaluation evaluation, CashApplicationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return CashApplicator.Apply(evaluation.Ledger, policy, evaluation.Rates);
    }

    /// <summary>
    /// Sections: applications (<c>payment_id, invoice_id, customer_id, amount, currency, method, confidence, explanation</c>),
    /// then (unless <paramref name="applicationsOnly"/>, the CSV form) write-off proposals, exceptions and the summary.
    /// </summary>
    public static Report ToReport(CashApplicationResult result, bool applicationsOnly)
    {
        ArgumentNullException.ThrowIfNull(result);
        var applications = new ReportSection(
            applicationsOnly ? null : $"Applications ({result.Applications.Count})",
            [
                ReportColumn.Text("payment_id", "Payment"),
                ReportColumn.Text("invoice_id", "Invoice"),
                ReportColumn.Text("customer_id", "Customer"),
                ReportColumn.Number("amount", "Amount"),
                ReportColumn.Text("currency", "Cur"),
                ReportColumn.Text("method", "Method"),
                ReportColumn.Text("confidence", "Confidence"),
                ReportColumn.Text("explanation", "Explanation"),
            ],
            [.. result.Applications.Select(static a => new ReportRow(
            [
                Cell.Of(a.PaymentId), Cell.Of(a.InvoiceId), Cell.Of(a.CustomerId), Cell.Money(a.Amount, a.Currency), Cell.Of(a.Currency),
                Cell.Of(Name(a.Method)), Cell.Of(Name(a.Confidence)), Cell.Of(a.Explanation),
            ]))]);
        var title = $"Cash application: {result.MatchedPaymentCount} of {result.PaymentCount} payments applied";
        if (applicationsOnly)
        {
            return new Report { Title = title, Sections = [applications], Json = CashApplyJson.From(result) };
        }

        var writeOffs = new ReportSection(
            $"Write-off proposals ({result.WriteOffs.Count})",
            [
                ReportColumn.Text("payment_id", "Payment"),
                ReportColumn.Text("invoice_id", "Invoice"),
                ReportColumn.Text("customer_id", "Customer"),
                ReportColumn.Number("amount", "Amount"),
                ReportColumn.Text("currency", "Cur"),
                ReportColumn.Text("reason_code", "Reason"),
                ReportColumn.Text("explanation", "Explanation"),
            ],
            [.. result.WriteOffs.Select(static w => new ReportRow(
            [
                Cell.Of(w.PaymentId), Cell.Of(w.InvoiceId), Cell.Of(w.CustomerId), Cell.Money(w.Amount, w.Currency), Cell.Of(w.Currency),
                Cell.Of(w.ReasonCode), Cell.Of(w.Explanation),
            ]))]);
        var exceptions = new ReportSection(
            $"Exceptions ({result.ExceptionCount})",
            [
                ReportColumn.Text("payment_id", "Payment"),
                ReportColumn.Text("customer_id", "Customer"),
                ReportColumn.Number("amount", "Amount"),
                ReportColumn.Text("currency", "Cur"),
                ReportColumn.Text("reason", "Reason"),
                ReportColumn.Text("explanation", "Explanation"),
                ReportColumn.Text("candidates", "Candidates (score)"),
            ],
            [.. result.Exceptions.Select(static e => new ReportRow(
            [
                Cell.Of(e.PaymentId), Cell.Of(e.CustomerId), Cell.Money(e.Amount, e.Currency), Cell.Of(e.Currency),
                Cell.Of(Name(e.Reason)), Cell.Of(e.Explanation), Cell.Of(Candidates(e.Candidates)),
            ]))]);
        return new Report
        {
            Title = title,
            Sections = [applications, writeOffs, exceptions, Summary(result)],
            Notes = result.Notes,
            Json = CashApplyJson.From(result),
        };
    }

    /// <summary>The figures a controller watches: counts, match rates, cash applied and left unapplied.</summary>
    internal static ReportSection Summary(CashApplicationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = new List<ReportRow>
        {
            new([Cell.Of("payments with unapplied cash"), Cell.Integer(result.PaymentCount)]),
            new([Cell.Of("payments applied"), Cell.Integer(result.MatchedPaymentCount)]),
            new([Cell.Of("payments in the exception queue"), Cell.Integer(result.ExceptionCount)]),
            new([Cell.Of("write-off proposals"), Cell.Integer(result.WriteOffs.Count)]),
            new([Cell.Of("match rate by count"), Cell.Percent(result.MatchRateByCount)]),
        };
        if (result.MatchRateByAmount is { } byAmount)
        {
            rows.Add(new([Cell.Of("match rate by amount"), Cell.Percent(byAmount)]));
        }

        if (result.FiguresCurrency is { } currency)
        {
            rows.Add(new([Cell.Of($"cash available ({currency})"), Cell.Money(result.AmountAvailable ?? 0m, currency)]));
            rows.Add(new([Cell.Of($"cash applied ({currency})"), Cell.Money(result.AmountApplied ?? 0m, currency)]));
            rows.Add(new([Cell.Of($"cash left unapplied ({currency})"), Cell.Money(result.UnappliedTotal ?? 0m, currency)]));
        }

        foreach (var totals in result.Totals)
        {
            rows.Add(new([Cell.Of($"unapplied after the run in {totals.Currency} ({totals.PaymentCount} payments)"), Cell.Money(totals.Unapplied, totals.Currency)]));
        }

        return new ReportSection("Summary", [ReportColumn.Text("figure", "Figure"), ReportColumn.Number("value", "Value")], rows);
    }

    /// <summary>"INV-000123 (0.92), INV-000456 (0.61)": the ranked candidates, best first.</summary>
    internal static string Candidates(IReadOnlyList<MatchCandidate> candidates) =>
        string.Join(", ", candidates.Select(static c => $"{c.InvoiceId} ({c.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)})"));

    /// <summary>The enum's snake_case name, as in the JSON: <c>exact_amount</c>, <c>customer_unknown</c>.</summary>
    internal static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
