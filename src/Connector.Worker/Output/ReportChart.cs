namespace Connector.Worker.Output;

/// <summary>
/// A line chart a report carries for its html form: one x value per day, one line per series (a missing figure is a gap).
/// The other formats leave charts out; their figures are in the sections.
/// </summary>
public sealed record ReportChart(string Title, string YLabel, IReadOnlyList<DateOnly> Days, IReadOnlyList<ChartSeries> Series);

/// <summary>One line of a chart: its name in the legend and a value per day (<c>null</c>: no figure that day).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);
