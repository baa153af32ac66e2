using Connector.Domain.Allowance;
using Connector.Worker.Allowance;
using Connector.Worker.Demo;
using Connector.Worker.Output;

namespace Connector.Worker.Aging;

/// <summary>The demo's aging part: the company total by bucket beside the allowance each bucket calls for, and the entry to post.</summary>
internal static class AgingDemoPart
{
    public static DemoSummary Summarize(DemoInput input)
    {
        var evaluation = input.Evaluation;
        var report = evaluation.Aging;
        var allowance = AllowanceReportCommand.Evaluate(evaluation, input.Run.Policy<AllowancePolicy>());
        var total = report.Total;
        var currency = total.Currency;
        var rows = new List<ReportRow>(report.Buckets.Count + 1);
        for (var i = 0; i < report.Buckets.Count; i++)
        {
            var bucket = i < allowance.Buckets.Count ? allowance.Buckets[i] : null;
            rows.Add(new(
            [
                Cell.Of(report.Buckets.Labels[i]),
                Cell.Money(total.Buckets[i], currency),
                Cell.Percent(Share(total.Buckets[i], total.TotalOpen)),
                bucket is null ? Cell.Of(null) : Cell.Percent(bucket.RatePercent / 100m),
                bucket is null ? Cell.Of(null) : Cell.Money(bucket.Allowance, currency),
            ]));
        }

        rows.Add(new([Cell.Of("Total / target"), Cell.Money(total.TotalOpen, currency), Cell.Percent(total.TotalOpen == 0m ? 0m : 1m), Cell.Of(null), Cell.Money(allowance.Target, currency)], IsTotal: true));
        return new DemoSummary(
            [
                new ReportSection(
                    $"Aging and allowance as of {report.AsOf:yyyy-MM-dd} ({AgingReportCommand.Describe(report.Basis)}), {currency}",
                    [
                        ReportColumn.Text("bucket", "Bucket"),
                        ReportColumn.Number("amount", "Open"),
                        ReportColumn.Number("share", "Share"),
                        ReportColumn.Number("rate", "Loss rate"),
                        ReportColumn.Number("allowance", "Allowance"),
                    ],
                    rows),
            ],
            [
                "Allowance: " + allowance.Adjustment.Explanation,
                .. AgingReportCommand.LeftOutOfTotal(evaluation).Select(static r => $"Aging: left out of the total: {r}"),
                .. allowance.LeftOut.Select(static r => $"Allowance: left out: {r}"),
            ]);
    }

    private static decimal Share(decimal part, decimal whole) => whole == 0m ? 0m : part / whole;
}
