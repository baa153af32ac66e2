using System.Globalization;
using System.Text.Json.Nodes;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Emulators.Graph;
using Connector.Graph.Configuration;
using Connector.Sync.Collections;
using Connector.Sync.Ports;
using Connector.Worker.Cli;
using Connector.Worker.Collections;
using Connector.Worker.Output;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Demo;

/// <summary>
/// The demo's collections step, as in production but against the in-process Graph emulator: every collector gets a
/// mailbox, the connector's real Graph client fills each one's "AR Collections" list, the dunning email that is due goes
/// out from a shared mailbox, and each collector's list is printed as they would see it in Outlook.
/// </summary>
internal static class DemoOutlook
{
    private const string SenderMailbox = "ar@sample-company.example";
    private const int TasksShownPerCollector = 3;

    public static async Task<(IReadOnlyList<ReportSection> Sections, IReadOnlyList<string> Notes)?> RunAsync(
        CommandRun run, IConnectorStore store, ArLedger ledger, EvaluationPolicies policies, DateOnly asOf, Uri dynamicsUrl, CancellationToken cancellationToken)
    {
        var graphOptions = new GraphEmulatorOptions();
        graphOptions.Users.Add(SenderMailbox);
        foreach (var collector in ledger.Collectors.Where(static c => !string.IsNullOrWhiteSpace(c.Email)))
        {
            graphOptions.Users.Add(collector.Email!);
        }

        await using var emulator = await GraphEmulator.StartAsync(graphOptions, cancellationToken);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Graph:BaseUrl"] = emulator.ApiUrl.ToString(),
                ["Graph:AccessToken"] = "demo-token",
                ["Graph:SenderMailbox"] = SenderMailbox,
                ["Dataverse:Url"] = dynamicsUrl.ToString(),
                ["Dunning:CompanyName"] = "Sample Company",
                ["Dunning:PayLinkPattern"] = "https://pay.sample-company.example/{customerId}?case={caseId}&amount={amount}&currency={currency}",
            })
            .Build();
        var problems = new List<string>();
        if (CollectionsSetup.Build(configuration, policies.Collections, requireMail: true, problems) is not { } options)
        {
            foreach (var problem in problems)
            {
                await run.Error.WriteLineAsync($"demo: {problem}".AsMemory(), cancellationToken);
            }

            return null;
        }

        var services = new ServiceCollection().AddSingleton(run.Time).AddGraph(configuration);
        await using var provider = services.BuildServiceProvider();
        var sync = new CollectionsSync(store, provider.GetRequiredService<ITaskBoard>(), provider.GetRequiredService<IMailSender>(), run.Time);
        var report = await sync.RunAsync(policies, asOf, options, null, cancellationToken);
        return ([CollectionsReports.Written(report), Queues(ledger, emulator, options.TaskListName)], Notes(report, emulator));
    }

    /// <summary>Each collector's list as Outlook shows it: high importance first, then by due date.</summary>
    private static ReportSection Queues(ArLedger ledger, GraphEmulator emulator, string listName)
    {
        ReportColumn[] columns =
        [
            ReportColumn.Text("collector", "Collector"),
            ReportColumn.Number("tasks", "Tasks"),
            ReportColumn.Text("importance", "Importance"),
            ReportColumn.Text("due", "Due"),
            ReportColumn.Text("title", "Task (first ones in the list)"),
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
                    Cell.Of(first ? $"{collector.Id} {collector.Name}" : ""),
                    first ? Cell.Integer(tasks.Count) : Cell.Of(""),
                    Cell.Of(Text(task, "importance")),
                    Cell.Of(Text(task["dueDateTime"], "dateTime") is { Length: >= 10 } due ? due[..10] : ""),
                    Cell.Of(Text(task, "title")),
                ]));
                first = false;
            }
        }

        return new ReportSection($"Each collector's \"{listName}\" list in Outlook (the Graph emulator at {emulator.ApiUrl}), as they see it", columns, rows);
    }

    private static List<string> Notes(CollectionsSyncReport report, GraphEmulator emulator)
    {
        var mail = emulator.State.SentMail;
        var notes = new List<string>
        {
            $"Outlook: {report.Tasks.Created} tasks created in {report.Planned.Mailboxes.Count} collectors' lists, one per open case with a call or escalation due "
            + $"(each with the open items, the priority and why, the contacts and a link to the Dynamics account); {emulator.State.TotalRequests} Graph requests, throttled {emulator.State.TotalThrottled} times.",
            $"Dunning email: {mail.Count} sent from {SenderMailbox} ({report.Planned.Mail.Count(static d => !d.Send)} held back: promise to pay, quiet period, disputed only or no address; 'connector collections send --dry-run' lists each with its reason).",
        };
        if (mail.Count > 0)
        {
            notes.Add($"For example, to {string.Join(", ", mail[0].To)}: \"{mail[0].Subject}\".");
        }

        notes.AddRange(CollectionsReports.Notes(report));
        return notes;
    }

    private static string Text(JsonNode? node, string property) =>
        node is JsonObject o && o[property] is JsonValue v ? Convert.ToString(v.GetValue<object>(), CultureInfo.InvariantCulture) ?? "" : "";
}
