using System.CommandLine;
using Connector.Domain.Credit;
using Connector.Worker.Cli;
using Connector.Worker.Output;

namespace Connector.Worker.Holds;

/// <summary>
/// <c>connector holds evaluate [--from DIR] [--as-of DATE] [--format table|csv|json]</c>: the customers on credit hold
/// with their codes, the figures behind them, the hold sentence and whom to contact — from the one evaluation, so a
/// release recorded a minute ago is honoured here as it is by the order check.
/// </summary>
public static class HoldsEvaluateCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var from = CommonOptions.From();
        var asOf = CommonOptions.AsOf();
        var format = CommonOptions.Format();
        var command = new Command("evaluate", "Customers on credit hold: codes, figures, the hold sentence and the collector to contact") { from, asOf, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (await run.EvaluateAsync(run.GetValue(from), run.AsOf(asOf), cancellationToken) is not { } evaluation)
            {
                return ExitCodes.UserMustAct;
            }

            var notEvaluable = evaluation.NotEvaluable();
            foreach (var reason in notEvaluable)
            {
                run.Warn($"not evaluable: {reason}");
            }

            run.Write(ToReport(evaluation.Credit, notEvaluable), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// One row per customer on hold: <c>customer_id, name, codes (;-separated), currency, exposure, credit_limit,
    /// available_credit, overdue_amount, oldest_overdue_days, collector, message</c>.
    /// </summary>
    public static Report ToReport(CreditEvaluation evaluation, IReadOnlyList<string> notEvaluable)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(notEvaluable);
        var onHold = evaluation.OnHold.ToList();
        ReportColumn[] columns =
        [
            ReportColumn.Text("customer_id", "Customer"),
            ReportColumn.Text("name", "Name"),
            ReportColumn.Text("codes", "Codes"),
            ReportColumn.Text("currency", "Cur"),
            ReportColumn.Number("exposure", "Exposure"),
            ReportColumn.Number("credit_limit", "Credit limit"),
            ReportColumn.Number("available_credit", "Available"),
            ReportColumn.Number("overdue_amount", "Overdue (all items)"),
            ReportColumn.Number("oldest_overdue_days", "Oldest overdue (days)"),
            ReportColumn.Text("collector", "Collector"),
            ReportColumn.Text("message", "Hold sentence"),
        ];
        var rows = new List<ReportRow>(onHold.Count);
        foreach (var snapshot in onHold)
        {
            rows.Add(new ReportRow(
            [
                Cell.Of(snapshot.CustomerId),
                Cell.Of(snapshot.CustomerName),
                Cell.Of(string.Join(';', snapshot.Hold.Codes)),
                Cell.Of(snapshot.Currency),
                MoneyOrEmpty(snapshot.Exposure.IsEvaluable ? snapshot.Exposure.Total : null, snapshot.Currency),
                Limit(snapshot.CreditLimit, snapshot.Currency),
                MoneyOrEmpty(snapshot.AvailableCredit, snapshot.Currency),
                Cell.Money(snapshot.Hold.Overdue.OverdueAmount, snapshot.Currency),
                Cell.Integer(snapshot.Hold.Overdue.OldestOverdueDays),
                Cell.Of(snapshot.Collector.Name),
                Cell.Of(snapshot.HoldMessage),
            ]));
        }

        return new Report
        {
            Title = $"Credit holds as of {evaluation.AsOf:yyyy-MM-dd}: {onHold.Count} of {evaluation.Snapshots.Count} customers on hold",
            Sections = [new ReportSection(null, columns, rows)],
            Notes = [.. notEvaluable.Select(static r => $"Not evaluable: {r}")],
            Json = HoldsJson.From(evaluation, onHold, notEvaluable),
        };
    }

    /// <summary>The credit limit: "no limit" in a table, empty in csv and null in json (never 0.00, which means "no credit").</summary>
    internal static Cell Limit(decimal? limit, string currency) => limit is { } value ? Cell.Money(value, currency) : Cell.Of(null) with { Shown = "no limit" };

    /// <summary>Money, or an empty cell when there is no figure (not evaluable).</summary>
    internal static Cell MoneyOrEmpty(decimal? amount, string currency) => amount is { } value ? Cell.Money(value, currency) : Cell.Of(null);
}
