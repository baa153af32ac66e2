using System.Globalization;
using Connector.Worker.Output;

namespace Connector.Worker.Trend;

/// <summary>
/// A trend as a report: the figures per day, the aging one row per day and bucket (long, so a spreadsheet pivots it),
/// and, for the html page, the charts of each.
/// </summary>
public static class TrendReport
{
    /// <summary>
    /// Sections <c>day, rebuilt, total_open, overdue, dso_simple, dso_countback, cei, percent_over_N, holds, allowance_target</c>
    /// and <c>day, rebuilt, bucket, amount</c>; amounts in the trend's currency, percentages in points.
    /// </summary>
    public static Report ToReport(Connector.Sync.History.Trend trend)
    {
        ArgumentNullException.ThrowIfNull(trend);
        var c = trend.Currency;
        var over = $"percent_over_{trend.OverDays}";
        var figures = new List<ReportRow>(trend.Points.Count);
        var aging = new List<ReportRow>(trend.Points.Count * trend.BucketKeys.Count);
        foreach (var p in trend.Points)
        {
            var rebuilt = Cell.Of(p.Rebuilt ? "yes" : "no");
            figures.Add(new(
            [
                Cell.Date(p.Day),
                rebuilt,
                Cell.Money(p.TotalOpen, c),
                Cell.Money(p.Overdue, c),
                Days(p.DsoSimple),
                Days(p.DsoCountback),
                Percent(p.Cei),
                Percent(p.PercentOver),
                Cell.Integer(p.Holds),
                p.AllowanceTarget is { } target ? Cell.Money(target, c) : Cell.Of(null),
            ]));
            for (var b = 0; b < trend.BucketKeys.Count && b < p.Buckets.Count; b++)
            {
                aging.Add(new([Cell.Date(p.Day), rebuilt, Cell.Of(trend.BucketKeys[b]), Cell.Money(p.Buckets[b], c)]));
            }
        }

        var who = trend.CustomerId is { } id ? $"customer {id}" : "portfolio";
        var span = trend.Points.Count == 0 ? "" : $" {trend.Points[0].Day:yyyy-MM-dd} … {trend.Points[^1].Day:yyyy-MM-dd}";
        return new Report
        {
            Title = $"Receivables trend, {who},{span} ({c})",
            Sections =
            [
                new ReportSection(
                    "Figures",
                    [
                        ReportColumn.Text("day", "Day"),
                        ReportColumn.Text("rebuilt", "Rebuilt"),
                        ReportColumn.Number("total_open", "Open AR"),
                        ReportColumn.Number("overdue", "Overdue"),
                        ReportColumn.Number("dso_simple", "DSO"),
                        ReportColumn.Number("dso_countback", "DSO countback"),
                        ReportColumn.Number("cei", "CEI"),
                        ReportColumn.Number(over, $"% > {trend.OverDays} days"),
                        ReportColumn.Number("holds", trend.CustomerId is null ? "On hold" : "On hold (1/0)"),
                        ReportColumn.Number("allowance_target", "Allowance target"),
                    ],
                    figures),
                new ReportSection(
                    "Aging by bucket",
                    [ReportColumn.Text("day", "Day"), ReportColumn.Text("rebuilt", "Rebuilt"), ReportColumn.Text("bucket", "Bucket"), ReportColumn.Number("amount", "Amount")],
                    aging),
            ],
            Notes = trend.Notes,
            Json = TrendJson.Of(trend),
            Charts = Charts(trend),
        };
    }

    private static List<ReportChart> Charts(Connector.Sync.History.Trend trend)
    {
        var days = trend.Points.Select(static p => p.Day).ToList();
        List<double?> Series(Func<Connector.Sync.History.TrendPoint, decimal?> figure) => [.. trend.Points.Select(p => figure(p) is { } v ? (double?)(double)v : null)];
        var buckets = new List<ChartSeries>(trend.BucketKeys.Count);
        for (var b = 0; b < trend.BucketKeys.Count; b++)
        {
            var index = b;
            buckets.Add(new ChartSeries(trend.BucketKeys[b], Series(p => index < p.Buckets.Count ? p.Buckets[index] : null)));
        }

        return
        [
            new ReportChart($"Aging by bucket ({trend.Currency})", trend.Currency, days, buckets),
            new ReportChart("DSO", "days", days, [new ChartSeries("DSO (simple)", Series(static p => p.DsoSimple)), new ChartSeries("DSO (countback)", Series(static p => p.DsoCountback))]),
            new ReportChart(
                $"CEI and % over {trend.OverDays} days",
                "%",
                days,
                [new ChartSeries("CEI", Series(static p => p.Cei)), new ChartSeries($"% > {trend.OverDays} days", Series(static p => p.PercentOver))]),
            new ReportChart("Customers on hold", "customers", days, [new ChartSeries("on hold", Series(static p => p.Holds))]),
            new ReportChart($"Allowance target ({trend.Currency})", trend.Currency, days, [new ChartSeries("allowance target", Series(static p => p.AllowanceTarget))]),
        ];
    }

    private static Cell Days(decimal? days) =>
        Cell.Of(days is { } d ? Math.Round(d, 2, MidpointRounding.ToEven).ToString("F2", CultureInfo.InvariantCulture) : null);

    private static Cell Percent(decimal? percent) => percent is { } p ? Cell.Percent(p / 100m) : Cell.Of(null);
}
