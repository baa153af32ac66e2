using Connector.Domain.Metrics;
using Connector.Worker.Demo;
using Connector.Worker.Output;

namespace Connector.Worker.Metrics;

/// <summary>The demo's metrics part: the headline figures and the period they cover.</summary>
internal static class MetricsDemoPart
{
    public static DemoSummary Summarize(DemoInput input)
    {
        var metrics = MetricsReportCommand.Evaluate(input.Evaluation, input.Run.Policy<MetricsPolicy>());
        var report = MetricsReportCommand.ToReport(metrics, null, input.Evaluation.Ledger);
        var headline = report.Sections[0];

        // Name and value only: the demo is for reading, the "how" is in `report metrics`.
        var rows = headline.Rows.Select(static r => new ReportRow([r.Cells[1], r.Cells[2]])).ToList();
        return new DemoSummary(
            [
                new ReportSection(
                    $"Metrics {metrics.PeriodStart:yyyy-MM-dd} … {metrics.AsOf:yyyy-MM-dd} ({metrics.PeriodDays} days)",
                    [ReportColumn.Text("metric", "Metric"), ReportColumn.Number("value", "Value")],
                    rows),
            ],
            [.. metrics.Notes.Select(static n => "Metrics: " + n)]);
    }
}
