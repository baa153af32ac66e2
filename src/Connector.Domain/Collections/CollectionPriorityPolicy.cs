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
    public decimal BrokenPromiseBoost { get; set; } = 10_000m;

    /// <summary>How long a broken promise keeps boosting, counted from the end of its grace days.</summary>
    public int BrokenPromiseLookbackDays { get; set; } = 90;

    /// <summary>Score at or above which a case is high importance.</summary>
    public decimal HighThreshold { get; set; } = 50_000m;

    /// <summary>Score at or above which a case is normal importance (below it: low).</summary>
    public decimal NormalThreshold { get; set; } = 5_000m;

    public IReadOnlyList<string> Validate(string parentSection)
    {
        var errors = new PolicyErrors(parentSection + ":" + SectionName);
        string? why = null;
        if (AgeWeights is null || !AgeBands.TryParse(AgeWeights, out _, out why))
        {
            errors.Add(nameof(AgeWeights), why ?? "is required", AgeWeights?.Keys.Order(StringComparer.Ordinal));
        }
        else
        {
            foreach (var (key, weight) in AgeWeights)
            {
                if (weight < 0m)
                {
                    errors.Add($"{nameof(AgeWeights)}:{key}", "must not be negative", weight);
                }
            }
        }

        foreach (var risk in new[] { "A", "B", "C", "D" })
        {
            if (RiskFactors is null || !RiskFactors.TryGetValue(risk, out var factor))
            {
                errors.Add($"{nameof(RiskFactors)}:{risk}", "is required (a factor for each risk class A, B, C and D)", null);
            }
            else if (factor <= 0m)
            {
                errors.Add($"{nameof(RiskFactors)}:{risk}", "must be greater than 0", factor);
            }
        }

        foreach (var key in RiskFactors?.Keys ?? (IEnumerable<string>)[])
        {
            if (key.Length != 1 || key[0] is < 'A' or > 'D' and < 'a' or > 'd')
            {
                errors.Add($"{nameof(RiskFactors)}:{key}", "is not a risk class; use A, B, C or D", key);
            }
        }

        errors.Range(nameof(BrokenPromiseBoost), BrokenPromiseBoost, 0m, 1_000_000_000m);
        errors.Range(nameof(BrokenPromiseLookbackDays), BrokenPromiseLookbackDays, 0, 3650);
        errors.Range(nameof(NormalThreshold), NormalThreshold, 0m, 1_000_000_000_000m);
        if (HighThreshold <= NormalThreshold)
        {
            errors.Add(nameof(HighThreshold), $"must be greater than {errors.Path(nameof(NormalThreshold))} ({NormalThreshold})", HighThreshold);
        }

        return errors.Errors;
    }
}
