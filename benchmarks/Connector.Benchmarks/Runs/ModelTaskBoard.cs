using System.Collections.Concurrent;
using System.Globalization;
using Connector.Sync.Ports;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// An in-process <see cref="ITaskBoard"/> for <c>tasks --parts</c>: every call waits <c>latency</c> holding one of
/// <c>perMailbox</c> slots of its mailbox (Outlook's concurrency limit, enforced by waiting, not by 429), with no HTTP,
/// SDK or emulator behind it; with zero latency it measures what the writer and the store cost alone.
/// </summary>
internal sealed class ModelTaskBoard(TimeSpan latency, int perMailbox) : ITaskBoard
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> slots = new(StringComparer.OrdinalIgnoreCase);
    private long ids;

    public Task<string> EnsureListAsync(string userId, string displayName, CancellationToken cancellationToken) =>
        CallAsync(userId, () => "list-" + userId, cancellationToken);

    public Task<string> CreateTaskAsync(string userId, string listId, TaskContent content, CancellationToken cancellationToken) =>
        CallAsync(userId, () => "task-" + Interlocked.Increment(ref ids).ToString(CultureInfo.InvariantCulture), cancellationToken);

    public Task UpdateTaskAsync(TaskPlacement placement, TaskContent content, CancellationToken cancellationToken) =>
        CallAsync(placement.UserId, () => placement.TaskId, cancellationToken);

    public Task<BoardTaskChanges> ReadTasksAsync(string userId, string listId, string? deltaLink, CancellationToken cancellationToken) =>
        CallAsync(userId, () => new BoardTaskChanges([], "delta-" + listId), cancellationToken);

    private async Task<T> CallAsync<T>(string mailbox, Func<T> answer, CancellationToken cancellationToken)
    {
        if (latency <= TimeSpan.Zero)
        {
            return answer();
        }

        var slots = this.slots.GetOrAdd(mailbox, _ => new SemaphoreSlim(perMailbox, perMailbox));
        await slots.WaitAsync(cancellationToken);
        try
        {
            await Task.Delay(latency, cancellationToken);
            return answer();
        }
        finally
        {
            slots.Release();
        }
    }
}
