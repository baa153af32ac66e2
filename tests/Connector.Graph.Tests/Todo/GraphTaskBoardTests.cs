using Connector.Emulators.Dataverse;
using Connector.Emulators.Graph;
using Connector.Graph.Tests.Support;
using Connector.Graph.Todo;
using Connector.Sync.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Graph.Tests.Todo;

public sealed class GraphTaskBoardTests
{
    [Fact]
    public async Task EnsureList_CalledTwice_CreatesOnceThenFindsIt()
    {
        await using var host = await GraphTestHost.StartAsync();

        var first = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);
        var second = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);

        Assert.Equal(first, second);
        var list = Assert.Single(host.State.FindUser("alice")!.Lists);
        Assert.Equal(("AR Collections", first), (list.DisplayName, list.Id));
    }

    [Fact]
    public async Task EnsureList_ListOnALaterPage_IsFoundNotCreatedAgain()
    {
        await using var host = await GraphTestHost.StartAsync(o => o.DefaultPageSize = 2);
        var id = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);
        foreach (var other in new[] { "Groceries", "Holidays", "Reading" })
        {
            await host.Board.EnsureListAsync("alice", other, CancellationToken.None);
        }

        Assert.Equal(id, await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None));
        Assert.Equal(4, host.State.FindUser("alice")!.Lists.Count);
    }

    [Fact]
    public async Task CreateTask_FullContent_StoresEveryFieldAndTheLinkBackToTheAccount()
    {
        await using var host = await GraphTestHost.StartAsync();
        var list = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);

        var id = await host.Board.CreateTaskAsync("alice", list, GraphTestHost.Content("CASE-C1"), CancellationToken.None);

        var task = Assert.Single(host.State.FindTasks("alice", "CASE-C1"));
        Assert.Equal(id, task["id"]!.GetValue<string>());
        Assert.Equal("Call Contoso Ltd — 12,400.00 USD overdue (61–90 days)", task["title"]!.GetValue<string>());
        Assert.Equal(("html", "<p>Open items: INV-77 12,400.00 USD</p>"), (task["body"]!["contentType"]!.GetValue<string>().ToLowerInvariant(), task["body"]!["content"]!.GetValue<string>()));
        Assert.Equal(("2025-07-08T00:00:00", "UTC"), (task["dueDateTime"]!["dateTime"]!.GetValue<string>(), task["dueDateTime"]!["timeZone"]!.GetValue<string>()));
        Assert.Equal(("high", "notStarted"), (task["importance"]!.GetValue<string>(), task["status"]!.GetValue<string>()));
        Assert.Equal("AR level 2 – Remind", Assert.Single(task["categories"]!.AsArray())!.GetValue<string>());
        var link = Assert.Single(task["linkedResources"]!.AsArray())!;
        Assert.Equal("https://contoso.crm4.dynamics.com/main.aspx?etn=account&id=6f1c", link["webUrl"]!.GetValue<string>());
        Assert.Equal(GraphTaskBoard.ApplicationName, link["applicationName"]!.GetValue<string>());
        Assert.Equal(("Contoso Ltd (C1)", "CASE-C1"), (link["displayName"]!.GetValue<string>(), link["externalId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CreateTask_NoAccountUrlYet_LinksWithoutWebUrl()
    {
        await using var host = await GraphTestHost.StartAsync();
        var list = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);

        await host.Board.CreateTaskAsync("alice", list, GraphTestHost.Content("CASE-C2") with { AccountUrl = null }, CancellationToken.None);

        var link = Assert.Single(Assert.Single(host.State.FindTasks("alice", "CASE-C2"))["linkedResources"]!.AsArray())!;
        Assert.Null(link["webUrl"]);
        Assert.Equal("CASE-C2", link["externalId"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateTask_ThenComplete_ChangesTheTaskInPlace()
    {
        await using var host = await GraphTestHost.StartAsync();
        var list = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);
        var id = await host.Board.CreateTaskAsync("alice", list, GraphTestHost.Content("CASE-C1"), CancellationToken.None);
        var placement = new TaskPlacement("CASE-C1", "alice", list, id);

        await host.Board.UpdateTaskAsync(placement, GraphTestHost.Content("CASE-C1", "Call Contoso Ltd — 9,000.00 USD overdue (91–120 days)") with
        {
            Importance = Domain.Collections.Importance.Low,
            Categories = ["AR level 3 – Escalate"],
            DueDate = new DateOnly(2025, 7, 15),
        }, CancellationToken.None);
        var updated = Assert.Single(host.State.FindTasks("alice", "CASE-C1"));
        await host.Board.UpdateTaskAsync(placement, GraphTestHost.Content("CASE-C1") with { HtmlBody = "<p>Paid in full on 2025-07-10.</p>", Completed = true }, CancellationToken.None);
        var completed = Assert.Single(host.State.FindTasks("alice", "CASE-C1"));

        Assert.Equal(id, updated["id"]!.GetValue<string>());
        Assert.Equal("Call Contoso Ltd — 9,000.00 USD overdue (91–120 days)", updated["title"]!.GetValue<string>());
        Assert.Equal(("low", "notStarted", "2025-07-15T00:00:00"), (updated["importance"]!.GetValue<string>(), updated["status"]!.GetValue<string>(), updated["dueDateTime"]!["dateTime"]!.GetValue<string>()));
        Assert.Equal("AR level 3 – Escalate", Assert.Single(updated["categories"]!.AsArray())!.GetValue<string>());
        Assert.Equal(("completed", "<p>Paid in full on 2025-07-10.</p>"), (completed["status"]!.GetValue<string>(), completed["body"]!["content"]!.GetValue<string>()));
        Assert.NotNull(completed["completedDateTime"]);
        Assert.Single(completed["linkedResources"]!.AsArray());
    }

    [Fact]
    public async Task UpdateTask_DueDateAndCategoriesRemoved_ClearsThem()
    {
        await using var host = await GraphTestHost.StartAsync();
        var list = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);
        var id = await host.Board.CreateTaskAsync("alice", list, GraphTestHost.Content("CASE-C1"), CancellationToken.None);

        await host.Board.UpdateTaskAsync(new TaskPlacement("CASE-C1", "alice", list, id), GraphTestHost.Content("CASE-C1") with { DueDate = null, Categories = [] }, CancellationToken.None);

        var task = Assert.Single(host.State.FindTasks("alice", "CASE-C1"));
        Assert.Null(task["dueDateTime"]);
        Assert.Empty(task["categories"]!.AsArray());
    }

    [Fact]
    public async Task UpdateTask_TaskGone_IsNotFound()
    {
        await using var host = await GraphTestHost.StartAsync();
        var list = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);
        var id = await host.Board.CreateTaskAsync("alice", list, GraphTestHost.Content("CASE-C1"), CancellationToken.None);
        host.State.DeleteTask("alice", id);

        var error = await Assert.ThrowsAsync<TaskBoardException>(() => host.Board.UpdateTaskAsync(new TaskPlacement("CASE-C1", "alice", list, id), GraphTestHost.Content("CASE-C1"), CancellationToken.None));

        Assert.True(error.NotFound);
        Assert.False(error.Refused);
        Assert.Equal("ErrorItemNotFound", error.Code);
        Assert.Equal("Graph refused to update the task for CASE-C1 in mailbox alice: 404 ErrorItemNotFound: The specified object was not found in the store.", error.Message);
    }

    [Fact]
    public async Task CreateTask_RefusedByGraph_IsRefusedWithOneSpecificLineAndNoToken()
    {
        await using var host = await GraphTestHost.StartAsync();
        var list = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);

        var error = await Assert.ThrowsAsync<TaskBoardException>(() => host.Board.CreateTaskAsync("alice", list, GraphTestHost.Content("CASE-C1", title: " "), CancellationToken.None));

        Assert.True(error.Refused);
        Assert.Equal((400, "invalidRequest"), (error.Status, error.Code));
        Assert.Equal("Graph refused to create the task for CASE-C1 in mailbox alice: 400 invalidRequest: A todoTask needs a non-empty 'title'.", error.Message);
        Assert.DoesNotContain(GraphTestHost.Token, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(host.State.FindTasks("alice", "CASE-C1"));
    }

    [Fact]
    public async Task ReadTasks_CollectorCompletesAndDeletes_ReturnsThemAndTheDeltaLinkResumes()
    {
        await using var host = await GraphTestHost.StartAsync(o => o.DefaultPageSize = 2);
        var list = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);
        var ids = new Dictionary<string, string>();
        foreach (var caseId in new[] { "CASE-C1", "CASE-C2", "CASE-C3" })
        {
            ids[caseId] = await host.Board.CreateTaskAsync("alice", list, GraphTestHost.Content(caseId), CancellationToken.None);
        }

        var full = await host.Board.ReadTasksAsync("alice", list, null, CancellationToken.None);
        host.State.CompleteTask("alice", "CASE-C1");
        host.State.DeleteTask("alice", "CASE-C2");
        var changes = await host.Board.ReadTasksAsync("alice", list, full.DeltaLink, CancellationToken.None);
        var quiet = await host.Board.ReadTasksAsync("alice", list, changes.DeltaLink, CancellationToken.None);

        Assert.Equal(["CASE-C1", "CASE-C2", "CASE-C3"], full.Tasks.Select(t => t.ExternalId));
        Assert.All(full.Tasks, t => Assert.False(t.Completed || t.Removed));
        Assert.Equal(2, changes.Tasks.Count);
        var done = changes.Tasks.Single(t => t.TaskId == ids["CASE-C1"]);
        Assert.Equal(("CASE-C1", true, false), (done.ExternalId, done.Completed, done.Removed));
        Assert.NotNull(done.CompletedAt);
        var gone = changes.Tasks.Single(t => t.TaskId == ids["CASE-C2"]);
        Assert.True(gone.Removed);
        Assert.Empty(quiet.Tasks);
    }

    [Fact]
    public async Task ReadTasks_ListGone_IsNotFound()
    {
        await using var host = await GraphTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<TaskBoardException>(() => host.Board.ReadTasksAsync("alice", "AAMkADmissing", null, CancellationToken.None));

        Assert.True(error.NotFound);
        Assert.StartsWith("Graph refused to read the task changes of list AAMkADmissing in mailbox alice: 404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTask_ThrottledWithFractionalRetryAfter_WaitsItOutAndSucceeds()
    {
        // Seeded injected 429s; at time scale 4 their Retry-After is 0.25 s, a fraction the SDK's own handler cannot read.
        await using var host = await GraphTestHost.StartAsync(
            o =>
            {
                o.Faults.ThrottleRate = 0.5;
                o.Faults.Seed = 1;
                o.TimeScale = 4;
            },
            new Dictionary<string, string?> { ["MaxRetries"] = "5" });

        var list = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);
        foreach (var caseId in new[] { "CASE-C1", "CASE-C2", "CASE-C3" })
        {
            await host.Board.CreateTaskAsync("alice", list, GraphTestHost.Content(caseId), CancellationToken.None);
        }

        Assert.True(host.State.InjectedFaults >= 1);
        Assert.Equal(3, host.State.FindUser("alice")!.Lists.Single().Tasks.Count);
    }

    [Fact]
    public async Task CreateTask_FortyInParallel_NeverExceedsTheMailboxLimit()
    {
        var peak = 0;
        GraphEmulator? emulator = null;
        await using var host = await GraphTestHost.StartAsync(o =>
        {
            o.Latency = TimeSpan.FromMilliseconds(10);
            o.Observer = r =>
            {
                if (r.Phase == RequestPhase.Received && emulator is not null)
                {
                    InterlockedMax(ref peak, emulator.InFlight("alice"));
                }
            };
        });
        emulator = host.Emulator;
        var list = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(1, 40).Select(i => host.Board.CreateTaskAsync("alice", list, GraphTestHost.Content($"CASE-{i}"), CancellationToken.None)));

        Assert.Equal(0, host.State.ThrottledFor("alice"));
        Assert.Equal(40, host.State.FindUser("alice")!.Lists[0].Tasks.Count);
        Assert.InRange(peak, 0, 3); // seen on arrival, before this request takes its own slot
    }

    [Fact]
    public async Task CreateTask_TimedOutWithoutAnswer_IsNotSentAgain()
    {
        using var release = new ManualResetEventSlim();
        await using var host = await GraphTestHost.StartAsync(
            o => o.Observer = r =>
            {
                if (r is { Operation: GraphOperations.CreateTask, Phase: RequestPhase.Executed, Ordinal: 1 })
                {
                    release.Wait(TimeSpan.FromSeconds(5));
                }
            },
            settings: null);
        var list = await host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);
        await using var impatient = host.ClientWith(new Dictionary<string, string?> { ["TimeoutSeconds"] = "1" });

        var error = await Assert.ThrowsAsync<TaskBoardException>(() => impatient.GetRequiredService<ITaskBoard>().CreateTaskAsync("alice", list, GraphTestHost.Content("CASE-C1"), CancellationToken.None));
        release.Set();

        Assert.Null(error.Status);
        Assert.Equal("Graph did not answer within 1 s when asked to create the task for CASE-C1 in mailbox alice", error.Message);
        Assert.Single(host.State.FindTasks("alice", "CASE-C1"));
    }

    [Theory]
    [InlineData("2025-07-10T09:30:00.0000000", "UTC", "2025-07-10T09:30:00+00:00")]
    [InlineData("2025-07-10T09:30:00", "Europe/Berlin", "2025-07-10T09:30:00+02:00")]
    [InlineData("2025-07-10T09:30:00", "Mars/Olympus", null)]
    public void CompletedAt_ZonedDateTime_IsTheInstant(string dateTime, string zone, string? expected) =>
        Assert.Equal(
            expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            GraphTaskBoard.CompletedAt(new Microsoft.Graph.Models.DateTimeTimeZone { DateTime = dateTime, TimeZone = zone }));

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
