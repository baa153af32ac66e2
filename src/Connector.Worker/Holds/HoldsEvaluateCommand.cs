using System.CommandLine;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Policies;
using Connector.Worker.Cli;
using Connector.Worker.Output;

namespace Connector.Worker.Holds;

/// <summary>
/// <c>connector holds evaluate --from DIR [--as-of DATE] [--format table|csv|json]</c>: the customers on
/// credit hold with their codes, the figures behind them, the hold sentence and whom to contact.
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
            if (await run.LoadLedgerAsync(run.GetValue(from), cancellationToken) is not { } ledger)
            {
                return ExitCodes.UserMustAct;
            }

            var evaluation = Evaluate(ledger, run.AsOf(asOf), run.Policy<CompanyPolicy>(), run.Policy<CreditPolicy>(), run.Policy<CollectionsPolicy>());
            var notEvaluable = NotEvaluable(evaluation);
            foreach (var reason in notEvaluable)
            {
                run.Warn($"not evaluable: {reason}");
            }

            run.Write(ToReport(evaluation, notEvaluable), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Exposure and the hold rules for every customer, at the rates of <paramref name="asOf"/>. A customer the ERP
    /// left without a collector gets the one its collection case is assigned to, so the hold sentence names them.
    /// </summary>
    public static CreditEvaluation Evaluate(ArLedger ledger, DateOnly asOf, CompanyPolicy company, CreditPolicy policy, CollectionsPolicy collections)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(company);
        var rates = ledger.RatesOn(company.Currency, asOf);
        var withContacts = ledger.WithAssignedCollectors(CollectionPlanner.Plan(ledger, collections, rates));
        return CreditEvaluator.Evaluate(withContacts, rates, policy);
    }

    /// <summary>"customer C5: no CHF rate …", one line per customer whose credit figures are incomplete.</summary>
    public static IReadOnlyList<string> NotEvaluable(CreditEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var reasons = new List<string>();
        foreach (var snapshot in evaluation.Snapshots)
        {
            var reason = snapshot.Hold.NotEvaluableReason ?? snapshot.Exposure.NotEvaluableReason;
            if (reason is not null)
            {
                reasons.Add(reason.StartsWith("customer ", StringComparison.Ordinal) ? reason : $"customer {snapshot.CustomerId}: {reason}");
            }
        }

        return reasons;
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
            ReportColumn.Number("credit_limit", "Limit"),
            ReportColumn.Number("available_credit", "Available"),
            ReportColumn.Number("overdue_amount", "Overdue"),
            ReportColumn.Number("oldest_overdue_days", "Oldest (days)"),
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
                MoneyOrEmpty(snapshot.CreditLimit, snapshot.Currency),
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

    /// <summary>Money, or an empty cell when there is no figure (no limit, or not evaluable).</summary>
    internal static Cell MoneyOrEmpty(decimal? amount, string currency) => amount is { } value ? Cell.Money(value, currency) : Cell.Of(null);
}
