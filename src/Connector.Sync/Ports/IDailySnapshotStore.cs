namespace Connector.Sync.Ports;

/// <summary>
/// The daily snapshots the trend report reads (issue 20): one row per customer per day and one for the portfolio, written
/// by every cycle (replacing the day's rows) or rebuilt from the ledger's history for past month-ends.
/// </summary>
public interface IDailySnapshotStore
{
    /// <summary>
    /// A cycle's day: the day's rows are replaced by these, in one transaction, whatever was there (a rebuilt day too).
    /// A rebuilt day (<see cref="PortfolioDay.Rebuilt"/>) is written only when the store has no row for it: never over a real one.
    /// </summary>
    /// <returns>Whether the day was written (a rebuilt one may not be).</returns>
    Task<bool> WriteDailySnapshotAsync(PortfolioDay portfolio, IReadOnlyList<CustomerDay> customers, CancellationToken cancellationToken);

    /// <summary>Deletes the days before <paramref name="before"/>; returns the portfolio days deleted.</summary>
    Task<int> PruneDailySnapshotsAsync(DateOnly before, CancellationToken cancellationToken);

    /// <summary>The portfolio days between the dates (inclusive, either open), oldest first.</summary>
    Task<IReadOnlyList<PortfolioDay>> ReadPortfolioDaysAsync(DateOnly? first, DateOnly? last, CancellationToken cancellationToken);

    /// <summary>One customer's days between the dates (inclusive, either open), oldest first.</summary>
    Task<IReadOnlyList<CustomerDay>> ReadCustomerDaysAsync(string customerId, DateOnly? first, DateOnly? last, CancellationToken cancellationToken);

    /// <summary>Whether any day is stored (a first run backfills).</summary>
    Task<bool> HasDailySnapshotsAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The portfolio on one day, in the company currency: aging by bucket, the totals, holds, the metric inputs and figures
/// (as <c>report metrics</c> computes them) and the allowance target (as <c>report allowance</c>).
/// </summary>
public sealed record PortfolioDay
{
    public required DateOnly Day { get; init; }
    public required string Currency { get; init; }

    /// <summary>The bucket keys of the aging policy on that day (<c>current, 1_30, …</c>).</summary>
    public required IReadOnlyList<string> BucketKeys { get; init; }

    public required IReadOnlyList<decimal> Buckets { get; init; }
    public decimal TotalOpen { get; init; }
    public decimal Overdue { get; init; }
    public decimal Disputed { get; init; }

    /// <summary>Σ customers' exposure converted to the company currency.</summary>
    public decimal Exposure { get; init; }

    public int Customers { get; init; }
    public int OnHold { get; init; }
    public decimal BeginAr { get; init; }
    public decimal EndAr { get; init; }
    public decimal EndCurrentAr { get; init; }
    public decimal EndOverAr { get; init; }
    public decimal CreditSales { get; init; }
    public int PeriodDays { get; init; }
    public int OverDays { get; init; }
    public decimal? DsoSimple { get; init; }
    public decimal? DsoCountback { get; init; }
    public decimal? Cei { get; init; }
    public decimal? PercentOver { get; init; }
    public decimal AllowanceTarget { get; init; }

    /// <summary>Rebuilt from the ledger's history (a past month-end), not seen by a cycle on the day.</summary>
    public bool Rebuilt { get; init; }
}

/// <summary>One customer on one day, in its credit currency.</summary>
public sealed record CustomerDay
{
    public required DateOnly Day { get; init; }
    public required string CustomerId { get; init; }
    public required string Currency { get; init; }
    public required IReadOnlyList<decimal> Buckets { get; init; }
    public decimal TotalOpen { get; init; }
    public decimal Overdue { get; init; }
    public decimal Disputed { get; init; }
    public decimal Exposure { get; init; }

    /// <summary><c>null</c>: no limit check.</summary>
    public decimal? CreditLimit { get; init; }

    public bool OnHold { get; init; }

    /// <summary>The hold codes, comma-separated (empty when none fires).</summary>
    public string HoldCodes { get; init; } = string.Empty;

    public string RiskClass { get; init; } = string.Empty;
    public decimal BeginAr { get; init; }
    public decimal EndCurrentAr { get; init; }
    public decimal EndOverAr { get; init; }
    public decimal CreditSales { get; init; }

    /// <summary>The customer's own countback DSO (<c>null</c>: left out of the metrics).</summary>
    public decimal? DsoCountback { get; init; }

    public bool Rebuilt { get; init; }
}
