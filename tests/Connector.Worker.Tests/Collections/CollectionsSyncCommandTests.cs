using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;

namespace Connector.Worker.Tests.Collections;

/// <summary>
/// <c>connector sync --once</c> with Graph configured, as collectors and the AR manager see it in Outlook: one task per
/// case in the right collector's "AR Collections" list, nothing rewritten when nothing changed, paid and reassigned
/// cases closed in place, what collectors do in Outlook read back.
/// </summary>
public sealed partial class CollectionsSyncCommandTests
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
            Assert.Equal(expected["importance"], task["importance"]!.GetValue<string>()); // the priority's, whatever the step
            Assert.Equal(expected["due_date"] + "T00:00:00", task["dueDateTime"]!["dateTime"]!.GetValue<string>()[..19]);
            Assert.True(string.CompareOrdinal(Due(task), SyncTestKit.AsOf) >= 0, $"{caseId} is due {Due(task)}, before the day it was set");
            Assert.DoesNotMatch(SettingName(), CollectionsTestKit.Body(task));
            Assert.Equal($"AR level {expected["level"]} – {expected["level_name"]}", Assert.Single(task["categories"]!.AsArray())!.GetValue<string>());
            var link = task["linkedResources"]!.AsArray()[0]!;
            var accountId = (Guid)kit.Dataverse.Row("account", "accountnumber", expected["customer_id"])["accountid"]!;
            Assert.Equal(new Uri(kit.Dataverse.Url, $"main.aspx?pagetype=entityrecord&etn=account&id={accountId:D}").AbsoluteUri, link["webUrl"]!.GetValue<string>());
            Assert.Equal($"{expected["customer_name"]} ({expected["customer_id"]})", link["displayName"]!.GetValue<string>());
        }

        // A small case at a late step comes below a large one (the sample company names no AR manager, so the agency
        // tasks are the collectors'): importance follows the priority score, not the ladder.
        Assert.Contains(planned.Values, static p => int.Parse(p["level"], CultureInfo.InvariantCulture) >= 3 && p["importance"] == "low");

        // The AR manager's example (samples/README.md): Horizon Construction's open items are in the body.
        var (_, horizon) = open["CASE-C-1056"];
        Assert.StartsWith("Final notice Horizon Construction Corp. — 200,228.32 USD overdue (61–90 days)", CollectionsTestKit.Title(horizon), StringComparison.Ordinal);
        Assert.Equal("html", horizon["body"]!["contentType"]!.GetValue<string>(), ignoreCase: true);
        Assert.Contains("INV-004836", CollectionsTestKit.Body(horizon), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncOnce_NextDayWithoutNewErpData_KeepsEachTaskDueOnTheDayItWasSetUnlessItsStepChanged()
    {
        await using var kit = await CollectionsTestKit.StartAsync();
        await kit.SyncOkAsync();
        var first = kit.OpenTasks();
        var (today, tomorrow) = (await PlannedTasksAsync(), await PlannedTasksAsync(NextDay));

        var next = await kit.Workspace.RunAsync("sync", "--once", "--as-of", NextDay, "--format", "json");

        Assert.True(next.ExitCode == 0, next.Error);
        var open = kit.OpenTasks();
        var sameStep = today.Keys.Where(id => tomorrow.TryGetValue(id, out var t) && SameStep(today[id], t)).ToList();
        var newStep = today.Keys.Where(id => tomorrow.TryGetValue(id, out var t) && !SameStep(today[id], t)).ToList();
        Assert.NotEmpty(sameStep);
        Assert.NotEmpty(newStep); // the sample has invoices crossing a ladder step overnight
        Assert.All(first.Values, static t => Assert.Equal(SyncTestKit.AsOf, Due(t.Task)));
        Assert.All(sameStep, id => Assert.Equal(SyncTestKit.AsOf, Due(open[id].Task))); // no daily rewrite, still shown overdue
        Assert.All(newStep, id => Assert.Equal(NextDay, Due(open[id].Task)));

        static bool SameStep(Dictionary<string, string> a, Dictionary<string, string> b) =>
            (a["level"], a["next_action"], a["state"]) == (b["level"], b["next_action"], b["state"]);
    }

    [Fact]
    public async Task SyncOnce_NothingChangedSinceTheLastRun_WritesNoTaskAndCreatesNoDuplicate()
    {
        await using var kit = await CollectionsTestKit.StartAsync();
        await kit.SyncOkAsync();
        var before = kit.Graph.AllTasks().ToDictionary(t => t.CaseId!, t => t.Task.ToJsonString(), StringComparer.Ordinal);
        var writes = kit.ObserveTaskWrites();

        var outlook = CollectionsTestKit.Outlook(await kit.SyncOkAsync());

        Assert.Empty(writes);
        Assert.Equal(before, kit.Graph.AllTasks().ToDictionary(t => t.CaseId!, t => t.Task.ToJsonString(), StringComparer.Ordinal));
        Assert.Equal((0, 0, 0, 0), (outlook["tasks created"], outlook["tasks updated in place"], outlook["tasks completed (paid, or completed by the collector)"], outlook["tasks and emails queued (changed since the last run)"]));
    }

    [Fact]
    public async Task SyncOnce_InvoicePaidInTheErp_CompletesThatCasesTaskInPlaceWithThePaidNoteAndLeavesTheOthers()
    {
        await using var kit = await CollectionsTestKit.StartAsync();
        await kit.SyncOkAsync();
        var open = kit.OpenTasks();
        var (customer, invoice) = CollectionsTestKit.SingleOverdueInvoice().First(c => open.ContainsKey("CASE-" + c.Key));
        var (mailbox, task) = open["CASE-" + customer];
        var others = kit.Graph.AllTasks().Where(t => t.CaseId != "CASE-" + customer).ToDictionary(t => t.CaseId!, t => t.Task.ToJsonString(), StringComparer.Ordinal);
        SyncTestKit.DropEdited(kit.Workspace, CollectionsTestKit.Ledger, "CUST_LEDGER_ENTRIES_20261117.csv", 4, invoice, f => (f[11], f[13]) = ("0,00", "No"));
        var writes = kit.ObserveTaskWrites();

        var outlook = CollectionsTestKit.Outlook(await kit.SyncOkAsync());

        Assert.Equal(["updateTask " + mailbox], writes);
        var paid = Assert.Single(kit.Graph.State.FindTasks(mailbox, "CASE-" + customer));
        Assert.Equal(task["id"]!.GetValue<string>(), paid["id"]!.GetValue<string>());
        Assert.Equal("completed", CollectionsTestKit.Status(paid));
        Assert.StartsWith("Paid: ", CollectionsTestKit.Title(paid), StringComparison.Ordinal);
        Assert.Contains("Paid — the overdue balance was cleared on 2026-11-20", CollectionsTestKit.Body(paid), StringComparison.Ordinal);
        Assert.Equal(others, kit.Graph.AllTasks().Where(t => t.CaseId != "CASE-" + customer).ToDictionary(t => t.CaseId!, t => t.Task.ToJsonString(), StringComparer.Ordinal));
        Assert.Equal(1, outlook["tasks completed (paid, or completed by the collector)"]);
        Assert.Contains(await kit.AuditAsync(customer), e => e.Action == "collections.case.closed");
    }

    [Fact]
    public async Task SyncOnce_CollectorCompletedTheTaskInOutlook_RecordsAContactAttemptShownInTheBodyAndTheTaskStaysCompleted()
    {
        await using var kit = await CollectionsTestKit.StartAsync();
        await kit.SyncOkAsync();
        var (caseId, (mailbox, _)) = kit.OpenTasks().First();
        var customer = caseId["CASE-".Length..];
        Assert.Equal(1, kit.Graph.State.CompleteTask(mailbox, caseId));

        var outlook = CollectionsTestKit.Outlook(await kit.SyncOkAsync());

        Assert.Equal(1, outlook["tasks completed by collectors in Outlook (contact attempts)"]);
        var audit = await kit.AuditAsync(customer);
        Assert.Contains(audit, e => e.Action == "task.completed" && e.Actor == "outlook:" + mailbox);
        var task = Assert.Single(kit.Graph.State.FindTasks(mailbox, caseId));
        Assert.Equal("completed", CollectionsTestKit.Status(task));
        var body = CollectionsTestKit.Body(task);
        Assert.Contains("Completed in Outlook by " + mailbox + " on 2026-11-20", body, StringComparison.Ordinal);
        Assert.Contains("2026-11-20 — task completed", body, StringComparison.Ordinal);
        Assert.DoesNotContain(caseId, kit.OpenTasks().Keys);

        // Read back once: a third run neither records it again nor reopens the task.
        var writes = kit.ObserveTaskWrites();
        var third = CollectionsTestKit.Outlook(await kit.SyncOkAsync());
        Assert.Equal(0, third["tasks completed by collectors in Outlook (contact attempts)"]);
        Assert.Empty(writes);
        Assert.Single(await kit.AuditAsync(customer), e => e.Action == "task.completed");
    }

    [Fact]
    public async Task SyncOnce_CollectorDeletedTheTaskWhileTheCaseIsOpen_RecreatesItByDefault()
    {
        await using var kit = await CollectionsTestKit.StartAsync();
        await kit.SyncOkAsync();
        var (caseId, (mailbox, deleted)) = kit.OpenTasks().First();
        Assert.Equal(1, kit.Graph.State.DeleteTask(mailbox, caseId));

        var outlook = CollectionsTestKit.Outlook(await kit.SyncOkAsync());

        var recreated = Assert.Single(kit.Graph.State.FindTasks(mailbox, caseId));
        Assert.NotEqual(deleted["id"]!.GetValue<string>(), recreated["id"]!.GetValue<string>());
        Assert.Equal(CollectionsTestKit.Title(deleted), CollectionsTestKit.Title(recreated));
        Assert.Equal((1, 1), (outlook["tasks deleted by collectors in Outlook"], outlook["tasks created"]));
        Assert.Contains(await kit.AuditAsync(caseId["CASE-".Length..]), e => e.Action == "task.deleted");
        Assert.Equal((await PlannedTasksAsync()).Count, kit.OpenTasks().Count);
    }

    [Fact]
    public async Task SyncOnce_CollectorDeletedTheTaskAndRecreateDeletedTasksIsOff_LeavesItDeleted()
    {
        var noRecreate = new Dictionary<string, object> { ["Collections"] = new { RecreateDeletedTasks = false } };
        await using var kit = await CollectionsTestKit.StartAsync(extra: noRecreate);
        await kit.SyncOkAsync();
        var (caseId, (mailbox, _)) = kit.OpenTasks().First();
        Assert.Equal(1, kit.Graph.State.DeleteTask(mailbox, caseId));

        var outlook = CollectionsTestKit.Outlook(await kit.SyncOkAsync());
        var third = CollectionsTestKit.Outlook(await kit.SyncOkAsync());

        Assert.Empty(kit.Graph.State.FindTasks(mailbox, caseId));
        Assert.Equal((1, 0, 0), (outlook["tasks deleted by collectors in Outlook"], outlook["tasks created"], third["tasks created"]));
        Assert.Contains(await kit.AuditAsync(caseId["CASE-".Length..]), e => e.Action == "task.deleted" && e.Reason!.Contains("not recreated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncOnce_CustomerGivenAnotherCollectorInTheErp_CompletesTheOldTaskNamingTheNewCollectorAndCreatesOneInTheNewList()
    {
        await using var kit = await CollectionsTestKit.StartAsync();
        await kit.SyncOkAsync();
        var planned = await PlannedTasksAsync();
        var (caseId, expected) = planned.First(p => p.Value["assignment"].EndsWith("is named by the ERP", StringComparison.Ordinal));
        var customer = expected["customer_id"];
        var oldMailbox = Mailbox(expected["collector"]);
        var (newCollector, newMailbox) = expected["collector"] == "COL-01" ? ("COL-02", Mailbox("COL-02")) : ("COL-01", Mailbox("COL-01"));
        var old = Assert.Single(kit.Graph.State.FindTasks(oldMailbox, caseId));
        SyncTestKit.DropEdited(kit.Workspace, CollectionsTestKit.Customers, "CUSTOMERS_20261117.csv", 0, customer, f => f[8] = newCollector);

        var outlook = CollectionsTestKit.Outlook(await kit.SyncOkAsync());

        var closed = Assert.Single(kit.Graph.State.FindTasks(oldMailbox, caseId));
        Assert.Equal(old["id"]!.GetValue<string>(), closed["id"]!.GetValue<string>());
        Assert.Equal("completed", CollectionsTestKit.Status(closed));
        Assert.Contains("Reassigned to " + (newCollector == "COL-01" ? "Alice Morgan" : "Ben Carter"), CollectionsTestKit.Body(closed), StringComparison.Ordinal);
        var moved = Assert.Single(kit.Graph.State.FindTasks(newMailbox, caseId));
        Assert.NotEqual("completed", CollectionsTestKit.Status(moved));
        Assert.Equal(newMailbox, kit.OpenTasks()[caseId].Mailbox);
        Assert.Equal(1, outlook["tasks moved to another collector"]);
    }

    [Fact]
    public async Task SyncOnce_GraphUnreachable_ExitsNonZeroWithOneLineNamingGraphAndTheNextRunWritesEveryTask()
    {
        await using var kit = await CollectionsTestKit.StartAsync();
        var graphSection = new Dictionary<string, object> { ["Graph"] = new { BaseUrl = $"http://127.0.0.1:{ClosedPort()}/v1.0/", AccessToken = "workspace-graph-token", MaxRetries = 0 } };
        kit.Workspace.UseGraph(kit.Graph.ApiUrl, extra: graphSection);

        var down = await kit.SyncAsync();

        Assert.NotEqual(0, down.ExitCode);
        var line = Assert.Single(down.ErrorLines);
        Assert.Contains(": Graph: Could not reach Graph", line, StringComparison.Ordinal);
        Assert.Contains("stay queued for the next run", line, StringComparison.Ordinal);
        Assert.DoesNotContain("workspace-graph-token", down.Error, StringComparison.Ordinal);
        Assert.Equal(SyncTestKit.SampleAccounts, kit.Dataverse.Environment.Count("account")); // Dataverse was done first
        var planned = await PlannedTasksAsync();
        Assert.Equal(planned.Count, (await kit.PendingAsync(Connector.Sync.Collections.TaskIntent.Target)).Count);

        kit.Workspace.UseGraph(kit.Graph.ApiUrl);
        var back = CollectionsTestKit.Outlook(await kit.SyncOkAsync());

        Assert.Equal(planned.Keys.Order(StringComparer.Ordinal), kit.OpenTasks().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(planned.Count, kit.Graph.AllTasks().Count);
        Assert.Equal(planned.Count, back["tasks created"]);
        Assert.Empty(await kit.PendingAsync(Connector.Sync.Collections.TaskIntent.Target));
    }

    [Fact]
    public async Task SyncOnce_GraphNotConfigured_PushesToDataverseAndSaysCollectionsWereNotWritten()
    {
        await using var kit = await CollectionsTestKit.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(kit.Dataverse);
        var writes = kit.ObserveTaskWrites();

        var result = await SyncTestKit.SyncAsync(workspace);

        Assert.Equal(SyncTestKit.SampleAccounts, SyncTestKit.Pushed(result)["account"].Sent);
        Assert.Contains(SyncTestKit.Notes(result), n => n.StartsWith("Collections were not written to Outlook: Graph is not configured", StringComparison.Ordinal));
        Assert.Equal(0, kit.Graph.State.TotalRequests);
        Assert.Empty(writes);
    }

    private const string NextDay = "2026-11-21";

    /// <summary>The sample company's cases whose next action is a task (<c>collections plan</c> read straight from the export), by case id.</summary>
    internal static async Task<Dictionary<string, Dictionary<string, string>>> PlannedTasksAsync(string asOf = SyncTestKit.AsOf)
    {
        var plan = await InProcess.RunAsync("collections", "plan", "--from", Samples.Folder, "--as-of", asOf, "--format", "csv");
        Assert.Equal(0, plan.ExitCode);
        return Csv.Records(Csv.Sections(plan.Output)[0])
            .Where(static c => c["next_action"] is "collector_task" or "manager_task")
            .ToDictionary(static c => c["case_id"], StringComparer.Ordinal);
    }

    /// <summary>The task's due day as Outlook holds it (<c>dueDateTime</c>, midnight UTC).</summary>
    private static string Due(JsonObject task) => task["dueDateTime"]!["dateTime"]!.GetValue<string>()[..10];

    /// <summary>A configuration key (<c>Collections:ArManagerId</c>): admin vocabulary a collector must never read.</summary>
    [GeneratedRegex(@"\b(Collections|Graph|Dunning|Company|Credit|Store|Erp):\w")]
    private static partial Regex SettingName();

    /// <summary>A loopback port nothing listens on.</summary>
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A sample collector's mailbox (COL-03 → carla.reyes@example.com).</summary>
    internal static string Mailbox(string collectorId) =>
        EmulatedGraph.Collectors[int.Parse(collectorId["COL-".Length..], CultureInfo.InvariantCulture) - 1];
}
