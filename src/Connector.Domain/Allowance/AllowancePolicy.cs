using Connector.Domain.Policies;

namespace Connector.Domain.Allowance;

/// <summary>
/// Configuration section <c>Allowance</c>: the loss rate per aging bucket, an optional rate for
/// disputed items, and the allowance balance now on the books (the starting point of the adjusting entry).
/// Rates are percentages (1 = 1 %), the way accountants write them.
/// </summary>
[SettingsSection(SectionName)]
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
    [SettingRange(0d, 100d)]
    public decimal? DisputedRatePercent { get; set; }

    /// <summary>
    /// The allowance balance on the books today, in the company currency, as a positive credit
    /// balance. The proposed entry moves it to the target.
    /// </summary>
    public decimal CurrentBalance { get; set; }
}
