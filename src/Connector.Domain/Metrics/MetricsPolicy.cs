using Connector.Domain.Policies;

namespace Connector.Domain.Metrics;

/// <summary>Configuration section <c>Metrics</c>: the period the portfolio metrics cover.</summary>
public sealed class MetricsPolicy
{
    public const string SectionName = "Metrics";

    /// <summary>Days in the period ending on the evaluation date (default 90, about a quarter).</summary>
    public int PeriodDays { get; set; } = 90;

    /// <summary>How many months the countback DSO walks back before it stops and says the figure is a lower bound.</summary>
    public int CountbackMaxMonths { get; set; } = 24;

    /// <summary>Days past due above which AR counts in "% over N days" (default 90).</summary>
    public int OverDays { get; set; } = 90;

    public IReadOnlyList<string> Validate()
    {
        var errors = new PolicyErrors(SectionName);
        errors.Range(nameof(PeriodDays), PeriodDays, 1, 3650);
        errors.Range(nameof(CountbackMaxMonths), CountbackMaxMonths, 1, 120);
        errors.Range(nameof(OverDays), OverDays, 1, 3650);
        return errors.Errors;
    }
}
