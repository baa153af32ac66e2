using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Worker.Demo;
using Connector.Worker.Output;

namespace Connector.Worker.Aging;

/// <summary>The demo's aging part: the company total by bucket and the largest overdue balances.</summary>
internal static class AgingDemoPart
{
    private const int Largest = 5;

    public static DemoSummary Summarize(DemoInput input)
    {
        var report = AgingReportCommand.Evaluate(input.Ledger, input.AsOf, input.Company, input.Run.Policy<AgingPolicy>());
        var total = report.Total;
        var currency = total.Currency;

        var buckets = new List<ReportRow>(report.Buckets.Count + 1);
        for (var i = 0; i < report.Buckets.Count; i++)
        {
            buckets.Add(new([Cell.Of(report.Buckets.Labels[i]), Cell.Money(total.Buckets[i], currency), Cell.Percent(Share(total.Buckets[i], total.TotalOpen))]));
        }

        buckets.Add(new([Cell.Of("Total open"), Cell.Money(total.TotalOpen, currency), Cell.Percent(total.TotalOpen == 0m ? 0m : 1m)], IsTotal: true));

        var rates = input.Ledger.RatesOn(input.Company.Currency, input.AsOf);
        var overdue = new List<(AgingLine Line, decimal InCompany)>();
        foreach (var line in report.Lines)
        {
            if (line.IsEvaluable && line.Overdue > 0m && rates.TryConvert(line.Overdue, line.Currency, currency, out var converted, out _))
            {
                overdue.Add((line, converted));
            }
        }

        overdue.Sort(static (a, b) => b.InCompany.CompareTo(a.InCompany));
        var largest = overdue.Take(Largest)
            .Select(o => new ReportRow(
            [
                Cell.Of(o.Line.CustomerId),
                Cell.Of(input.Ledger.Find(o.Line.CustomerId)?.Customer.Name),
                Cell.Money(o.Line.Overdue, o.Line.Currency),
                Cell.Of(o.Line.Currency),
                Cell.Integer(o.Line.OldestOverdueDays),
            ]))
            .ToList();

        return new DemoSummary(
            [
                new ReportSection(
                    $"Aging as of {report.AsOf:yyyy-MM-dd} ({AgingReportCommand.Describe(report.Basis)}), {currency}",
                    [ReportColumn.Text("bucket", "Bucket"), ReportColumn.Number("amount", "Amount"), ReportColumn.Number("share", "Share")],
                    buckets),
                new ReportSection(
                    $"Largest overdue balances ({overdue.Count} customers overdue)",
                    [ReportColumn.Text("customer_id", "Customer"), ReportColumn.Text("name", "Name"), ReportColumn.Number("overdue", "Overdue"), ReportColumn.Text("currency", "Cur"), ReportColumn.Number("oldest_overdue_days", "Oldest (days)")],
                    largest),
            ],
            [.. AgingReportCommand.LeftOutOfTotal(report, input.Ledger, input.Company).Select(static r => $"Aging: left out of the total: {r}")]);
    }

    private static decimal Share(decimal part, decimal whole) => whole == 0m ? 0m : part / whole;
}
