using Connector.Domain.Allowance;
using Connector.Domain.Metrics;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;

namespace Connector.Sync.History;

/// <summary>
/// Turns one evaluation into its day's snapshot: per customer the aging, exposure, limit, hold and risk class the
/// evaluation decided and the metric inputs; for the portfolio the company totals, the metrics exactly as
/// <c>report metrics</c> computes them and the allowance target as <c>report allowance</c> does. Nothing is computed
/// here that those do not already compute; this only picks the figures to keep.
/// </summary>
public static class DailySnapshotBuilder
{
    /// <summary>Amounts and figures are kept to this many decimals (the money's minor units are at most 4).</summary>
    private const int Decimals = 4;

    public static (PortfolioDay Portfolio, IReadOnlyList<CustomerDay> Customers) Build(
        LedgerEvaluation evaluation, MetricsPolicy metricsPolicy, AllowancePolicy allowancePolicy, bool rebuilt = false)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(metricsPolicy);
        ArgumentNullException.ThrowIfNull(allowancePolicy);
        var day = evaluation.AsOf;
        var rates = evaluation.Rates;
        var inputs = new Dictionary<string, (CustomerMetricInputs Inputs, decimal? Countback)>(evaluation.Ledger.Accounts.Count, StringComparer.Ordinal);
        var metrics = MetricsCalculator.Compute(evaluation.Ledger, metricsPolicy, rates, (account, figures, countback) => inputs[account.Id] = (figures, countback));
        var allowance = AllowanceCalculator.Compute(evaluation.Aging, allowancePolicy, evaluation.Ledger, rates);

        var accounts = evaluation.Ledger.Accounts;
        var lines = evaluation.Aging.Lines;
        var snapshots = evaluation.Credit.Snapshots;
        var summaries = evaluation.Portfolio.Collections;
        var customers = new List<CustomerDay>(lines.Count);
        var exposure = 0m;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var id = line.CustomerId;
            var snapshot = i < snapshots.Count && snapshots[i].CustomerId == id ? snapshots[i] : evaluation.Credit.Find(id);
            var risk = i < accounts.Count && i < summaries.Count && accounts[i].Id == id ? summaries[i].RiskClass.ToString() : string.Empty;
            inputs.TryGetValue(id, out var own);
            var customerExposure = snapshot?.Exposure.Total ?? line.TotalOpen;
            if (snapshot?.Exposure.IsEvaluable != false && rates.TryConvert(customerExposure, line.Currency, rates.CompanyCurrency, out var converted, out _))
            {
                exposure += converted;
            }

            customers.Add(new CustomerDay
            {
                Day = day,
                CustomerId = id,
                Currency = line.Currency,
                Buckets = Round(line.Buckets),
                TotalOpen = Round(line.TotalOpen),
                Overdue = Round(line.Overdue),
                Disputed = Round(line.Disputed),
                Exposure = Round(customerExposure),
                CreditLimit = snapshot?.CreditLimit,
                OnHold = snapshot?.Hold.OnHold ?? false,
                HoldCodes = snapshot is null ? string.Empty : string.Join(',', snapshot.Hold.Codes),
                RiskClass = risk,
                BeginAr = Round(own.Inputs?.BeginAr ?? 0m),
                EndCurrentAr = Round(own.Inputs?.EndCurrentAr ?? 0m),
                EndOverAr = Round(own.Inputs?.EndOverAr ?? 0m),
                CreditSales = Round(own.Inputs?.CreditSales ?? 0m),
                DsoCountback = own.Inputs is null ? null : Round(own.Countback),
                Rebuilt = rebuilt,
            });
        }

        var total = evaluation.Aging.Total;
        var portfolio = new PortfolioDay
        {
            Day = day,
            Currency = rates.CompanyCurrency,
            BucketKeys = [.. evaluation.Aging.Buckets.Keys],
            Buckets = Round(total.Buckets),
            TotalOpen = Round(total.TotalOpen),
            Overdue = Round(total.Overdue),
            Disputed = Round(total.Disputed),
            Exposure = Round(exposure),
            Customers = lines.Count,
            OnHold = evaluation.Portfolio.CustomersOnHold,
            BeginAr = Round(metrics.BeginAr),
            EndAr = Round(metrics.EndAr),
            EndCurrentAr = Round(metrics.EndCurrentAr),
            EndOverAr = Round(metrics.EndOverAr),
            CreditSales = Round(metrics.CreditSales),
            PeriodDays = metrics.PeriodDays,
            OverDays = metrics.OverDays,
            DsoSimple = Round(metrics.DsoSimple),
            DsoCountback = Round(metrics.DsoCountback),
            Cei = Round(metrics.CollectionEffectivenessIndex),
            PercentOver = Round(metrics.PercentOver),
            AllowanceTarget = Round(allowance.Target),
            Rebuilt = rebuilt,
        };
        return (portfolio, customers);
    }

    private static decimal Round(decimal value) => Math.Round(value, Decimals, MidpointRounding.ToEven);

    private static decimal? Round(decimal? value) => value is { } v ? Round(v) : null;

    private static decimal[] Round(decimal[] values)
    {
        var rounded = new decimal[values.Length];
        for (var i = 0; i < rounded.Length; i++)
        {
            rounded[i] = Round(values[i]);
        }

        return rounded;
    }
}
