using Connector.Domain.Policies;

namespace Connector.Domain.Metrics;

/// <summary>Configuration section <c>Metrics</c>: the period the portfolio metrics cover.</summary>
[SettingsSection(SectionName)]
public sealed class MetricsPolicy
{
    public const string SectionName = "Metrics";

    /// <summary>Days in the period ending on the evaluation date (default 90, about a quarter).</summary>
    [SettingRange(1, 3650)]
    public int PeriodDays { get; set; } = 90;

    /// <summary>How many months the countback DSO walks back before it stops and says the figure is a lower bound.</summary>
    [SettingRange(1, 120)]
    public int CountbackMaxMonths { get; set; } = 24;

    /// <summary>Days past due above which AR counts in "% over N days" (default 90).</summary>
    [SettingRange(1, 3650)]
    public int OverDays { get; set; } = 90;
}
