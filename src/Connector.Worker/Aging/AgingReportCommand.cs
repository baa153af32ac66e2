using System.CommandLine;
using Connector.Domain.Aging;
using Connector.Sync.Evaluation;
using Connector.Worker.Cli;
using Connector.Worker.Output;

namespace Connector.Worker.Aging;

/// <summary>
/// <c>connector report aging [--from DIR] [--as-of DATE] [--format table|csv|json|xlsx|html] [--out FILE]</c>: open items per
/// customer by age bucket in the customer's credit currency, and the company total.
/// </summary>
public static class AgingReportCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var from = CommonOptions.From();
        var asOf = CommonOptions.AsOf();
        var format = CommonOptions.DocumentFormat();
        var output = CommonOptions.Out();
        var command = new Command("aging", "Open items per customer by age bucket, with the company total") { from, asOf, format, output };
        CommonOptions.RequireOutForXlsx(command, format, output);
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (await run.EvaluateAsync(run.GetValue(from), run.AsOf(asOf), cancellationToken) is not { } evaluation)
            {
                return ExitCodes.UserMustAct;
            }

            var report = evaluation.Aging;
            var excluded = LeftOutOfTotal(evaluation);
            foreach (var reason in excluded)
            {
                run.Warn($"left out of TOTAL: {reason}");
            }

            run.Write(ToReport(report, excluded), run.GetValue(format), run.GetValue(output));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// CSV columns <c>customer_id, {bucket keys}, total_open, overdue, disputed, unapplied, net_balance,
    /// oldest_overdue_days</c> (the table adds the currency); one row per evaluable customer, then <c>TOTAL</c> in the company currency.
    /// </summary>
    public static Report ToReport(AgingReport report, IReadOnlyList<string> leftOutOfTotal)
    {
        ArgumentNullException.ThrowIfNull(report);
        var buckets = report.Buckets;
        List<ReportColumn> columns = [ReportColumn.Text("customer_id", "Customer"), ReportColumn.Text("currency", "Cur") with { TableOnly = true }];
        for (var i = 0; i < buckets.Count; i++)
        {
            columns.Add(ReportColumn.Number(buckets.Keys[i], buckets.Labels[i]));
        }

        columns.AddRange(
        [
            ReportColumn.Number("total_open", "Total open"),
            ReportColumn.Number("overdue", "Overdue"),
            ReportColumn.Number("disputed", "Disputed"),
            ReportColumn.Number("unapplied", "Unapplied"),
            ReportColumn.Number("net_balance", "Net balance"),
            ReportColumn.Number("oldest_overdue_days", "Oldest (days)"),
        ]);

        var rows = new List<ReportRow>(report.Lines.Count + 1);
        foreach (var line in report.Lines)
        {
            if (line.IsEvaluable)
            {
                rows.Add(Row(line, isTotal: false));
            }
        }

        rows.Add(Row(report.Total, isTotal: true));
        var table = new ReportSection(null, columns, rows);
        return new Report
        {
            Title = $"Aging as of {report.AsOf:yyyy-MM-dd} (basis: {Describe(report.Basis)}; TOTAL in {report.Total.Currency})",
            Sections = [table],
            Notes = [.. leftOutOfTotal.Select(static reason => $"Left out of TOTAL: {reason}")],
            Json = AgingJson.From(report, leftOutOfTotal),
        };
    }

    /// <summary>
    /// Why customers are missing from TOTAL, one line each: those not evaluable (an item's currency has
    /// no rate) and those evaluable in their own currency whose currency has no rate to the company's.
    /// </summary>
    public static IReadOnlyList<string> LeftOutOfTotal(LedgerEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var report = evaluation.Aging;
        var rates = evaluation.Rates;
        var reasons = new List<string>();
        foreach (var line in report.Lines)
        {
            if (!line.IsEvaluable)
            {
                reasons.Add(line.NotEvaluableReason!);
            }
            else if (!rates.TryGetRate(line.Currency, out _))
            {
                reasons.Add($"customer {line.CustomerId}: {rates.MissingRate(line.Currency)}");
            }
        }

        return reasons;
    }

    internal static string Describe(AgingBasis basis) => basis == AgingBasis.DueDate ? "days past due date" : "days since document date";

    private static ReportRow Row(AgingLine line, bool isTotal)
    {
        var currency = line.Currency;
        var cells = new List<Cell>(line.Buckets.Length + 8) { Cell.Of(line.CustomerId), Cell.Of(currency) };
        foreach (var amount in line.Buckets)
        {
            cells.Add(Cell.Money(amount, currency));
        }

        cells.Add(Cell.Money(line.TotalOpen, currency));
        cells.Add(Cell.Money(line.Overdue, currency));
        cells.Add(Cell.Money(line.Disputed, currency));
        cells.Add(Cell.Money(line.Unapplied, currency));
        cells.Add(Cell.Money(line.NetBalance, currency));
        cells.Add(Cell.Integer(line.OldestOverdueDays));
        return new ReportRow(cells, isTotal);
    }
}
