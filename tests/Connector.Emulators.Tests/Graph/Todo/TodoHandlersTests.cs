using System.Net;
using System.Text.Json.Nodes;

namespace Connector.Emulators.Tests.Graph.Todo;

public sealed class TodoHandlersTests
{
    [Fact]
    public async Task CreateTask_FullBody_Is201WithEveryPropertyAndServerFields()
    {
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");

        var created = await graph.PostAsync($"users/alice/todo/lists/{list}/tasks", """
            {"title":"Call Contoso","body":{"content":"<p>12,400.00 USD</p>","contentType":"html"},"importance":"high",
             "status":"inProgress","dueDateTime":{"dateTime":"2025-07-08T00:00:00","timeZone":"UTC"},"categories":["Level 2"],
             "linkedResources":[{"webUrl":"https://org.example/account/1","applicationName":"Connector","displayName":"Contoso","externalId":"CASE-1"}]}
            """);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var task = created.Json;
        Assert.Equal(("Call Contoso", "high", "inProgress"), (task["title"]!.GetValue<string>(), task["importance"]!.GetValue<string>(), task["status"]!.GetValue<string>()));
        Assert.Equal("2025-07-08T00:00:00", task["dueDateTime"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("Level 2", task["categories"]![0]!.GetValue<string>());
        Assert.Equal("CASE-1", task["linkedResources"]![0]!["externalId"]!.GetValue<string>());
        Assert.NotNull(task["linkedResources"]![0]!["id"]);
        Assert.StartsWith("W/\"", task["@odata.etag"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(task["createdDateTime"]);
        Assert.NotNull(task["lastModifiedDateTime"]);
        var read = await graph.GetAsync($"users/alice/todo/lists/{list}/tasks/{task["id"]!.GetValue<string>()}");
        Assert.Equal("Call Contoso", read.Json["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"title":"x","importance":"urgent"}""")]
    [InlineData("""{"title":"x","status":"done"}""")]
    [InlineData("""{"title":"x","dueDateTime":"2025-07-08"}""")]
    [InlineData("""{"title":"x","colour":"red"}""")]
    [InlineData("""{"importance":"low"}""")]
    [InlineData("""{"title":""")]
    public async Task CreateTask_InvalidBody_Is400InvalidRequest(string body)
    {
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");

        var result = await graph.PostAsync($"users/alice/todo/lists/{list}/tasks", body);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalidRequest", result.ErrorCode);
    }

    [Fact]
    public async Task PatchTask_Completed_Is200WithCompletedDateTimeAndNewEtag()
    {
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");
        var id = await graph.CreateTaskAsync("alice", list, "Call");
        var before = (await graph.GetAsync($"users/alice/todo/lists/{list}/tasks/{id}")).Json["@odata.etag"]!.GetValue<string>();

        var patched = await graph.SendAsync(HttpMethod.Patch, $"users/alice/todo/lists/{list}/tasks/{id}", """{"status":"completed"}""");

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("completed", patched.Json["status"]!.GetValue<string>());
        Assert.Equal("Call", patched.Json["title"]!.GetValue<string>());
        Assert.NotNull(patched.Json["completedDateTime"]);
        Assert.NotEqual(before, patched.Json["@odata.etag"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteTask_Is204AndThen404()
    {
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");
        var id = await graph.CreateTaskAsync("alice", list, "Call");

        var deleted = await graph.SendAsync(HttpMethod.Delete, $"users/alice/todo/lists/{list}/tasks/{id}", null);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await graph.GetAsync($"users/alice/todo/lists/{list}/tasks/{id}")).Status);
        Assert.Empty(graph.Emulator.State.FindUser("alice")!.Lists[0].Tasks);
    }

    [Fact]
    public async Task LinkedResources_PostThenGet_ListsIt()
    {
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");
        var id = await graph.CreateTaskAsync("alice", list, "Call");

        var added = await graph.PostAsync($"users/alice/todo/lists/{list}/tasks/{id}/linkedResources",
            """{"webUrl":"https://org.example/a","applicationName":"Connector","displayName":"Contoso","externalId":"CASE-9"}""");
        var links = await graph.GetAsync($"users/alice/todo/lists/{list}/tasks/{id}/linkedResources");

        Assert.Equal(HttpStatusCode.Created, added.Status);
        Assert.Equal("CASE-9", Assert.Single(links.Json["value"]!.AsArray())!["externalId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delta_PagesWithNextLinkThenDeltaLinkThenReportsChangesAndRemovals()
    {
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await graph.CreateTaskAsync("alice", list, $"Task {i}"));
        }

        var first = await graph.GetAsync($"users/alice/todo/lists/{list}/tasks/delta?$top=2");
        var next = first.Json["@odata.nextLink"]!.GetValue<string>();
        var second = await graph.GetAsync(next);
        var deltaLink = second.Json["@odata.deltaLink"]!.GetValue<string>();

        Assert.Equal(2, first.Json["value"]!.AsArray().Count);
        Assert.Null(first.Json["@odata.deltaLink"]);
        Assert.Equal(ids[2], Assert.Single(second.Json["value"]!.AsArray())!["id"]!.GetValue<string>());

        await graph.SendAsync(HttpMethod.Delete, $"users/alice/todo/lists/{list}/tasks/{ids[0]}", null);
        await graph.SendAsync(HttpMethod.Patch, $"users/alice/todo/lists/{list}/tasks/{ids[1]}", """{"status":"completed"}""");
        var changes = await graph.GetAsync(deltaLink);

        var items = changes.Json["value"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal(ids[0], items[0]!["id"]!.GetValue<string>());
        Assert.Equal("deleted", items[0]!["@removed"]!["reason"]!.GetValue<string>());
        Assert.Equal("completed", items[1]!["status"]!.GetValue<string>());
        Assert.NotNull(changes.Json["@odata.deltaLink"]);
        Assert.Empty((await graph.GetAsync(changes.Json["@odata.deltaLink"]!.GetValue<string>())).Json["value"]!.AsArray());
    }
}
