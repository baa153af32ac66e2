using System.Text.Json.Nodes;

namespace Connector.Emulators.Graph.Todo;

/// <summary>
/// A To Do list and its tasks. Every change takes the next <see cref="Sequence"/> number: a task remembers the number of
/// its last change and a deleted task leaves a tombstone with the number of its deletion, which is what delta pages over.
/// </summary>
public sealed class TodoListState
{
    private readonly Lock sync;

    internal TodoListState(string id, string displayName, Lock sync)
    {
        this.sync = sync;
        Id = id;
        DisplayName = displayName;
    }

    public string Id { get; }

    public string DisplayName { get; internal set; }

    internal List<TodoTaskState> TasksInternal { get; } = [];

    internal List<(string Id, long Sequence)> Tombstones { get; } = [];

    internal long Sequence { get; set; }

    /// <summary>A snapshot of the tasks, as JSON the way Graph returns them.</summary>
    public IReadOnlyList<JsonObject> Tasks
    {
        get
        {
            lock (sync)
            {
                return [.. TasksInternal.Select(t => t.ToJson())];
            }
        }
    }

    /// <summary>Removes a task and leaves its tombstone, so the next delta reports it <c>@removed</c>.</summary>
    internal void Delete(TodoTaskState task)
    {
        if (TasksInternal.Remove(task))
        {
            Tombstones.Add((task.Id, ++Sequence));
        }
    }

    internal TodoTaskState? FindTask(string taskId) => TasksInternal.Find(t => string.Equals(t.Id, taskId, StringComparison.Ordinal));

    internal JsonObject ToJson() => new()
    {
        ["@odata.etag"] = $"W/\"{Id[^8..]}\"",
        ["displayName"] = DisplayName,
        ["isOwner"] = true,
        ["isShared"] = false,
        ["wellknownListName"] = "none",
        ["id"] = Id,
    };
}
