using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Connector.Emulators.Tests.Graph;

public sealed class GraphEmulatorTests
{
    [Fact]
    public async Task StartAsync_PortZero_ListensAndDescribesTheMailboxLimits()
    {
        await using var graph = await RunningGraph.StartAsync();

        Assert.NotEqual(0, graph.Emulator.BaseAddress.Port);
        Assert.Equal(new Uri(graph.Emulator.BaseAddress, "v1.0/"), graph.Emulator.ApiUrl);
        Assert.Contains("4 concurrent requests, 10000 requests per 10 min", graph.Emulator.Describe(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await graph.GetAsync("users/alice/todo/lists")).Status);
    }

    [Fact]
    public async Task Lists_PostThenGet_Returns201WithIdAndListsIt()
    {
        await using var graph = await RunningGraph.StartAsync();

        var id = await graph.CreateListAsync("alice", "Collections");
        var lists = await graph.GetAsync("users/alice/todo/lists");

        var list = Assert.Single(lists.Json["value"]!.AsArray());
        Assert.Equal(id, list!["id"]!.GetValue<string>());
        Assert.Equal("Collections", list["displayName"]!.GetValue<string>());
        Assert.Empty((await graph.GetAsync("users/bob/todo/lists")).Json["value"]!.AsArray());
    }

    [Fact]
    public async Task Request_WithoutBearerToken_Is401InvalidAuthenticationToken()
    {
        await using var graph = await RunningGraph.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = graph.Emulator.ApiUrl };

        var result = await graph.SendAsync(HttpMethod.Get, "users/alice/todo/lists", null, anonymous);

        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.Equal("InvalidAuthenticationToken", result.ErrorCode);
    }

    [Fact]
    public async Task UnknownUserListOrTask_Is404WithGraphErrorShape()
    {
        await using var graph = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");

        var user = await graph.GetAsync("users/nobody/todo/lists");
        var missingList = await graph.GetAsync("users/alice/todo/lists/AAMkADnope/tasks");
        var missingTask = await graph.GetAsync($"users/alice/todo/lists/{list}/tasks/AAMkADnope");

        Assert.Equal(HttpStatusCode.NotFound, user.Status);
        Assert.Equal("ResourceNotFound", user.ErrorCode);
        Assert.Equal("ErrorItemNotFound", missingList.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, missingTask.Status);
        Assert.NotNull(missingTask.Json["error"]!["innerError"]!["request-id"]);
        Assert.NotNull(missingTask.Json["error"]!["innerError"]!["date"]);
    }

    [Fact]
    public async Task SendMail_ValidMessage_Is202AndKeepsTheMessage()
    {
        await using var graph = await RunningGraph.StartAsync();

        var result = await graph.PostAsync("users/alice/sendMail", """
            {"message":{"subject":"Reminder","body":{"contentType":"HTML","content":"<p>Pay</p>"},
             "toRecipients":[{"emailAddress":{"address":"ap@fabrikam.example"}}]},"saveToSentItems":false}
            """);

        Assert.Equal(HttpStatusCode.Accepted, result.Status);
        Assert.Equal("", result.Text);
        var mail = Assert.Single(graph.Emulator.State.SentMail);
        Assert.Equal(("alice", "Reminder", "<p>Pay</p>", false), (mail.From, mail.Subject, mail.BodyContent, mail.SaveToSentItems));
        Assert.Equal(["ap@fabrikam.example"], mail.To);
    }

    [Fact]
    public async Task SendMail_NoRecipients_Is400()
    {
        await using var graph = await RunningGraph.StartAsync();

        var result = await graph.PostAsync("users/alice/sendMail", """{"message":{"subject":"x"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Empty(graph.Emulator.State.SentMail);
    }

    [Fact]
    public async Task SendMail_FileAttachment_KeptDecoded()
    {
        await using var graph = await RunningGraph.StartAsync();

        // The payload of user-sendmail.md's "send a message with a file attachment" example.
        var result = await graph.PostAsync("users/alice/sendMail", """
            {"message":{"subject":"Statement","body":{"contentType":"Text","content":"Attached."},
             "toRecipients":[{"emailAddress":{"address":"ap@fabrikam.example"}}],
             "attachments":[{"@odata.type":"#microsoft.graph.fileAttachment","name":"attachment.txt","contentType":"text/plain","contentBytes":"SGVsbG8gV29ybGQh"}]}}
            """);

        Assert.Equal(HttpStatusCode.Accepted, result.Status);
        var attachment = Assert.Single(Assert.Single(graph.Emulator.State.SentMail).Attachments);
        Assert.Equal(("attachment.txt", "text/plain", "Hello World!"), (attachment.Name, attachment.ContentType, System.Text.Encoding.UTF8.GetString(attachment.Content)));
    }

    [Fact]
    public async Task SendMail_AttachmentNotBase64_Is400AndNothingSent()
    {
        await using var graph = await RunningGraph.StartAsync();

        var result = await graph.PostAsync("users/alice/sendMail", """
            {"message":{"subject":"Statement","toRecipients":[{"emailAddress":{"address":"ap@fabrikam.example"}}],
             "attachments":[{"@odata.type":"#microsoft.graph.fileAttachment","name":"s.pdf","contentBytes":"not base64!"}]}}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("ErrorInvalidRequest", result.ErrorCode);
        Assert.Empty(graph.Emulator.State.SentMail);
    }

    [Fact]
    public async Task SendMail_RequestOverFourMegabytes_Is413AndNothingSent()
    {
        await using var graph = await RunningGraph.StartAsync();
        var content = Convert.ToBase64String(new byte[(4 * 1024 * 1024 * 3 / 4) + 1024]);

        var result = await graph.PostAsync("users/alice/sendMail", $$$"""
            {"message":{"subject":"Statement","toRecipients":[{"emailAddress":{"address":"ap@fabrikam.example"}}],
             "attachments":[{"@odata.type":"#microsoft.graph.fileAttachment","name":"s.pdf","contentBytes":"{{{content}}}"}]}}
            """);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, result.Status);
        Assert.Empty(graph.Emulator.State.SentMail);
    }

    [Fact]
    public async Task WindowLimit_Exceeded_Is429WithFractionalRetryAfterAndClearsWhenTheWindowSlides()
    {
        await using var graph = await RunningGraph.StartAsync(o =>
        {
            o.Limits.RequestsPerWindow = 3;
            o.TimeScale = 60;
        });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await graph.GetAsync("users/alice/todo/lists")).Status);
        }

        var throttled = await graph.GetAsync("users/alice/todo/lists");
        var otherMailbox = await graph.GetAsync("users/bob/todo/lists");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Equal("ApplicationThrottled", throttled.ErrorCode);
        var retryAfter = double.Parse(throttled.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.Equal(10.0, retryAfter); // 10 emulated minutes at 60x
        Assert.Equal(HttpStatusCode.OK, otherMailbox.Status);
        Assert.Equal(1, graph.Emulator.State.ThrottledFor("alice"));

        graph.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await graph.GetAsync("users/alice/todo/lists")).Status);
    }

    [Fact]
    public async Task ConcurrencyLimit_FifthRequestWhileFourAreInFlight_Is429()
    {
        await using var graph = await RunningGraph.StartAsync(o => o.Latency = TimeSpan.FromSeconds(1));

        var held = Enumerable.Range(0, 4).Select(_ => graph.GetAsync("users/alice/todo/lists")).ToList();
        while (graph.Emulator.InFlight("alice") < 4)
        {
            await Task.Delay(5);
        }

        var fifth = await graph.GetAsync("users/alice/todo/lists");
        graph.Clock.Advance(TimeSpan.FromSeconds(1));
        var answers = await Task.WhenAll(held);

        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.Status);
        Assert.Equal("2.128", fifth.Headers.GetValues("Retry-After").Single());
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
    }

    [Fact]
    public async Task Faults_ThrottleRateOne_Every_Request_Is429ApplicationThrottled()
    {
        await using var graph = await RunningGraph.StartAsync(o => o.Faults.ThrottleRate = 1);

        var result = await graph.GetAsync("users/alice/todo/lists");

        Assert.Equal(HttpStatusCode.TooManyRequests, result.Status);
        Assert.Equal("ApplicationThrottled", result.ErrorCode);
        Assert.Equal(1, graph.Emulator.State.InjectedFaults);
    }

    [Fact]
    public async Task Faults_UnavailableRateOne_Is503()
    {
        await using var graph = await RunningGraph.StartAsync(o => o.Faults.UnavailableRate = 1);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await graph.GetAsync("users/alice/todo/lists")).Status);
    }
}
