using Connector.Domain.Collections;
using Connector.Worker.Demo;
using Connector.Worker.Output;

namespace Connector.Worker.Collections;

/// <summary>The demo's collections part: the top of each collector's queue, as the collector would see it.</summary>
internal static class CollectionsDemoPart
{
    private const int Top = 3;

    public static DemoSummary Summarize(DemoInput input)
    {
        var plan = CollectionPlanCommand.Evaluate(input.Ledger, input.AsOf, input.Company, input.Run.Policy<CollectionsPolicy>());
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
                    Cell.Integer(rank),
                    Cell.Of($"{c.CustomerId} {c.CustomerName}"),
                    Cell.Of($"{c.Level} {c.LevelName}"),
                    Cell.Money(c.Amount, c.Currency),
                    Cell.Of(c.Currency),
                    Cell.Date(c.NextAction.DueDate),
                    Cell.Of(c.NextAction.Description),
                ]));
            }
        }

        var disputedOnly = plan.Skipped.Count(static s => s.Outcome == CollectionOutcome.DisputedOnly);
        return new DemoSummary(
            [
                new ReportSection(
                    $"Collections: {plan.Cases.Count} cases; top {Top} of each queue",
                    [
                        ReportColumn.Text("collector", "Collector (cases)"),
                        ReportColumn.Number("rank", "#"),
                        ReportColumn.Text("customer", "Customer"),
                        ReportColumn.Text("level", "Level"),
                        ReportColumn.Number("amount", "Overdue"),
                        ReportColumn.Text("currency", "Cur"),
                        ReportColumn.Text("due_date", "Due"),
                        ReportColumn.Text("description", "What to do"),
                    ],
                    rows),
            ],
            [$"Collections: {plan.Skipped.Count} customers overdue without a case ({disputedOnly} disputed only); see `connector collections plan`."]);
    }
}
