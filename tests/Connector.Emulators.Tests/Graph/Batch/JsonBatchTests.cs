using System.Net;
using System.Text.Json.Nodes;

namespace Connector.Emulators.Tests.Graph.Batch;

public sealed class JsonBatchTests
{
    [Fact]
    public async Task Batch_CreatesThroughTheSameHandlersAndFailedDependencyIs424()
    {
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");

        var result = await graph.PostAsync("$batch", $$$"""
            {"requests":[
              {"id":"1","method":"POST","url":"/users/alice/todo/lists/{{{list}}}/tasks","headers":{"Content-Type":"application/json"},"body":{"title":"A"}},
              {"id":"2","method":"POST","url":"/users/alice/todo/lists/{{{list}}}/tasks","headers":{"Content-Type":"application/json"},"body":{"importance":"nope"}},
              {"id":"3","method":"GET","url":"/users/alice/todo/lists/{{{list}}}/tasks","dependsOn":["2"]},
              {"id":"4","method":"GET","url":"/users/alice/todo/lists/{{{list}}}/tasks","dependsOn":["1"]}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var byId = result.Json["responses"]!.AsArray().ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!);
        Assert.Equal(201, byId["1"]["status"]!.GetValue<int>());
        Assert.Equal(400, byId["2"]["status"]!.GetValue<int>());
        Assert.Equal(424, byId["3"]["status"]!.GetValue<int>());
        Assert.Equal(200, byId["4"]["status"]!.GetValue<int>());
        Assert.Equal("A", Assert.Single(byId["4"]["body"]!["value"]!.AsArray())!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Batch_MoreThan20Requests_Is400()
    {
        await using var graph = await RunningGraph.StartAsync();
        var requests = new JsonArray([.. Enumerable.Range(1, 21).Select(i => (JsonNode)new JsonObject { ["id"] = $"{i}", ["method"] = "GET", ["url"] = "/users/alice/todo/lists" })]);

        var result = await graph.PostAsync("$batch", new JsonObject { ["requests"] = requests }.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(0, graph.Emulator.State.TotalRequests);
    }

    [Fact]
    public async Task Batch_InnerRequestsOverTheMailboxLimit_Are429WithRetryAfterInsideA200()
    {
        await using var graph = await RunningGraph.StartAsync(o => o.Limits.RequestsPerWindow = 2);
        var requests = new JsonArray([.. Enumerable.Range(1, 3).Select(i => (JsonNode)new JsonObject { ["id"] = $"{i}", ["method"] = "GET", ["url"] = "/users/alice/todo/lists" })]);

        var result = await graph.PostAsync("$batch", new JsonObject { ["requests"] = requests }.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var third = result.Json["responses"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "3")!;
        Assert.Equal(429, third["status"]!.GetValue<int>());
        Assert.NotNull(third["headers"]!["Retry-After"]);
        Assert.Equal("ApplicationThrottled", third["body"]!["error"]!["code"]!.GetValue<string>());
    }
}
