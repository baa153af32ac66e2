using System.Globalization;
using System.Text.Json.Nodes;
using Connector.Domain.Ledger;
using Connector.Emulators.Graph;
using Connector.Sync.Collections;
using Connector.Worker.Output;

namespace Connector.Worker.Demo;

/// <summary>The demo's Outlook view: each collector's list as they see it, and what went out.</summary>
internal static class DemoOutlook
{
    private const int TasksShownPerCollector = 3;

    /// <summary>Each collector's list as Outlook shows it: high importance first, then by due date.</summary>
    public static ReportSection Queues(ArLedger ledger, GraphEmulator emulator, string listName)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(emulator);
        ReportColumn[] columns =
        [
            ReportColumn.Text("collector", "Collector (tasks)"),
            ReportColumn.Text("importance", "Importance"),
            ReportColumn.Text("due", "Due"),
            ReportColumn.Text("title", "Task (the first ones in the list)"),
        ];
        var rows = new List<ReportRow>();
        foreach (var collector in ledger.Collectors.OrderBy(static c => c.Id, StringComparer.Ordinal))
        {
            var list = collector.Email is null ? null : emulator.State.FindUser(collector.Email)?.Lists.FirstOrDefault(l => l.DisplayName == listName);
            var tasks = (list?.Tasks ?? [])
                .Where(static t => Text(t, "status") != "completed")
                .OrderBy(static t => Text(t, "importance") switch { "high" => 0, "normal" => 1, _ => 2 })
                .ThenBy(static t => Text(t["dueDateTime"], "dateTime"), StringComparer.Ordinal)
                .ToList();
            var first = true;
            foreach (var task in tasks.Take(TasksShownPerCollector))
            {
                rows.Add(new ReportRow(
                [
                    Cell.Of(first ? $"{collector.Name} ({tasks.Count})" : ""),
                    Cell.Of(Text(task, "importance")),
                    Cell.Of(Text(task["dueDateTime"], "dateTime") is { Length: >= 10 } due ? due[..10] : ""),
                    Cell.Of(Text(task, "title")),
                ]));
                first = false;
            }
        }

        return new ReportSection($"Each collector's \"{listName}\" list in Outlook (the Graph emulator at {emulator.ApiUrl}), as they see it", columns, rows);
    }

    public static IReadOnlyList<string> Notes(CollectionsSyncReport report, GraphEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(emulator);
        var mail = emulator.State.SentMail;
        var notes = new List<string>
        {
            $"Outlook: {report.Tasks.Created} tasks created in {report.Planned.Mailboxes.Count} collectors' lists, one per open case with a call or escalation due "
            + $"(each with the open items, the priority and why, the contacts and a link to the Dynamics account); {emulator.State.TotalRequests} Graph requests, throttled {emulator.State.TotalThrottled} times.",
            $"Dunning email: {mail.Count} sent from {DemoEnvironment.SenderMailbox} ({report.Planned.Mail.Count(static d => !d.Send)} held back: promise to pay, quiet period, disputed only or no address; 'connector collections send --dry-run' lists each with its reason).",
        };
        if (mail.Count > 0)
        {
            notes.Add($"For example, to {string.Join(", ", mail[0].To)}: \"{mail[0].Subject}\".");
        }

        notes.AddRange(Collections.CollectionsReports.Notes(report));
        return notes;
    }

    private static string Text(JsonNode? node, string property) =>
        node is JsonObject o && o[property] is JsonValue v ? Convert.ToString(v.GetValue<object>(), CultureInfo.InvariantCulture) ?? "" : "";
}
