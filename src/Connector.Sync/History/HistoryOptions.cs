using Connector.Domain.Policies;

namespace Connector.Sync.History;

/// <summary>Configuration section <c>History</c>: how long the daily snapshots the trend report reads are kept.</summary>
[SettingsSection(SectionName)]
public sealed class HistoryOptions
{
    public const string SectionName = "History";

    /// <summary>Days of daily snapshots kept (default 800, two years and a quarter: a year-on-year trend); older ones are deleted each cycle.</summary>
    [SettingRange(1, 36_500)]
    public int RetentionDays { get; set; } = 800;

    /// <summary>Month-ends a first run rebuilds from the ledger's history, latest first (0: none).</summary>
    [SettingRange(0, 120)]
    public int BackfillMonths { get; set; } = 24;
}
