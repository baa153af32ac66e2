using Connector.Domain.Collections;
using Connector.Worker.Demo;
using Connector.Worker.Output;

namespace Connector.Worker.Collections;

/// <summary>
/// The demo's collections part: the top of each collector's queue as the plan has it — shown only when the demo did not
/// write the queues into Outlook (a canonical folder), whose lists the demo then shows instead.
/// </summary>
internal static class CollectionsDemoPart
{
    private const int Top = 3;

    public static DemoSummary Summarize(DemoInput input)
    {
        var plan = input.Evaluation.Collections;
        var disputedOnly = plan.Skipped.Count(static s => s.Outcome == CollectionOutcome.DisputedOnly);
        string[] notes = [$"Collections: {plan.Cases.Count} cases; {plan.Skipped.Count} customers overdue without a case ({disputedOnly} disputed only); see 'connector collections plan'."];
        if (input.Synced)
        {
            return new DemoSummary([], notes);
        }

        var rows = new List<ReportRow>();
        foreach (var queue in plan.Queues)
        {
            var rank = 0;
            foreach (var c in queue.Cases.Take(Top))
            {
                rank++;
                rows.Add(new(
                [
                    Cell.Of(rank == 1 ? $"{queue.Name} ({queue.Cases.Count})" : ""),
                    Cell.Of($"{c.CustomerId} {c.CustomerName}"),
                    Cell.Of($"{c.Level} {c.LevelName}"),
                    Cell.Money(c.Amount, c.Currency),
                    Cell.Of(c.Currency),
                    Cell.Date(c.NextAction.DueDate),
                ]));
            }
        }

        return new DemoSummary(
            [
                new ReportSection(
                    $"Collections: {plan.Cases.Count} cases, the top {Top} of each collector's queue",
                    [
                        ReportColumn.Text("collector", "Collector (cases)"),
                        ReportColumn.Text("customer", "Customer"),
                        ReportColumn.Text("level", "Level"),
                        ReportColumn.Number("amount", "Overdue (undisputed)"),
                        ReportColumn.Text("currency", "Cur"),
                        ReportColumn.Text("due_date", "Due"),
                    ],
                    rows),
            ],
            notes);
    }
}
