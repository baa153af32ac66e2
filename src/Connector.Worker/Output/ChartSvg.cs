using ScottPlot;

namespace Connector.Worker.Output;

/// <summary>
/// A <see cref="ReportChart"/> drawn by ScottPlot 5 as an SVG document (docs/decisions.md 97): dates along the bottom,
/// one line with markers per series, the legend when there is more than one. A day without a figure leaves the line out
/// at that day (the points either side are joined).
/// </summary>
internal static class ChartSvg
{
    public const int Width = 860;
    public const int Height = 320;

    public static string Draw(ReportChart chart)
    {
        using var plot = new Plot();
        plot.Title(chart.Title);
        plot.YLabel(chart.YLabel);
        var drawn = 0;
        foreach (var series in chart.Series)
        {
            var xs = new List<double>(chart.Days.Count);
            var ys = new List<double>(chart.Days.Count);
            for (var i = 0; i < chart.Days.Count && i < series.Values.Count; i++)
            {
                if (series.Values[i] is { } value && double.IsFinite(value))
                {
                    xs.Add(chart.Days[i].ToDateTime(TimeOnly.MinValue).ToOADate());
                    ys.Add(value);
                }
            }

            if (xs.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.LegendText = series.Name;
            line.MarkerSize = xs.Count == 1 ? 8 : 4;
            drawn++;
        }

        plot.Axes.DateTimeTicksBottom();
        if (drawn > 1)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        return plot.GetSvgXml(Width, Height);
    }

    /// <summary>The SVG without its XML declaration, ready to sit inside an html page.</summary>
    public static string Inline(ReportChart chart)
    {
        var svg = Draw(chart);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return start > 0 ? svg[start..] : svg;
    }
}
