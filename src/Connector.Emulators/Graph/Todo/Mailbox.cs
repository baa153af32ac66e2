namespace Connector.Emulators.Graph.Todo;

/// <summary>One user's mailbox: their To Do lists in creation order. Read under <see cref="GraphState"/>'s lock or via its snapshots.</summary>
public sealed class Mailbox
{
    private readonly Lock sync;

    internal Mailbox(string userId, Lock sync)
    {
        UserId = userId;
        this.sync = sync;
    }

    public string UserId { get; }

    internal List<TodoListState> ListsInternal { get; } = [];

    /// <summary>A snapshot of the lists.</summary>
    public IReadOnlyList<TodoListState> Lists
    {
        get
        {
            lock (sync)
            {
                return [.. ListsInternal];
            }
        }
    }

    internal TodoListState? FindList(string listId) => ListsInternal.Find(l => string.Equals(l.Id, listId, StringComparison.Ordinal));
}
