using System.CommandLine;
using Connector.Domain.Allowance;
using Connector.Sync.Evaluation;
using Connector.Worker.Cli;
using Connector.Worker.Output;

namespace Connector.Worker.Allowance;

/// <summary>
/// <c>connector report allowance [--from DIR] [--as-of DATE] [--format table|csv|json|xlsx|html] [--out FILE]</c>: the allowance for
/// doubtful accounts by the aging method, per bucket, and the entry that brings the books to the target.
/// </summary>
public static class AllowanceReportCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var from = CommonOptions.From();
        var asOf = CommonOptions.AsOf();
        var format = CommonOptions.DocumentFormat();
        var output = CommonOptions.Out();
        var command = new Command("allowance", "Allowance for doubtful accounts per aging bucket, and the adjusting entry") { from, asOf, format, output };
        CommonOptions.RequireOutForXlsx(command, format, output);
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (await run.EvaluateAsync(run.GetValue(from), run.AsOf(asOf), cancellationToken) is not { } evaluation)
            {
                return ExitCodes.UserMustAct;
            }

            var report = Evaluate(evaluation, run.Policy<AllowancePolicy>());
            foreach (var reason in report.LeftOut)
            {
                run.Warn($"left out of the allowance: {reason}");
            }

            run.Write(ToReport(report), run.GetValue(format), run.GetValue(output));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The allowance rates applied to the evaluation's aging in the company currency.</summary>
    public static AllowanceReport Evaluate(LedgerEvaluation evaluation, AllowancePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return AllowanceCalculator.Compute(evaluation.Aging, policy, evaluation.Ledger, evaluation.Rates);
    }

    /// <summary>
    /// Two sections: per bucket <c>bucket, open, disputed, rate_percent, disputed_rate_percent, allowance</c> with a
    /// <c>TOTAL</c> row (its allowance is the target; the disputed columns are empty unless disputed items have their own rate); then the entry <c>target, current_balance, adjustment,
    /// debit_account, credit_account</c>. The entry's sentence is a note (table) and <c>adjustment.explanation</c> (json).
    /// </summary>
    public static Report ToReport(AllowanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var currency = report.Currency;
        var rows = new List<ReportRow>(report.Buckets.Count + 1);
        decimal open = 0m, disputed = 0m;
        var notes = new List<string> { report.Adjustment.Explanation };
        foreach (var line in report.Buckets)
        {
            open += line.Open;
            disputed += line.Disputed;
            rows.Add(new(
            [
                Cell.Of(line.Key),
                Cell.Of(line.Label),
                Cell.Money(line.Open, currency),
                line.DisputedRatePercent is null ? Cell.Of(null) : Cell.Money(line.Disputed, currency),
                Cell.Percent(line.RatePercent / 100m),
                line.DisputedRatePercent is { } rate ? Cell.Percent(rate / 100m) : Cell.Of(null),
                Cell.Money(line.Allowance, currency),
            ]));
            if (line.Floored)
            {
                notes.Add($"Bucket {line.Label} nets to a credit (credit memos outweigh invoices): its allowance is taken as 0, not negative.");
            }
        }

        var splitsDisputed = report.Buckets.Count > 0 && report.Buckets[0].DisputedRatePercent is not null;
        if (!splitsDisputed)
        {
            notes.Add($"Disputed items take their bucket's rate ({AllowancePolicy.SectionName}:{nameof(AllowancePolicy.DisputedRatePercent)} is not set), so they are not shown apart.");
        }

        rows.Add(new([Cell.Of("TOTAL"), Cell.Of("Target"), Cell.Money(open, currency), splitsDisputed ? Cell.Money(disputed, currency) : Cell.Of(null), Cell.Of(null), Cell.Of(null), Cell.Money(report.Target, currency)], IsTotal: true));
        notes.AddRange(report.LeftOut.Select(static reason => $"Left out: {reason}"));

        var adjustment = report.Adjustment;
        return new Report
        {
            Title = $"Allowance for doubtful accounts as of {report.AsOf:yyyy-MM-dd} (aging method, {currency})",
            Sections =
            [
                new ReportSection(
                    null,
                    [
                        ReportColumn.Text("bucket", "Key") with { MachineOnly = true },
                        ReportColumn.Text("label", "Bucket") with { TableOnly = true },
                        ReportColumn.Number("open", "Open"),
                        ReportColumn.Number("disputed", "Disputed"),
                        ReportColumn.Number("rate_percent", "Rate"),
                        ReportColumn.Number("disputed_rate_percent", "Disputed rate"),
                        ReportColumn.Number("allowance", "Allowance"),
                    ],
                    rows),
                new ReportSection(
                    "Adjusting entry",
                    [
                        ReportColumn.Number("target", "Target"),
                        ReportColumn.Number("current_balance", "Current balance"),
                        ReportColumn.Number("adjustment", "Adjustment"),
                        ReportColumn.Text("debit_account", "Debit"),
                        ReportColumn.Text("credit_account", "Credit"),
                    ],
                    [
                        new([
                            Cell.Money(report.Target, currency),
                            Cell.Money(report.CurrentBalance, currency),
                            Cell.Money(adjustment.Amount, currency),
                            Cell.Of(adjustment.DebitAccount),
                            Cell.Of(adjustment.CreditAccount),
                        ]),
                    ]),
            ],
            Notes = notes,
            Json = AllowanceJson.From(report),
        };
    }
}
