using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Worker.Demo;
using Connector.Worker.Output;

namespace Connector.Worker.Holds;

/// <summary>The demo's holds part: how many customers are on hold, by code, and the first few with their sentence.</summary>
internal static class HoldsDemoPart
{
    private const int Shown = 5;

    public static DemoSummary Summarize(DemoInput input)
    {
        var evaluation = HoldsEvaluateCommand.Evaluate(input.Ledger, input.AsOf, input.Company, input.Run.Policy<CreditPolicy>(), input.Run.Policy<CollectionsPolicy>());
        var onHold = evaluation.OnHold.ToList();
        var byCode = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var snapshot in onHold)
        {
            foreach (var code in snapshot.Hold.Codes)
            {
                byCode[code] = byCode.GetValueOrDefault(code) + 1;
            }
        }

        var counts = new List<ReportRow> { new([Cell.Of("on hold"), Cell.Integer(onHold.Count)]) };
        counts.AddRange(byCode.Select(static c => new ReportRow([Cell.Of("  " + c.Key), Cell.Integer(c.Value)])));
        counts.Add(new([Cell.Of("customers evaluated"), Cell.Integer(evaluation.Snapshots.Count)], IsTotal: true));

        // The largest overdue balances (in the company currency) first: the holds a credit manager looks at first.
        var top = onHold
            .OrderByDescending(s => OverdueInCompanyCurrency(s, input.Company.Currency))
            .ThenBy(static s => s.CustomerId, StringComparer.Ordinal)
            .Take(Shown)
            .Select(static s => new ReportRow([Cell.Of(s.CustomerId), Cell.Of(string.Join(", ", s.Hold.Codes)), Cell.Of(s.HoldMessage)]))
            .ToList();

        return new DemoSummary(
            [
                new ReportSection(
                    $"Credit holds ({onHold.Count} of {evaluation.Snapshots.Count} customers)",
                    [ReportColumn.Text("what", "Holds"), ReportColumn.Number("count", "Customers")],
                    counts),
                new ReportSection(
                    $"Customers on hold with the largest overdue balances (top {Shown})",
                    [ReportColumn.Text("customer_id", "Customer"), ReportColumn.Text("codes", "Codes"), ReportColumn.Text("message", "Hold sentence")],
                    top),
            ],
            [.. HoldsEvaluateCommand.NotEvaluable(evaluation).Select(static r => $"Holds: not evaluable: {r}")]);
    }

    /// <summary>The customer's overdue amount in the company currency; 0 when it cannot be converted.</summary>
    internal static decimal OverdueInCompanyCurrency(CustomerCreditSnapshot snapshot, string companyCurrency) =>
        snapshot.Rates.TryConvert(snapshot.Hold.Overdue.OverdueAmount, snapshot.Currency, companyCurrency, out var converted, out _) ? converted : 0m;
}
