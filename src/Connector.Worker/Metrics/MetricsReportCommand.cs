using System.CommandLine;
using System.Globalization;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Metrics;
using Connector.Domain.Profile;
using Connector.Sync.Evaluation;
using Connector.Worker.Cli;
using Connector.Worker.Output;

namespace Connector.Worker.Metrics;

/// <summary>
/// <c>connector report metrics [--from DIR] [--as-of DATE] [--customers] [--format table|csv|json|xlsx|html] [--out FILE]</c>: DSO (simple and
/// countback), best possible DSO, average days delinquent, CEI, % current and % over N days, with the period and
/// the inputs; with <c>--customers</c> (always in json) each customer's risk class, deciding factors and suggested limit.
/// </summary>
public static class MetricsReportCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var from = CommonOptions.From();
        var asOf = CommonOptions.AsOf();
        var format = CommonOptions.DocumentFormat();
        var output = CommonOptions.Out();
        var customers = new Option<bool>("--customers") { Description = "Add each customer's risk class, factors and suggested limit (always in json)" };
        var command = new Command("metrics", "DSO, best possible DSO, average days delinquent, CEI, % current and % over N days") { from, asOf, customers, format, output };
        CommonOptions.RequireOutForXlsx(command, format, output);
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (await run.EvaluateAsync(run.GetValue(from), run.AsOf(asOf), cancellationToken) is not { } evaluation)
            {
                return ExitCodes.UserMustAct;
            }

            var ledger = evaluation.Ledger;
            var metrics = Evaluate(evaluation, run.Policy<MetricsPolicy>());
            foreach (var leftOut in metrics.LeftOut)
            {
                run.Warn($"left out of the metrics: {leftOut.Reason}");
            }

            var chosen = run.GetValue(format);
            var profiles = run.GetValue(customers) || chosen == ReportFormat.Json
                ? Profiles(evaluation, run.Policy<RiskPolicy>())
                : null;
            run.Write(ToReport(metrics, profiles, ledger), chosen, run.GetValue(output));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static PortfolioMetrics Evaluate(LedgerEvaluation evaluation, MetricsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return MetricsCalculator.Compute(evaluation.Ledger, policy, evaluation.Rates);
    }

    public static IReadOnlyList<CustomerProfile> Profiles(LedgerEvaluation evaluation, RiskPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return CustomerProfiler.ProfileAll(evaluation.Ledger, policy, evaluation.Rates);
    }

    /// <summary>
    /// Sections <c>metric, value</c> (days with 2 decimals, percentages as numbers), <c>input, value</c>, and with
    /// profiles <c>customer_id, currency, risk_class, erp_risk_class, factors, suggested_limit, credit_limit</c>.
    /// </summary>
    public static Report ToReport(PortfolioMetrics metrics, IReadOnlyList<CustomerProfile>? profiles, ArLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var m = metrics;
        var c = m.Currency;
        var over = $"percent_over_{m.OverDays}";
        ReportRow Figure(string key, string name, Cell value, string how) => new([Cell.Of(key), Cell.Of(name), value, Cell.Of(how)]);
        var figures = new List<ReportRow>
        {
            Figure("dso_simple", "DSO (simple)", Days(m.DsoSimple), $"end AR {Money(m.EndAr, c)} / credit sales {Money(m.CreditSales, c)} × {m.PeriodDays} days"),
            Figure("dso_countback", "DSO (countback)", Days(m.DsoCountback), $"days of the latest {m.CountbackSteps.Count} month(s) of sales that make up end AR"),
            Figure("best_possible_dso", "Best possible DSO", Days(m.BestPossibleDso), $"current AR {Money(m.EndCurrentAr, c)} / credit sales × {m.PeriodDays} days"),
            Figure("average_days_delinquent", "Average days delinquent", Days(m.AverageDaysDelinquent), "DSO (simple) − best possible DSO"),
            Figure("cei", "Collection effectiveness index", Percent(m.CollectionEffectivenessIndex), "(begin AR + sales − end AR) / (begin AR + sales − current AR)"),
            Figure("percent_current", "% current", Percent(m.PercentCurrent), "current AR / end AR"),
            Figure(over, $"% > {m.OverDays} days", Percent(m.PercentOver), $"AR more than {m.OverDays} days past due {Money(m.EndOverAr, c)} / end AR"),
        };

        ReportRow Input(string key, string name, Cell value) => new([Cell.Of(key), Cell.Of(name), value]);
        var inputs = new List<ReportRow>
        {
            Input("period_start", "Period start", Cell.Date(m.PeriodStart)),
            Input("period_end", "Period end", Cell.Date(m.AsOf)),
            Input("period_days", "Days in period", Cell.Integer(m.PeriodDays)),
            Input("begin_ar", "Begin AR (estimated)", Cell.Money(m.BeginAr, c)),
            Input("end_ar", "End AR", Cell.Money(m.EndAr, c)),
            Input("end_current_ar", "End AR not yet due", Cell.Money(m.EndCurrentAr, c)),
            Input($"end_over_{m.OverDays}_ar", $"End AR > {m.OverDays} days past due", Cell.Money(m.EndOverAr, c)),
            Input("credit_sales", "Credit sales in period", Cell.Money(m.CreditSales, c)),
            Input("customers_included", "Customers included", Cell.Integer(m.CustomersIncluded)),
        };

        List<ReportSection> sections =
        [
            new ReportSection(
                null,
                [ReportColumn.Text("metric", "Key") with { MachineOnly = true }, ReportColumn.Text("name", "Metric") with { TableOnly = true }, ReportColumn.Number("value", "Value"), ReportColumn.Text("how", "How") with { TableOnly = true }],
                figures),
            new ReportSection(
                $"Inputs ({c})",
                [ReportColumn.Text("input", "Key") with { MachineOnly = true }, ReportColumn.Text("name", "Input") with { TableOnly = true }, ReportColumn.Number("value", "Value")],
                inputs),
        ];
        if (profiles is not null)
        {
            sections.Add(CustomerSection(profiles, ledger));
        }

        return new Report
        {
            Title = $"Receivable metrics as of {m.AsOf:yyyy-MM-dd}, period {m.PeriodStart:yyyy-MM-dd} … {m.AsOf:yyyy-MM-dd} ({m.PeriodDays} days), {c}",
            Sections = sections,
            Notes = [.. m.Notes.Select(static n => "Note: " + n), .. m.LeftOut.Select(static l => $"Left out: {l.Reason}")],
            Json = MetricsJson.From(m, profiles ?? []),
        };
    }

    /// <summary>"C: average days late 35.2, above 30; B: …": the factors above class A, worst first; "all factors A" otherwise.</summary>
    public static string DecidingFactors(CustomerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!profile.IsEvaluable)
        {
            return "not evaluable: " + profile.NotEvaluableReason;
        }

        var raised = profile.Factors.Where(static f => f.Class > RiskClass.A).OrderByDescending(static f => f.Class).Select(static f => $"{f.Class}: {f.Reason}").ToList();
        return raised.Count == 0 ? "all factors A" : string.Join("; ", raised);
    }

    private static ReportSection CustomerSection(IReadOnlyList<CustomerProfile> profiles, ArLedger ledger)
    {
        var rows = new List<ReportRow>(profiles.Count);
        foreach (var p in profiles)
        {
            rows.Add(new(
            [
                Cell.Of(p.CustomerId),
                Cell.Of(ledger.Find(p.CustomerId)?.Customer.Name),
                Cell.Of(p.Currency),
                Cell.Of(p.RiskClass.ToString()),
                Cell.Of(p.ErpRiskClass?.ToString()),
                Cell.Of(DecidingFactors(p)),
                p.SuggestedLimit is { } limit ? Cell.Money(limit, p.Currency) : Cell.Of(null),
                p.CreditLimit is { } current ? Cell.Money(current, p.Currency) : Cell.Of(null),
            ]));
        }

        return new ReportSection(
            "Customers: risk class and suggested credit limit (credit currency)",
            [
                ReportColumn.Text("customer_id", "Customer"),
                ReportColumn.Text("name", "Name") with { TableOnly = true },
                ReportColumn.Text("currency", "Cur"),
                ReportColumn.Text("risk_class", "Class"),
                ReportColumn.Text("erp_risk_class", "ERP"),
                ReportColumn.Text("factors", "Deciding factors"),
                ReportColumn.Number("suggested_limit", "Suggested limit"),
                ReportColumn.Number("credit_limit", "Limit now"),
            ],
            rows);
    }

    private static Cell Days(decimal? days) =>
        Cell.Of(days is { } d ? Math.Round(d, 2, MidpointRounding.ToEven).ToString("F2", CultureInfo.InvariantCulture) : null);

    private static Cell Percent(decimal? percent) => percent is { } p ? Cell.Percent(p / 100m) : Cell.Of(null);

    private static string Money(decimal amount, string currency) => CurrencyUnits.Format(amount, currency);
}
