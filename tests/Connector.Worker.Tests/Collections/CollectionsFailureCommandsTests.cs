using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Collections;

/// <summary>
/// <c>connector collections failures|retry</c> after Graph refused some tasks: what is set aside and why, the other
/// collectors' tasks landed, and after the fix a retry writes them.
/// </summary>
public sealed class CollectionsFailureCommandsTests
{
    private const string Missing = "nobody@sample-company.example";

    [Fact]
    public async Task FailuresAndRetry_OneCollectorsMailboxDoesNotExist_SetsTheirTasksAsideWithTheReasonOthersLandRetryAfterTheFixWritesThem()
    {
        await using var kit = await CollectionsTestKit.StartAsync();
        kit.Workspace.UseGraph(kit.Graph.ApiUrl, extra: new Dictionary<string, object> { ["Graph"] = GraphSection(kit.Graph.ApiUrl, new Dictionary<string, string> { ["COL-03"] = Missing }) });
        var planned = await CollectionsSyncCommandTests.PlannedTasksAsync();
        var carla = planned.Where(static p => p.Value["collector"] == "COL-03").Select(static p => p.Key).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(carla);

        var outlook = CollectionsTestKit.Outlook(await kit.SyncOkAsync());

        Assert.Equal(carla.Count, outlook["tasks refused by Graph (set aside)"]);
        Assert.Equal(planned.Keys.Except(carla).Order(StringComparer.Ordinal), kit.OpenTasks().Keys.Order(StringComparer.Ordinal));
        Assert.Empty(kit.Graph.Tasks(CollectionsSyncCommandTests.Mailbox("COL-03")));
        var failures = await kit.Workspace.RunAsync("collections", "failures", "--format", "csv");
        Assert.Equal(0, failures.ExitCode);
        var setAside = Csv.Records(Csv.Sections(failures.Output)[0]);
        Assert.Equal(carla, setAside.Select(static f => f["key"]).Order(StringComparer.Ordinal));
        Assert.All(setAside, static f => Assert.Contains(Missing, f["reason"], StringComparison.Ordinal));
        Assert.All(setAside, static f => Assert.Contains("404", f["reason"], StringComparison.Ordinal));

        // A second run does not hammer the missing mailbox again: set aside until someone acts.
        var writes = kit.ObserveTaskWrites();
        var asked = kit.Graph.State.RequestsFor(Missing);
        await kit.SyncOkAsync();
        Assert.Empty(writes);
        Assert.Equal(asked, kit.Graph.State.RequestsFor(Missing));

        kit.Workspace.UseGraph(kit.Graph.ApiUrl);
        var retry = await kit.Workspace.RunAsync("collections", "retry");
        Assert.Equal(0, retry.ExitCode);
        Assert.StartsWith($"{carla.Count} tasks or emails queued again", retry.Output, StringComparison.Ordinal);
        await kit.SyncOkAsync();

        Assert.Equal(planned.Keys.Order(StringComparer.Ordinal), kit.OpenTasks().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(carla, kit.Graph.Tasks(CollectionsSyncCommandTests.Mailbox("COL-03")).Select(EmulatedGraph.CaseId).Order(StringComparer.Ordinal));
        Assert.Contains("No records refused by Graph or set aside", (await kit.Workspace.RunAsync("collections", "failures")).Output, StringComparison.Ordinal);
    }

    private static object GraphSection(Uri apiUrl, Dictionary<string, string> mailboxes) => new Dictionary<string, object>
    {
        ["BaseUrl"] = apiUrl.ToString(),
        ["AccessToken"] = "workspace-graph-token",
        ["MaxRetries"] = 3,
        ["Mailboxes"] = mailboxes,
    };
}
