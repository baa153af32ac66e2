using Connector.Domain.Credit;
using Connector.Worker.Demo;
using Connector.Worker.Output;

namespace Connector.Worker.Holds;

/// <summary>
/// The demo's holds part: how many customers are on hold, by code; and, when the demo did not push to Dynamics (whose
/// held accounts it then shows instead), the first few with their sentence.
/// </summary>
internal static class HoldsDemoPart
{
    private const int Shown = 5;

    public static DemoSummary Summarize(DemoInput input)
    {
        var evaluation = input.Evaluation.Credit;
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
        var sections = new List<ReportSection>
        {
            new($"Credit holds ({onHold.Count} of {evaluation.Snapshots.Count} customers)", [ReportColumn.Text("what", "Holds"), ReportColumn.Number("count", "Customers")], counts),
        };

        if (!input.Synced)
        {
            // The largest overdue balances (in the company currency) first: the holds a credit manager looks at first.
            var currency = input.Evaluation.Policies.Company.Currency;
            var top = onHold
                .OrderByDescending(s => OverdueInCompanyCurrency(s, currency))
                .ThenBy(static s => s.CustomerId, StringComparer.Ordinal)
                .Take(Shown)
                .Select(static s => new ReportRow([Cell.Of(s.CustomerId), Cell.Of(string.Join(", ", s.Hold.Codes)), Cell.Of(s.HoldMessage)]))
                .ToList();
            sections.Add(new(
                $"Customers on hold with the largest overdue balances (top {Shown})",
                [ReportColumn.Text("customer_id", "Customer"), ReportColumn.Text("codes", "Codes"), ReportColumn.Text("message", "Hold sentence")],
                top));
        }

        return new DemoSummary(sections, [.. input.Evaluation.NotEvaluable().Select(static r => $"Holds: not evaluable: {r}")]);
    }

    /// <summary>The customer's overdue amount in the company currency; 0 when it cannot be converted.</summary>
    internal static decimal OverdueInCompanyCurrency(CustomerCreditSnapshot snapshot, string companyCurrency) =>
        snapshot.Rates.TryConvert(snapshot.Hold.Overdue.OverdueAmount, snapshot.Currency, companyCurrency, out var converted, out _) ? converted : 0m;
}
