using System.Globalization;
using System.Text.Json.Nodes;
using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;

namespace Connector.Worker.Tests.Collections;

/// <summary>
/// <c>connector sync --once</c> with Graph configured, as collectors and the AR manager see it in Outlook: one task per
/// case in the right collector's "AR Collections" list, nothing rewritten when nothing changed, paid and reassigned
/// cases closed in place, what collectors do in Outlook read back.
/// </summary>
public sealed class CollectionsSyncCommandTests
{
    [Fact]
    public async Task SyncOnce_SampleCompany_PutsOneTaskPerCaseInItsCollectorsListWithTitleDueImportanceCategoryAndAccountLink()
    {
        await using var kit = await CollectionsTestKit.StartAsync();

        var result = await kit.SyncOkAsync();

        var planned = await PlannedTasksAsync();
        var open = kit.OpenTasks();
        Assert.Equal(planned.Keys.Order(StringComparer.Ordinal), open.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(planned.Count, kit.Graph.AllTasks().Count); // nothing else, nothing twice
        Assert.Equal(planned.Count, CollectionsTestKit.Outlook(result)["tasks created"]);
        foreach (var (caseId, expected) in planned)
        {
            var (mailbox, task) = open[caseId];
            Assert.Equal(Mailbox(expected["collector"]), mailbox);
            var title = CollectionsTestKit.Title(task);
            var verb = expected["next_action"] == "manager_task" ? expected["level_name"] + " review" : expected["level_name"];
            var amount = decimal.Parse(expected["amount"], CultureInfo.InvariantCulture).ToString("N2", CultureInfo.InvariantCulture) + " " + expected["currency"];
            Assert.StartsWith($"{verb} {expected["customer_name"]} — {amount} overdue (", title, StringComparison.Ordinal);
            Assert.EndsWith(" days)", title, StringComparison.Ordinal);
            Assert.Equal(TaskImportance(expected), task["importance"]!.GetValue<string>());
            Assert.Equal(expected["due_date"] + "T00:00:00", task["dueDateTime"]!["dateTime"]!.GetValue<string>()[..19]);
            Assert.Equal($"AR level {expected["level"]} – {expected["level_name"]}", Assert.Single(task["categories"]!.AsArray())!.GetValue<string>());
            var link = task["linkedResources"]!.AsArray()[0]!;
            var accountId = (Guid)kit.Dataverse.Row("account", "accountnumber", expected["customer_id"])["accountid"]!;
            Assert.Equal(new Uri(kit.Dataverse.Url, $"main.aspx?pagetype=entityrecord&etn=account&id={accountId:D}").AbsoluteUri, link["webUrl"]!.GetValue<string>());
            Assert.Equal($"{expected["customer_name"]} ({expected["customer_id"]})", link["displayName"]!.GetValue<string>());
        }

        // The AR manager's example (samples/README.md): Horizon Construction's open items are in the body.
        var (_, horizon) = open["CASE-C-1056"];
        Assert.StartsWith("Final notice Horizon Construction Corp. — 200,228.32 USD overdue (61–90 days)", CollectionsTestKit.Title(horizon), StringComparison.Ordinal);
        Assert.Equal("html", horizon["body"]!["contentType"]!.GetValue<string>(), ignoreCase: true);
        Assert.Contains("INV-004836", CollectionsTestKit.Body(horizon), StringComparison.Ordinal);
    }

    /// <summary>The sample company's cases whose next action is a task (<c>collections plan</c> read straight from the export), by case id.</summary>
    internal static async Task<Dictionary<string, Dictionary<string, string>>> PlannedTasksAsync()
    {
        var plan = await InProcess.RunAsync("collections", "plan", "--from", Samples.Folder, "--as-of", SyncTestKit.AsOf, "--format", "csv");
        Assert.Equal(0, plan.ExitCode);
        return Csv.Records(Csv.Sections(plan.Output)[0])
            .Where(static c => c["next_action"] is "collector_task" or "manager_task")
            .ToDictionary(static c => c["case_id"], StringComparer.Ordinal);
    }

    /// <summary>The case's priority, raised to its level's task importance (the default ladder: level 2 normal, 3 and up high).</summary>
    private static string TaskImportance(Dictionary<string, string> planned)
    {
        string[] order = ["low", "normal", "high"];
        var floor = int.Parse(planned["level"], CultureInfo.InvariantCulture) >= 3 ? 2 : 1;
        return order[Math.Max(floor, Array.IndexOf(order, planned["importance"]))];
    }

    /// <summary>A sample collector's mailbox (COL-03 → carla.reyes@example.com).</summary>
    internal static string Mailbox(string collectorId) =>
        EmulatedGraph.Collectors[int.Parse(collectorId["COL-".Length..], CultureInfo.InvariantCulture) - 1];
}
