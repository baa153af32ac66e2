using Connector.Domain.Aging;
using Connector.Domain.Policies;

namespace Connector.Domain.Allowance;

/// <summary>
/// Configuration section <c>Allowance</c>: the loss rate per aging bucket, an optional rate for
/// disputed items, and the allowance balance now on the books (the starting point of the adjusting entry).
/// Rates are percentages (1 = 1 %), the way accountants write them.
/// </summary>
public sealed class AllowancePolicy
{
    public const string SectionName = "Allowance";

    /// <summary>
    /// Loss rate in percent per aging bucket, in bucket order (Current first). There must be exactly
    /// one rate per bucket of <c>Aging:Bounds</c> (bounds + 2). Defaults: Current 1, 1–30 3, 31–60 10,
    /// 61–90 25, 91–120 50, 121+ 75.
    /// </summary>
    public decimal[] BucketRatesPercent { get; set; } = [1m, 3m, 10m, 25m, 50m, 75m];

    /// <summary>
    /// Loss rate in percent for disputed items, whatever their age; <c>null</c> (the default) lets a
    /// disputed item take its bucket's rate.
    /// </summary>
    public decimal? DisputedRatePercent { get; set; }

    /// <summary>
    /// The allowance balance on the books today, in the company currency, as a positive credit
    /// balance. The proposed entry moves it to the target.
    /// </summary>
    public decimal CurrentBalance { get; set; }

    /// <summary>Checks the rates alone (0–100 %); use <see cref="Validate(AgingPolicy)"/> to also check them against the buckets.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new PolicyErrors(SectionName);
        if (BucketRatesPercent is null || BucketRatesPercent.Length == 0)
        {
            errors.Add(nameof(BucketRatesPercent), "must list one loss rate in percent per aging bucket, such as [1, 3, 10, 25, 50, 75]", BucketRatesPercent);
        }
        else
        {
            for (var i = 0; i < BucketRatesPercent.Length; i++)
            {
                errors.Range($"{nameof(BucketRatesPercent)}:{i}", BucketRatesPercent[i], 0m, 100m);
            }
        }

        if (DisputedRatePercent is { } disputed)
        {
            errors.Range(nameof(DisputedRatePercent), disputed, 0m, 100m);
        }

        return errors.Errors;
    }

    /// <summary>Also requires one rate per aging bucket of <paramref name="aging"/>.</summary>
    public IReadOnlyList<string> Validate(AgingPolicy aging)
    {
        ArgumentNullException.ThrowIfNull(aging);
        var errors = new PolicyErrors(SectionName);
        errors.Include(Validate());
        if (BucketRatesPercent is { Length: > 0 } && aging.Bounds is { Length: > 0 })
        {
            var buckets = new AgingBuckets(aging.Bounds);
            if (BucketRatesPercent.Length != buckets.Count)
            {
                errors.Add(
                    nameof(BucketRatesPercent),
                    $"must list {buckets.Count} rates, one per aging bucket of Aging:Bounds ({string.Join(", ", buckets.Labels)})",
                    BucketRatesPercent);
            }
        }

        return errors.Errors;
    }
}
