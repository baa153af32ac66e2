using Connector.Domain.Aging;
using Connector.Worker.Output;

namespace Connector.Worker.Aging;

/// <summary>The JSON form of the aging report: as_of, currency, buckets, lines, total, not_evaluable (the reasons customers are left out of the total).</summary>
internal sealed record AgingJson(
    DateOnly AsOf,
    string Currency,
    string Basis,
    IReadOnlyList<string> Buckets,
    IReadOnlyList<AgingJson.Line> Lines,
    AgingJson.Line Total,
    IReadOnlyList<string> NotEvaluable)
{
    public static AgingJson From(AgingReport report, IReadOnlyList<string> leftOutOfTotal) => new(
        report.AsOf,
        report.Total.Currency,
        report.Basis == AgingBasis.DueDate ? "due_date" : "document_date",
        report.Buckets.Keys,
        [.. report.Lines.Where(static l => l.IsEvaluable).Select(l => ToLine(l, report.Buckets))],
        ToLine(report.Total, report.Buckets),
        leftOutOfTotal);

    private static Line ToLine(AgingLine line, AgingBuckets buckets)
    {
        var amounts = new Dictionary<string, decimal>(buckets.Count, StringComparer.Ordinal);
        for (var i = 0; i < buckets.Count; i++)
        {
            amounts[buckets.Keys[i]] = Round(line.Buckets[i]);
        }

        return new Line(
            line.CustomerId,
            line.Currency,
            amounts,
            Round(line.TotalOpen),
            Round(line.Overdue),
            Round(line.Disputed),
            Round(line.Unapplied),
            Round(line.NetBalance),
            line.OldestOverdueDays);

        decimal Round(decimal amount) => MoneyJson.Round(amount, line.Currency);
    }

    internal sealed record Line(
        string CustomerId,
        string Currency,
        IReadOnlyDictionary<string, decimal> Buckets,
        decimal TotalOpen,
        decimal Overdue,
        decimal Disputed,
        decimal Unapplied,
        decimal NetBalance,
        int OldestOverdueDays);
}
