using Connector.Domain.Collections;
using Connector.Sync.Clock;
using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>What the read-back of the collectors' lists found.</summary>
public sealed record TaskReadBackResult(int Lists, int CompletedByCollectors, int DeletedByCollectors, int Adopted, int ReopenedByCollectors);

/// <summary>
/// Reads every collector's list since its delta link, before anything is planned or written: tasks collectors completed
/// become contact attempts (audited), tasks they deleted are forgotten (recreated while the case is open, if the policy
/// says so), and a task carrying one of our case ids that the store does not know — created just before a crash — is
/// adopted instead of being created twice.
/// </summary>
public sealed class TaskReadBack
{
    private readonly ITaskBoard board;
    private readonly IConnectorStore store;
    private readonly CompanyClock clock;

    public TaskReadBack(ITaskBoard board, IConnectorStore store, CompanyClock clock)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        this.board = board;
        this.store = store;
        this.clock = clock;
    }

    public async Task<TaskReadBackResult> RunAsync(CollectionsSyncOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lists = await store.ReadTaskListsAsync(cancellationToken).ConfigureAwait(false);
        var cases = (await store.ReadCasesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(static c => c.CaseId, StringComparer.Ordinal);
        var byTask = new Dictionary<(string User, string TaskId), StoredCase>();
        foreach (var stored in cases.Values)
        {
            if (stored.Placement is { } p)
            {
                byTask[(p.UserId.ToUpperInvariant(), p.TaskId)] = stored;
            }
        }

        var intended = await IntendedMailboxesAsync(cancellationToken).ConfigureAwait(false);
        var reads = new List<(TaskListRecord List, BoardTaskChanges? Changes, bool Full)>();
        await Parallel.ForEachAsync(
            lists,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism), CancellationToken = cancellationToken },
            async (list, ct) =>
            {
                var (changes, full) = await ReadAsync(list, ct).ConfigureAwait(false);
                lock (reads)
                {
                    reads.Add((list, changes, full));
                }
            }).ConfigureAwait(false);

        var now = clock.Now;
        var commit = new Builder();
        foreach (var (list, changes, full) in reads.OrderBy(static r => r.List.UserId, StringComparer.Ordinal))
        {
            if (changes is null)
            {
                // The list itself is gone (a collector deleted it): every placement in it is forgotten and the list is
                // ensured again before the next write, so open cases get their tasks back.
                foreach (var stored in cases.Values.Where(c => c.Placement is { } p && SameUser(p.UserId, list.UserId) && p.ListId == list.ListId))
                {
                    commit.Forgotten.Add(stored.CaseId);
                }

                commit.Lists.Add(list with { ListId = "", DeltaLink = null });
                continue;
            }

            if (full)
            {
                // A full read lists what exists, not what went: a placed task it does not list was deleted before
                // this list had a delta link (or while the link expired), and delta will never report it.
                var present = changes.Tasks.Where(static t => !t.Removed).Select(static t => t.TaskId).ToHashSet(StringComparer.Ordinal);
                foreach (var placed in cases.Values.Where(c => c.Placement is { } p && SameUser(p.UserId, list.UserId) && p.ListId == list.ListId && !present.Contains(p.TaskId)))
                {
                    Deleted(placed, list, options, now, commit);
                }
            }

            foreach (var task in changes.Tasks)
            {
                byTask.TryGetValue((list.UserId.ToUpperInvariant(), task.TaskId), out var placed);
                if (task.Removed)
                {
                    if (placed is not null)
                    {
                        Deleted(placed, list, options, now, commit);
                    }

                    continue;
                }

                var stored = placed;
                if (stored is null && task.ExternalId is { } externalId && cases.TryGetValue(externalId, out var known)
                    && ShouldAdopt(known, list.UserId, task, intended))
                {
                    var adopted = new TaskPlacement(known.CaseId, list.UserId, list.ListId, task.TaskId);
                    commit.Adopted.Add(adopted);
                    commit.Audit.Add(new AuditEvent(now, "connector", "task.adopted", "customer:" + known.CustomerId, null, $"{list.UserId} {task.TaskId}",
                        "a task for this case was found in the collector's list (created before a restart); it is used instead of creating another"));
                    stored = known with { Placement = adopted };
                }

                // A task completed while its case moves to this run's other collector was completed by the connector (the
                // reassignment note), not by a collector: not a contact attempt.
                if (stored is not null && intended.TryGetValue(stored.CaseId, out var movingTo) && !SameUser(movingTo, list.UserId))
                {
                    continue;
                }

                if (stored is null || !stored.IsOpen)
                {
                    continue;
                }

                var level = CaseSnapshotJson.Deserialize(stored.Snapshot!).Level;
                var actedAtLevel = stored.OutlookAction == OutlookAction.Completed && stored.OutlookActionLevel == level;
                if (task.Completed && !actedAtLevel)
                {
                    var on = clock.DayOf(task.CompletedAt ?? now);
                    commit.Actions.Add(new CaseOutlookAction(stored.CaseId, OutlookAction.Completed, level));
                    commit.ContactAttempts.Add(new StoredContactAttempt(
                        stored.CustomerId, stored.CaseId, level, ContactKind.Task, on, list.UserId, "task completed in Outlook",
                        $"task:{task.TaskId}:{on:yyyy-MM-dd}:L{level}"));
                    commit.Audit.Add(new AuditEvent(now, "outlook:" + list.UserId, "task.completed", "customer:" + stored.CustomerId, null, $"level {level}", "the collector completed the task in Outlook: recorded as a contact attempt"));
                    commit.Completed++;
                }
                else if (!task.Completed && actedAtLevel)
                {
                    commit.Actions.Add(new CaseOutlookAction(stored.CaseId, OutlookAction.None, null));
                    commit.Audit.Add(new AuditEvent(now, "outlook:" + list.UserId, "task.reopened", "customer:" + stored.CustomerId, null, $"level {level}", "the collector reopened the task in Outlook"));
                    commit.Reopened++;
                }
            }

            commit.Lists.Add(list with { DeltaLink = changes.DeltaLink });
        }

        await store.CommitTaskReadBackAsync(commit.Build(), cancellationToken).ConfigureAwait(false);
        return new TaskReadBackResult(lists.Count, commit.Completed, commit.Deleted, commit.Adopted.Count, commit.Reopened);
    }

    /// <summary>
    /// Which task found by its case id is ours to keep: an open one, when the store places none for the case, or when
    /// the case's pending intent is to move it into this very list (a crash after the create in the new list). Never a
    /// completed one: the tasks left behind in a previous collector's list are completed, and stay theirs.
    /// </summary>
    private static bool ShouldAdopt(StoredCase known, string listUser, BoardTask task, Dictionary<string, string> intended)
    {
        if (task.Completed)
        {
            return false;
        }

        if (known.Placement is null)
        {
            return true;
        }

        return !SameUser(known.Placement.UserId, listUser)
            && intended.TryGetValue(known.CaseId, out var target) && SameUser(target, listUser);
    }

    /// <summary>The mailbox each case's pending task intent is for (the outbox, before this run plans anything).</summary>
    private async Task<Dictionary<string, string>> IntendedMailboxesAsync(CancellationToken cancellationToken)
    {
        var intended = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in await store.ReadPendingAsync(TaskIntent.Target, int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            intended[entry.Item.Key] = TaskIntent.Parse(entry.Item.Payload).UserId;
        }

        return intended;
    }

    /// <summary>The list's changes (null: the list is gone), and whether they are a full read rather than changes since the delta link.</summary>
    private async Task<(BoardTaskChanges? Changes, bool Full)> ReadAsync(TaskListRecord list, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(list.ListId))
        {
            return (new BoardTaskChanges([], list.DeltaLink ?? ""), false);
        }

        try
        {
            return (await board.ReadTasksAsync(list.UserId, list.ListId, list.DeltaLink, cancellationToken).ConfigureAwait(false), list.DeltaLink is null);
        }
        catch (TaskBoardException e) when (e.DeltaExpired && list.DeltaLink is not null)
        {
            return (await board.ReadTasksAsync(list.UserId, list.ListId, null, cancellationToken).ConfigureAwait(false), true);
        }
        catch (TaskBoardException e) when (e.NotFound)
        {
            return (null, false);
        }
    }

    private static void Deleted(StoredCase placed, TaskListRecord list, CollectionsSyncOptions options, DateTimeOffset now, Builder commit)
    {
        commit.Deleted++;
        if (!placed.IsOpen)
        {
            commit.Forgotten.Add(placed.CaseId);
            return;
        }

        var level = CaseSnapshotJson.Deserialize(placed.Snapshot!).Level;
        commit.Forgotten.Add(placed.CaseId);
        if (options.RecreateDeletedTasks)
        {
            commit.Audit.Add(new AuditEvent(now, "outlook:" + list.UserId, "task.deleted", "customer:" + placed.CustomerId, null, $"level {level}",
                "the collector deleted the task while the case is open: it is created again (Collections:RecreateDeletedTasks)"));
        }
        else
        {
            commit.Actions.Add(new CaseOutlookAction(placed.CaseId, OutlookAction.Deleted, level));
            commit.Audit.Add(new AuditEvent(now, "outlook:" + list.UserId, "task.deleted", "customer:" + placed.CustomerId, null, $"level {level}",
                "the collector deleted the task: not recreated until the case reaches another level (Collections:RecreateDeletedTasks is off)"));
        }
    }

    private static bool SameUser(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private sealed class Builder
    {
        public List<TaskPlacement> Adopted { get; } = [];
        public List<CaseOutlookAction> Actions { get; } = [];
        public List<string> Forgotten { get; } = [];
        public List<StoredContactAttempt> ContactAttempts { get; } = [];
        public List<AuditEvent> Audit { get; } = [];
        public List<TaskListRecord> Lists { get; } = [];
        public int Completed { get; set; }
        public int Deleted { get; set; }
        public int Reopened { get; set; }

        public TaskReadBackCommit Build() => new()
        {
            Adopted = Adopted,
            Actions = Actions,
            Forgotten = Forgotten,
            ContactAttempts = ContactAttempts,
            Audit = Audit,
            Lists = Lists,
        };
    }
}
