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

    /// <summary>Month-ends a backfill rebuilds from the ledger's history, latest first (0: none).</summary>
    [SettingRange(0, 120)]
    public int BackfillMonths { get; set; } = 24;

    /// <summary>
    /// A first run rebuilds the past month-ends by itself only for a ledger of at most this many customers (about 0.15 ms per
    /// customer and month-end: 5,000 customers × 24 month-ends ≈ 18 s, once); a larger one is told to run
    /// <c>connector history backfill</c>, which takes as long as it needs outside the cycle (decision 116). 0: never by itself.
    /// </summary>
    [SettingRange(0, 100_000_000)]
    public int FirstRunBackfillMaxCustomers { get; set; } = 5_000;
}
