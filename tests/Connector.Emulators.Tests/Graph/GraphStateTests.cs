using System.Net;

namespace Connector.Emulators.Tests.Graph;

public sealed class GraphStateTests
{
    private const string LinkedTask = """
        {"title":"Call Contoso","linkedResources":[{"applicationName":"Connector","displayName":"Contoso","externalId":"CASE-1"}]}
        """;

    [Fact]
    public async Task FindTasks_ByExternalId_ReturnsEveryLinkedTaskWithItsLinks()
    {
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");
        await graph.PostAsync($"users/alice/todo/lists/{list}/tasks", LinkedTask);
        await graph.PostAsync($"users/alice/todo/lists/{list}/tasks", LinkedTask);
        await graph.CreateTaskAsync("alice", list, "Unrelated");

        var found = graph.Emulator.State.FindTasks("alice", "CASE-1");

        Assert.Equal(2, found.Count);
        Assert.All(found, t => Assert.Equal("CASE-1", t["linkedResources"]![0]!["externalId"]!.GetValue<string>()));
        Assert.Empty(graph.Emulator.State.FindTasks("bob", "CASE-1"));
    }

    [Fact]
    public async Task CompleteAndDeleteTask_AsTheCollector_ShowInTheNextDelta()
    {
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");
        await graph.PostAsync($"users/alice/todo/lists/{list}/tasks", LinkedTask);
        var other = await graph.CreateTaskAsync("alice", list, "Call Fabrikam");
        var deltaLink = (await graph.GetAsync($"users/alice/todo/lists/{list}/tasks/delta")).Json["@odata.deltaLink"]!.GetValue<string>();

        var completed = graph.Emulator.State.CompleteTask("alice", "CASE-1");
        var deleted = graph.Emulator.State.DeleteTask("alice", other);
        var changes = (await graph.GetAsync(deltaLink)).Json["value"]!.AsArray();

        Assert.Equal((1, 1), (completed, deleted));
        Assert.Equal(2, changes.Count);
        Assert.Equal("completed", changes[0]!["status"]!.GetValue<string>());
        Assert.NotNull(changes[0]!["completedDateTime"]);
        Assert.Equal(other, changes[1]!["id"]!.GetValue<string>());
        Assert.NotNull(changes[1]!["@removed"]);
        Assert.Equal(0, graph.Emulator.State.DeleteTask("alice", "CASE-404"));
    }

    [Fact]
    public async Task ExpandLinkedResources_OnlyWhenAskedAndCarriedIntoTheDeltaLink()
    {
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");
        var id = (await graph.PostAsync($"users/alice/todo/lists/{list}/tasks", LinkedTask)).Json["id"]!.GetValue<string>();

        var plain = await graph.GetAsync($"users/alice/todo/lists/{list}/tasks/{id}");
        var expanded = await graph.GetAsync($"users/alice/todo/lists/{list}/tasks/{id}?$expand=linkedResources");
        var delta = await graph.GetAsync($"users/alice/todo/lists/{list}/tasks/delta?$expand=linkedResources");
        graph.Emulator.State.CompleteTask("alice", id);
        var next = await graph.GetAsync(delta.Json["@odata.deltaLink"]!.GetValue<string>());

        Assert.Null(plain.Json["linkedResources"]);
        Assert.Equal("CASE-1", expanded.Json["linkedResources"]![0]!["externalId"]!.GetValue<string>());
        Assert.Equal("CASE-1", delta.Json["value"]![0]!["linkedResources"]![0]!["externalId"]!.GetValue<string>());
        Assert.Equal("CASE-1", next.Json["value"]![0]!["linkedResources"]![0]!["externalId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, next.Status);
    }

    [Fact]
    public async Task Delta_WithParentheses_AsTheSdkCallsIt_IsTheSameFunction()
    {
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");
        var id = await graph.CreateTaskAsync("alice", list, "Call");

        var delta = await graph.GetAsync($"users/alice/todo/lists/{list}/tasks/delta()");

        Assert.Equal(id, Assert.Single(delta.Json["value"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.NotNull(delta.Json["@odata.deltaLink"]);
    }

    [Fact]
    public async Task SendMail_PascalCaseParameters_AsTheSdkSendsThem_AreAccepted()
    {
        await using var graph = await RunningGraph.StartAsync();

        var result = await graph.PostAsync("users/alice/sendMail", """
            {"Message":{"subject":"Reminder","toRecipients":[{"emailAddress":{"address":"ap@fabrikam.example"}}]},"SaveToSentItems":false}
            """);

        Assert.Equal(HttpStatusCode.Accepted, result.Status);
        var sent = Assert.Single(graph.Emulator.State.SentMail);
        Assert.Equal(("Reminder", false), (sent.Subject, sent.SaveToSentItems));
    }
}
