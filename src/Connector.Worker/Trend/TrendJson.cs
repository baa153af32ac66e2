using Connector.Worker.Output;

namespace Connector.Worker.Trend;

/// <summary>The json form of <c>report trend</c>: the series with each day's buckets by key; amounts rounded to the currency.</summary>
public sealed record TrendJson(
    DateOnly? From, DateOnly? To, string? CustomerId, string Currency, int OverDays, IReadOnlyList<string> BucketKeys, IReadOnlyList<TrendPointJson> Points, IReadOnlyList<string> Notes)
{
    public static TrendJson Of(Connector.Sync.History.Trend trend)
    {
        ArgumentNullException.ThrowIfNull(trend);
        var c = trend.Currency;
        return new TrendJson(
            trend.From,
            trend.To,
            trend.CustomerId,
            c,
            trend.OverDays,
            trend.BucketKeys,
            [.. trend.Points.Select(p => new TrendPointJson(
                p.Day,
                p.Rebuilt,
                trend.BucketKeys.Select((key, i) => (key, i)).Where(k => k.i < p.Buckets.Count).ToDictionary(static k => k.key, k => MoneyJson.Round(p.Buckets[k.i], c), StringComparer.Ordinal),
                MoneyJson.Round(p.TotalOpen, c),
                MoneyJson.Round(p.Overdue, c),
                Round(p.DsoSimple),
                Round(p.DsoCountback),
                Round(p.Cei),
                Round(p.PercentOver),
                p.Holds,
                p.AllowanceTarget is { } t ? MoneyJson.Round(t, c) : null))],
            trend.Notes);
    }

    private static decimal? Round(decimal? value) => value is { } v ? Math.Round(v, 2, MidpointRounding.ToEven) : null;
}

public sealed record TrendPointJson(
    DateOnly Day,
    bool Rebuilt,
    IReadOnlyDictionary<string, decimal> Buckets,
    decimal TotalOpen,
    decimal Overdue,
    decimal? DsoSimple,
    decimal? DsoCountback,
    decimal? Cei,
    decimal? PercentOver,
    int Holds,
    decimal? AllowanceTarget);
