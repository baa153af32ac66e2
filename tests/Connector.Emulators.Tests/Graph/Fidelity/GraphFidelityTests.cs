using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Connector.Emulators.Graph;

namespace Connector.Emulators.Tests.Graph.Fidelity;

/// <summary>
/// The Graph emulator answers as Microsoft documents and as the real service was recorded (issue 15): each test names
/// the fixture in <c>tests/fixtures/graph/</c> or the fidelity fact (SOURCE.md there) it holds the emulator to.
/// </summary>
public sealed class GraphFidelityTests
{
    [Fact]
    public async Task MailboxThrottled_AnyRequestToIt_Is429ApplicationThrottledWithTheRecordedBodyAndFractionalRetryAfter()
    {
        // outlook-429-applicationthrottled.json; fidelity facts 22 (fractional Retry-After) and 23 (ApplicationThrottled).
        var recorded = JsonNode.Parse(GraphFixtures.Read(GraphFixtures.OutlookThrottled))!["error"]!;
        await using var graph = await RunningGraph.StartAsync();
        graph.Emulator.ThrottleMailbox("alice", TimeSpan.FromSeconds(2.128));

        var throttled = await graph.GetAsync("users/alice/todo/lists");
        var other = await graph.GetAsync("users/bob/todo/lists");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        var error = throttled.Json["error"]!;
        Assert.Equal((recorded["code"]!.GetValue<string>(), recorded["message"]!.GetValue<string>()), (error["code"]!.GetValue<string>(), error["message"]!.GetValue<string>()));
        Assert.Equal("2.128", throttled.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, other.Status);

        graph.Clock.Advance(TimeSpan.FromSeconds(2.128));
        Assert.Equal(HttpStatusCode.OK, (await graph.GetAsync("users/alice/todo/lists")).Status);
    }

    [Fact]
    public async Task ConcurrencyLimitAndInjectedThrottle_Are429WithTheRecordedMailboxConcurrencyBody()
    {
        // outlook-429-applicationthrottled.json: Outlook resources answer every 429 with it, not the docs' TooManyRequests.
        var recorded = JsonNode.Parse(GraphFixtures.Read(GraphFixtures.OutlookThrottled))!["error"]!["message"]!.GetValue<string>();
        await using var graph = await RunningGraph.StartAsync(o => o.Faults.ThrottleRate = 1);

        var injected = await graph.GetAsync("users/alice/todo/lists");

        Assert.Equal(HttpStatusCode.TooManyRequests, injected.Status);
        Assert.Equal(("ApplicationThrottled", recorded), (injected.ErrorCode, injected.Json["error"]!["message"]!.GetValue<string>()));
        Assert.True(double.TryParse(injected.Headers.GetValues("Retry-After").Single(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task Batch_ItemsOfAThrottledMailbox_Are429InsideA200And424OnlyForTheirDependents()
    {
        // Fidelity fact 21 (microsoft-graph-docs-contrib #8883): the batch is 200 whatever its items; json-batching.md: 424
        // is for a request whose dependsOn failed.
        await using var graph = await RunningGraph.StartAsync();
        graph.Emulator.ThrottleMailbox("alice", TimeSpan.FromSeconds(1.5));
        var batch = """
            {"requests":[
              {"id":"1","method":"GET","url":"/users/alice/todo/lists"},
              {"id":"2","method":"GET","url":"/users/bob/todo/lists"},
              {"id":"3","method":"GET","url":"/users/bob/todo/lists","dependsOn":["1"]},
              {"id":"4","method":"GET","url":"/users/bob/todo/lists","dependsOn":["2"]}
            ]}
            """;

        var result = await graph.PostAsync("$batch", batch);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var items = result.Json["responses"]!.AsArray().ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!);
        Assert.Equal((429, 200, 424, 200), (Status(items["1"]), Status(items["2"]), Status(items["3"]), Status(items["4"])));
        Assert.Equal("1.5", items["1"]["headers"]!["Retry-After"]!.GetValue<string>());
        Assert.Equal("ApplicationThrottled", items["1"]["body"]!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendMail_TheDocsRequest_Is202WithNoBodyAndKeepsSaveToSentItemsFalseGivenAsAString()
    {
        // todo.docs.http, "sendMail" (user-sendmail.md): 202 Accepted, "It doesn't return anything in the response body";
        // the docs send "saveToSentItems": "false" as a string, which Graph reads as false.
        var (body, status) = GraphFixtures.Exchange("POST https://graph.microsoft.com/v1.0/me/sendMail");
        await using var graph = await RunningGraph.StartAsync();

        var result = await graph.PostAsync("users/alice/sendMail", body);

        Assert.Equal((HttpStatusCode)status, result.Status);
        Assert.Equal(HttpStatusCode.Accepted, result.Status);
        Assert.Equal("", result.Text);
        var sent = Assert.Single(graph.Emulator.State.SentMail);
        Assert.Equal(("Meet for lunch?", false, "frannis@contoso.com", "danas@contoso.com"), (sent.Subject, sent.SaveToSentItems, sent.To.Single(), sent.Cc.Single()));
        Assert.Equal("false", sent.Parameter("saveToSentItems")!.GetValue<string>());
    }

    [Fact]
    public async Task CreateTask_TheDocsRequest_Is201WithTheDocsShape()
    {
        // todo.docs.http, "Create task with linkedResources" (todotasklist-post-tasks.md).
        var (body, status) = GraphFixtures.Exchange("POST https://graph.microsoft.com/v1.0/me/todo/lists/AQMkADAwATM0MDAAMS0yMDkyLWVjMzYtM/tasks");
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");

        var result = await graph.PostAsync($"users/alice/todo/lists/{list}/tasks", body);

        Assert.Equal((HttpStatusCode)status, result.Status);
        var task = result.Json;
        Assert.Equal(("A new task", "notStarted", "text", ""), (task["title"]!.GetValue<string>(), task["status"]!.GetValue<string>(), task["body"]!["contentType"]!.GetValue<string>(), task["body"]!["content"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(task["id"]!.GetValue<string>()));
        Assert.NotNull(task["@odata.etag"]);
        var link = Assert.Single(task["linkedResources"]!.AsArray())!;
        Assert.Equal(("http://microsoft.com", "Microsoft"), (link["webUrl"]!.GetValue<string>(), link["applicationName"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(link["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CreateTask_DueDateTime_IsADateTimeTimeZoneAndAnIsoStringIs400()
    {
        // todo.docs.http note: "dueDateTime/reminderDateTime are dateTimeTimeZone {"dateTime": "...", "timeZone": "..."}, NOT ISO strings."
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");

        var zoned = await graph.PostAsync($"users/alice/todo/lists/{list}/tasks", """{"title":"Call","dueDateTime":{"dateTime":"2026-11-25T00:00:00.0000000","timeZone":"UTC"}}""");
        var iso = await graph.PostAsync($"users/alice/todo/lists/{list}/tasks", """{"title":"Call","dueDateTime":"2026-11-25T00:00:00Z"}""");

        Assert.Equal(HttpStatusCode.Created, zoned.Status);
        var due = zoned.Json["dueDateTime"]!;
        Assert.Equal(("2026-11-25T00:00:00.0000000", "UTC"), (due["dateTime"]!.GetValue<string>(), due["timeZone"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, iso.Status);
        Assert.Contains("dateTimeTimeZone", iso.Json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static int Status(JsonNode item) => item["status"]!.GetValue<int>();
}
