using Connector.Domain.Allowance;
using Connector.Domain.Metrics;
using Connector.Sync.Ports;
using Microsoft.Extensions.Options;

namespace Connector.Sync.History;

/// <summary>One day of the trend, in <see cref="Trend.Currency"/>: aging by bucket, the metrics, holds and the allowance target.</summary>
public sealed record TrendPoint
{
    public required DateOnly Day { get; init; }

    /// <summary>Rebuilt from the ledger's history (a past month-end) rather than kept by a cycle that day.</summary>
    public bool Rebuilt { get; init; }

    /// <summary>Open amounts per bucket, in <see cref="Trend.BucketKeys"/> order.</summary>
    public required IReadOnlyList<decimal> Buckets { get; init; }

    public decimal TotalOpen { get; init; }
    public decimal Overdue { get; init; }
    public decimal? DsoSimple { get; init; }
    public decimal? DsoCountback { get; init; }
    public decimal? Cei { get; init; }

    /// <summary>% of AR more than <see cref="Trend.OverDays"/> days past due.</summary>
    public decimal? PercentOver { get; init; }

    /// <summary>Customers on hold (for one customer: 1 when on hold).</summary>
    public int Holds { get; init; }

    public decimal? AllowanceTarget { get; init; }
}

/// <summary>The trend of the portfolio or of one customer between two dates, oldest day first.</summary>
public sealed record Trend
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }

    /// <summary><c>null</c>: the portfolio.</summary>
    public string? CustomerId { get; init; }

    public required string Currency { get; init; }
    public required IReadOnlyList<string> BucketKeys { get; init; }
    public int OverDays { get; init; }
    public required IReadOnlyList<TrendPoint> Points { get; init; }

    /// <summary>Why some figures are missing or estimates, for people.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// The trend report use case (<c>connector report trend</c>): the daily snapshots the cycles kept, read back as a series.
/// The portfolio's figures are the ones each day's cycle computed; a customer's ratios are computed from its kept inputs
/// with the same formulas (<see cref="MetricsCalculator.Ratios"/>), its allowance target at the bucket rates without the
/// disputed split. Nothing is written.
/// </summary>
public sealed class TrendReader(IConnectorStoreFactory stores, IOptions<AllowancePolicy> allowance, IOptions<MetricsPolicy> metrics)
{
    /// <returns><c>null</c> when the store does not exist yet (no cycle has run).</returns>
    public async Task<Trend?> ReadAsync(DateOnly? from, DateOnly? to, string? customerId, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        if (store is null)
        {
            return null;
        }

        var portfolio = await store.ReadPortfolioDaysAsync(from, to, cancellationToken).ConfigureAwait(false);
        return customerId is null
            ? Portfolio(from, to, portfolio)
            : Customer(from, to, customerId, portfolio, await store.ReadCustomerDaysAsync(customerId, from, to, cancellationToken).ConfigureAwait(false));
    }

    public static Trend Portfolio(DateOnly? from, DateOnly? to, IReadOnlyList<PortfolioDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var last = days.Count > 0 ? days[^1] : null;
        return new Trend
        {
            From = from,
            To = to,
            Currency = last?.Currency ?? string.Empty,
            BucketKeys = last?.BucketKeys ?? [],
            OverDays = last?.OverDays ?? 0,
            Points = [.. days.Select(static d => new TrendPoint
            {
                Day = d.Day,
                Rebuilt = d.Rebuilt,
                Buckets = d.Buckets,
                TotalOpen = d.TotalOpen,
                Overdue = d.Overdue,
                DsoSimple = d.DsoSimple,
                DsoCountback = d.DsoCountback,
                Cei = d.Cei,
                PercentOver = d.PercentOver,
                Holds = d.OnHold,
                AllowanceTarget = d.AllowanceTarget,
            })],
            Notes = Notes(days.Any(static d => d.Rebuilt), customer: false),
        };
    }

    private Trend Customer(DateOnly? from, DateOnly? to, string customerId, IReadOnlyList<PortfolioDay> portfolio, IReadOnlyList<CustomerDay> days)
    {
        var periods = portfolio.ToDictionary(static p => p.Day, static p => p);
        var points = new List<TrendPoint>(days.Count);
        foreach (var d in days)
        {
            var periodDays = periods.TryGetValue(d.Day, out var p) ? p.PeriodDays : metrics.Value.PeriodDays;
            var ratios = MetricsCalculator.Ratios(new CustomerMetricInputs(d.BeginAr, d.TotalOpen, d.EndCurrentAr, d.EndOverAr, d.CreditSales), periodDays);
            points.Add(new TrendPoint
            {
                Day = d.Day,
                Rebuilt = d.Rebuilt,
                Buckets = d.Buckets,
                TotalOpen = d.TotalOpen,
                Overdue = d.Overdue,
                DsoSimple = ratios.DsoSimple,
                DsoCountback = d.DsoCountback,
                Cei = ratios.Cei,
                PercentOver = ratios.PercentOver,
                Holds = d.OnHold ? 1 : 0,
                AllowanceTarget = AllowanceCalculator.TargetOf(d.Buckets, allowance.Value),
            });
        }

        var last = portfolio.Count > 0 ? portfolio[^1] : null;
        return new Trend
        {
            From = from,
            To = to,
            CustomerId = customerId,
            Currency = days.Count > 0 ? days[^1].Currency : string.Empty,
            BucketKeys = last?.BucketKeys ?? [],
            OverDays = last?.OverDays ?? metrics.Value.OverDays,
            Points = points,
            Notes = Notes(days.Any(static d => d.Rebuilt), customer: true),
        };
    }

    private static List<string> Notes(bool rebuilt, bool customer)
    {
        var notes = new List<string>();
        if (rebuilt)
        {
            notes.Add("days marked rebuilt are past month-ends rebuilt from the ledger's history (payment dates estimated first in, first out; no holds or releases people set)");
        }

        if (customer)
        {
            notes.Add("a customer's allowance target applies the bucket rates without the disputed split");
        }

        return notes;
    }
}
