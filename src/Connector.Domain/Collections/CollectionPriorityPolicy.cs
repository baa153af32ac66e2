using Connector.Domain.Policies;

namespace Connector.Domain.Collections;

/// <summary>
/// Configuration section <c>Collections:Priority</c>: the parameters of
/// <c>score = overdue amount (company currency) × age weight × risk-class factor + broken-promise boost</c>
/// and the thresholds that turn a score into an importance.
/// </summary>
/// <remarks>
/// Weights and factors are dictionaries rather than arrays because the configuration binder merges
/// dictionary keys but appends to arrays: overriding one weight must not add a bucket.
/// </remarks>
[SettingsSection(CollectionsPolicy.SectionName + ":" + SectionName)]
public sealed class CollectionPriorityPolicy
{
    public const string SectionName = "Priority";

    /// <summary>
    /// Weight of the oldest undisputed overdue invoice's aging bucket, keyed like the aging columns
    /// (<c>current</c>, <c>d1_30</c>, …, <c>d121_plus</c>). The keys must cover every day without a gap.
    /// </summary>
    public Dictionary<string, decimal> AgeWeights { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["current"] = 0.5m,
        ["d1_30"] = 1.0m,
        ["d31_60"] = 1.5m,
        ["d61_90"] = 2.0m,
        ["d91_120"] = 3.0m,
        ["d121_plus"] = 4.0m,
    };

    /// <summary>Factor per risk class <c>A</c>–<c>D</c>: a riskier customer comes first for the same money.</summary>
    public Dictionary<string, decimal> RiskFactors { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["A"] = 0.8m,
        ["B"] = 1.0m,
        ["C"] = 1.25m,
        ["D"] = 1.5m,
    };

    /// <summary>Points added when the customer broke a promise-to-pay within <see cref="BrokenPromiseLookbackDays"/>.</summary>
    [SettingRange(0d, 1_000_000_000d)]
    public decimal BrokenPromiseBoost { get; set; } = 10_000m;

    /// <summary>How long a broken promise keeps boosting, counted from the end of its grace days.</summary>
    [SettingRange(0, 3650)]
    public int BrokenPromiseLookbackDays { get; set; } = 90;

    /// <summary>Score at or above which a case is high importance.</summary>
    public decimal HighThreshold { get; set; } = 50_000m;

    /// <summary>Score at or above which a case is normal importance (below it: low).</summary>
    [SettingRange(0d, 1_000_000_000_000d)]
    public decimal NormalThreshold { get; set; } = 5_000m;
}
