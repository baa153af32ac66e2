using Connector.Emulators.Dataverse;

namespace Connector.Emulators.Graph;

/// <summary>
/// One top-level Graph request as <see cref="GraphEmulatorOptions.Observer"/> sees it. <paramref name="Ordinal"/>
/// numbers the requests of the same <paramref name="Operation"/> to the same mailbox from 1, in the order they were
/// received, so a test can say "alice's third createTask" and mean the same request at every phase.
/// </summary>
/// <param name="Phase">How far the request got (the same phases as the Dataverse emulator's hook).</param>
/// <param name="Method">HTTP method (upper case).</param>
/// <param name="Operation">What it does (<see cref="GraphOperations"/>).</param>
/// <param name="UserId">The mailbox in the path, or null (<c>$batch</c>).</param>
/// <param name="Ordinal">1-based number among the requests of this operation to this mailbox.</param>
/// <param name="Status">The HTTP status answered (a 429 from the mailbox limits too); null while <see cref="RequestPhase.Received"/>.</param>
public sealed record ObservedGraphRequest(RequestPhase Phase, string Method, string Operation, string? UserId, int Ordinal, int? Status);

/// <summary>The operation names <see cref="ObservedGraphRequest.Operation"/> uses, from the method and the path.</summary>
public static class GraphOperations
{
    public const string ListLists = "listLists";
    public const string CreateList = "createList";
    public const string ReadList = "readList";
    public const string ListTasks = "listTasks";
    public const string CreateTask = "createTask";
    public const string ReadTask = "readTask";
    public const string UpdateTask = "updateTask";
    public const string DeleteTask = "deleteTask";
    public const string TaskDelta = "taskDelta";
    public const string LinkedResources = "linkedResources";
    public const string SendMail = "sendMail";
    public const string Batch = "batch";
    public const string Other = "other";

    /// <summary>The operation of a request to <paramref name="relativePath"/> (after <c>/v1.0/</c>, no query).</summary>
    public static string Classify(string method, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var segments = relativePath.Trim('/').Split('/');
        return segments switch
        {
            ["$batch"] => Batch,
            ["users", _, "sendMail"] => SendMail,
            ["users", _, "todo", "lists"] => method == "POST" ? CreateList : ListLists,
            ["users", _, "todo", "lists", _] => ReadList,
            ["users", _, "todo", "lists", _, "tasks"] => method == "POST" ? CreateTask : ListTasks,
            ["users", _, "todo", "lists", _, "tasks", "delta" or "delta()"] => TaskDelta,
            ["users", _, "todo", "lists", _, "tasks", _] => method switch { "PATCH" => UpdateTask, "DELETE" => DeleteTask, _ => ReadTask },
            ["users", _, "todo", "lists", _, "tasks", _, "linkedResources"] => LinkedResources,
            _ => Other,
        };
    }
}
