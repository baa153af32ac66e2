using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;

namespace Connector.Domain.Allowance;

/// <summary>
/// The aging method: <c>target = Σ_bucket open_bucket × rate_bucket</c>, and the adjusting entry
/// <c>target − current balance</c>.
/// </summary>
/// <remarks>
/// Bucket amounts are the aging report's company-currency totals, so credit memos reduce the bucket
/// they age into. A bucket (or its disputed or undisputed part) that nets to a credit is taken as 0,
/// not as a negative allowance: a customer's credit balance carries no collection risk, and letting it
/// offset other customers' overdue invoices would understate the reserve. Such lines are marked
/// <see cref="AllowanceBucketLine.Floored"/>.
/// </remarks>
public static class AllowanceCalculator
{
    public const string BadDebtExpense = "Bad-debt expense";
    public const string AllowanceAccount = "Allowance for doubtful accounts";

    /// <summary>
    /// Computes the allowance from <paramref name="report"/> (aged with the same ledger and rates).
    /// The ledger is read only when disputed items carry their own rate, to split each bucket.
    /// </summary>
    /// <exception cref="ArgumentException">The policy does not give one rate per bucket of the report (validate policies at start).</exception>
    public static AllowanceReport Compute(AgingReport report, AllowancePolicy policy, ArLedger ledger, RatesAsOf rates)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(rates);
        var buckets = report.Buckets;
        var bucketRates = policy.BucketRatesPercent;
        if (bucketRates is null || bucketRates.Length != buckets.Count)
        {
            throw new ArgumentException(
                $"{AllowancePolicy.SectionName}:{nameof(AllowancePolicy.BucketRatesPercent)} must list {buckets.Count} rates, one per aging bucket ({string.Join(", ", buckets.Labels)}).",
                nameof(policy));
        }

        var disputed = policy.DisputedRatePercent is null
            ? new decimal[buckets.Count]
            : DisputedPerBucket(report, ledger, rates);

        var lines = new AllowanceBucketLine[buckets.Count];
        decimal target = 0m;
        for (var i = 0; i < buckets.Count; i++)
        {
            var open = report.Total.Buckets[i];
            var undisputed = open - disputed[i];
            var allowance = BucketAllowance(undisputed, bucketRates[i]);
            var floored = undisputed < 0m;
            if (policy.DisputedRatePercent is { } disputedRate)
            {
                allowance += BucketAllowance(disputed[i], disputedRate);
                floored |= disputed[i] < 0m;
            }

            target += allowance;
            lines[i] = new AllowanceBucketLine
            {
                Key = buckets.Keys[i],
                Label = buckets.Labels[i],
                Open = open,
                Disputed = disputed[i],
                RatePercent = bucketRates[i],
                DisputedRatePercent = policy.DisputedRatePercent,
                Allowance = allowance,
                Floored = floored,
            };
        }

        return new AllowanceReport
        {
            AsOf = report.AsOf,
            Currency = rates.CompanyCurrency,
            Buckets = lines,
            Target = target,
            CurrentBalance = policy.CurrentBalance,
            Adjustment = Adjust(target, policy.CurrentBalance, rates.CompanyCurrency),
            LeftOut = LeftOut(report, rates),
        };
    }

    /// <summary>A bucket's allowance: its amount at the rate, a bucket that nets to a credit taken as 0.</summary>
    public static decimal BucketAllowance(decimal open, decimal ratePercent) => Math.Max(0m, open) * ratePercent / 100m;

    /// <summary>
    /// The target of one set of bucket amounts at the bucket rates, without the disputed split (a customer's trend from its
    /// daily snapshots, which keep buckets but not their disputed part); <c>null</c> when the rates do not match the buckets.
    /// </summary>
    public static decimal? TargetOf(IReadOnlyList<decimal> buckets, AllowancePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.BucketRatesPercent is not { } rates || rates.Length != buckets.Count)
        {
            return null;
        }

        var target = 0m;
        for (var i = 0; i < buckets.Count; i++)
        {
            target += BucketAllowance(buckets[i], rates[i]);
        }

        return target;
    }

    /// <summary>The entry that moves the allowance from <paramref name="current"/> to <paramref name="target"/>.</summary>
    public static AllowanceAdjustment Adjust(decimal target, decimal current, string currency)
    {
        var amount = target - current;
        var shown = CurrencyUnits.Round(amount, currency);
        var figures = $"target {CurrencyUnits.Format(target, currency)} − balance {CurrencyUnits.Format(current, currency)}";
        if (shown == 0m)
        {
            return new AllowanceAdjustment
            {
                Amount = amount,
                Direction = AdjustmentDirection.None,
                DebitAccount = "",
                CreditAccount = "",
                Explanation = $"No entry: {figures} = {CurrencyUnits.Format(0m, currency)}.",
            };
        }

        return amount > 0m
            ? new AllowanceAdjustment
            {
                Amount = amount,
                Direction = AdjustmentDirection.Increase,
                DebitAccount = BadDebtExpense,
                CreditAccount = AllowanceAccount,
                Explanation = $"Dr {BadDebtExpense} / Cr {AllowanceAccount} {CurrencyUnits.Format(amount, currency)} ({figures}).",
            }
            : new AllowanceAdjustment
            {
                Amount = amount,
                Direction = AdjustmentDirection.Release,
                DebitAccount = AllowanceAccount,
                CreditAccount = BadDebtExpense,
                Explanation = $"Release: Dr {AllowanceAccount} / Cr {BadDebtExpense} {CurrencyUnits.Format(-amount, currency)} ({figures}).",
            };
    }

    /// <summary>
    /// The aging line carries a disputed total but not its split by bucket, so this pass re-ages the
    /// disputed open items of exactly the customers the report's total includes, converted the same way
    /// (item → credit currency → company currency).
    /// </summary>
    private static decimal[] DisputedPerBucket(AgingReport report, ArLedger ledger, RatesAsOf rates)
    {
        var result = new decimal[report.Buckets.Count];
        var asOf = report.AsOf;
        foreach (var line in report.Lines)
        {
            if (line.Disputed == 0m || !line.IsEvaluable || !rates.TryGetRate(line.Currency, out var rate))
            {
                continue;
            }

            var account = ledger.Find(line.CustomerId);
            if (account is null)
            {
                continue;
            }

            var toCompany = string.Equals(line.Currency, rates.CompanyCurrency, StringComparison.OrdinalIgnoreCase) ? 1m : rate;
            foreach (var item in account.OpenItems)
            {
                if (!item.Disputed || item.DocumentDate > asOf
                    || !rates.TryConvert(item.OpenAmount, item.Currency, line.Currency, out var open, out _))
                {
                    continue;
                }

                var days = AgingCalculator.DaysPastDue(item, report.Basis, asOf);
                result[report.Buckets.IndexOf(days)] += open * toCompany;
            }
        }

        return result;
    }

    private static List<string> LeftOut(AgingReport report, RatesAsOf rates)
    {
        var leftOut = new List<string>();
        foreach (var line in report.Lines)
        {
            if (!line.IsEvaluable)
            {
                leftOut.Add(line.NotEvaluableReason!);
            }
            else if (!rates.TryGetRate(line.Currency, out _))
            {
                leftOut.Add($"customer {line.CustomerId}: {rates.MissingRate(line.Currency)}");
            }
        }

        return leftOut;
    }
}
