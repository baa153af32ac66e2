using System.Collections.Concurrent;
using System.Net;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Graph;

namespace Connector.Emulators.Tests.Graph;

public sealed class GraphObservationTests
{
    [Fact]
    public async Task Observer_TaskCreate_SeesReceivedExecutedAnsweredWithTheTaskStoredBeforeTheAnswer()
    {
        var seen = new ConcurrentQueue<(ObservedGraphRequest Request, int TasksStored)>();
        RunningGraph? running = null;
        await using var graph = running = await RunningGraph.StartAsync();
        var list = await graph.CreateListAsync("alice");
        graph.Emulator.Options.Observer = r => seen.Enqueue((r, running.Emulator.State.FindUser("alice")!.Lists[0].Tasks.Count));

        await graph.CreateTaskAsync("alice", list, "Call Contoso");
        var second = await graph.PostAsync($"users/Alice/todo/lists/{list}/tasks", """{"title":"Call Fabrikam"}""");

        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal(
            [
                (new ObservedGraphRequest(RequestPhase.Received, "POST", GraphOperations.CreateTask, "alice", 1, null), 0),
                (new ObservedGraphRequest(RequestPhase.Executed, "POST", GraphOperations.CreateTask, "alice", 1, 201), 1),
                (new ObservedGraphRequest(RequestPhase.Answered, "POST", GraphOperations.CreateTask, "alice", 1, 201), 1),
                (new ObservedGraphRequest(RequestPhase.Received, "POST", GraphOperations.CreateTask, "Alice", 2, null), 1),
                (new ObservedGraphRequest(RequestPhase.Executed, "POST", GraphOperations.CreateTask, "Alice", 2, 201), 2),
                (new ObservedGraphRequest(RequestPhase.Answered, "POST", GraphOperations.CreateTask, "Alice", 2, 201), 2),
            ],
            seen.ToArray());
    }

    [Theory]
    [InlineData("POST", "users/a/todo/lists", GraphOperations.CreateList)]
    [InlineData("GET", "users/a/todo/lists", GraphOperations.ListLists)]
    [InlineData("GET", "users/a/todo/lists/L/tasks/delta", GraphOperations.TaskDelta)]
    [InlineData("PATCH", "users/a/todo/lists/L/tasks/T", GraphOperations.UpdateTask)]
    [InlineData("DELETE", "users/a/todo/lists/L/tasks/T", GraphOperations.DeleteTask)]
    [InlineData("POST", "users/a/sendMail", GraphOperations.SendMail)]
    [InlineData("POST", "$batch", GraphOperations.Batch)]
    [InlineData("GET", "me/messages", GraphOperations.Other)]
    public void Classify_MethodAndPath_NamesTheOperation(string method, string path, string expected) =>
        Assert.Equal(expected, GraphOperations.Classify(method, path));
}
