using Connector.Domain.Aging;
using Connector.Domain.Allowance;
using Connector.Worker.Demo;
using Connector.Worker.Output;

namespace Connector.Worker.Allowance;

/// <summary>The demo's allowance part: the target by bucket and the entry to post.</summary>
internal static class AllowanceDemoPart
{
    public static DemoSummary Summarize(DemoInput input)
    {
        var run = input.Run;
        var report = AllowanceReportCommand.Evaluate(input.Ledger, input.AsOf, input.Company, run.Policy<AgingPolicy>(), run.Policy<AllowancePolicy>());
        var currency = report.Currency;
        var rows = new List<ReportRow>(report.Buckets.Count + 3);
        foreach (var line in report.Buckets)
        {
            rows.Add(new([Cell.Of(line.Label), Cell.Money(line.Open, currency), Cell.Percent(line.RatePercent / 100m), Cell.Money(line.Allowance, currency)]));
        }

        rows.Add(new([Cell.Of("Target"), Cell.Of(null), Cell.Of(null), Cell.Money(report.Target, currency)], IsTotal: true));

        return new DemoSummary(
            [
                new ReportSection(
                    $"Allowance (aging method), {currency}",
                    [ReportColumn.Text("bucket", "Bucket"), ReportColumn.Number("open", "Open"), ReportColumn.Number("rate", "Rate"), ReportColumn.Number("allowance", "Allowance")],
                    rows),
            ],
            ["Allowance: " + report.Adjustment.Explanation, .. report.LeftOut.Select(static r => $"Allowance: left out: {r}")]);
    }
}
