using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>What the writer did with the pending task intents.</summary>
public sealed record TaskWriteResult(int Created, int Updated, int Completed, int Moved, int Quarantined, int Failed)
{
    public int Written => Created + Updated + Completed;
}

/// <summary>
/// Drains the task intents: updates a case's task in place when its placement is known, creates it otherwise (the
/// read-back has already adopted any task a crash left unrecorded), and moves it when the case changed collector
/// (completed in the old list with a note, created in the new one). Each mailbox is a lane of its own, worked by as many
/// workers as Outlook lets one mailbox have requests in flight, and every lane runs at once, so no mailbox waits behind
/// another's. Placements are stored after Graph answered, with the intent marked sent, in batches.
/// </summary>
public sealed class TaskWriter
{
    private readonly ITaskBoard board;
    private readonly IConnectorStore store;

    public TaskWriter(ITaskBoard board, IConnectorStore store)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(store);
        this.board = board;
        this.store = store;
    }

    /// <summary>Writes every pending intent and returns when all are answered.</summary>
    public async Task<TaskWriteResult> RunAsync(CollectionsSyncOptions options, CancellationToken cancellationToken)
    {
        await using var session = await StartAsync(options, cancellationToken).ConfigureAwait(false);
        return await session.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a writing session while the plan is still being committed: <see cref="TaskWriteSession.TakeCommittedAsync"/>
    /// after each commit hands the intents it queued to the lanes at once, and <see cref="TaskWriteSession.CompleteAsync"/>
    /// writes what else is pending (intents left from earlier runs, after this run's commits replaced or kept them) and
    /// waits for every answer.
    /// </summary>
    public async Task<TaskWriteSession> StartAsync(CollectionsSyncOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var placements = new ConcurrentDictionary<string, TaskPlacement>(StringComparer.Ordinal);
        foreach (var placement in await store.ReadTaskPlacementsAsync(cancellationToken).ConfigureAwait(false))
        {
            placements[placement.CaseId] = placement;
        }

        // Intents left pending by earlier runs wait for the end: this run's commits may still replace them.
        var earlier = await store.ReadPendingAsync(TaskIntent.Target, int.MaxValue, cancellationToken).ConfigureAwait(false);
        var lists = new Lists(board, store, options.TaskListName, await store.ReadTaskListsAsync(cancellationToken).ConfigureAwait(false));
        return new TaskWriteSession(this, options, placements, lists, earlier.Count == 0 ? 0 : earlier.Max(static e => e.Id), cancellationToken);
    }

    /// <summary>One run of the writer: lanes per mailbox fed as intents are committed.</summary>
    public sealed class TaskWriteSession : IAsyncDisposable
    {
        private readonly TaskWriter writer;
        private readonly CollectionsSyncOptions options;
        private readonly ConcurrentDictionary<string, TaskPlacement> placements;
        private readonly Lists lists;
        private readonly Counts counts = new();
        private readonly WrittenTaskRecorder recorder;
        private readonly Task recording;
        private readonly CancellationTokenSource stop;
        private readonly Dictionary<string, Lane> lanes = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<long> dispatched = [];
        private readonly CancellationToken cancellationToken;
        private long takenUpTo;
        private TaskBoardException? unanswered;
        private bool finished;

        internal TaskWriteSession(
            TaskWriter writer, CollectionsSyncOptions options, ConcurrentDictionary<string, TaskPlacement> placements, Lists lists, long takenUpTo, CancellationToken cancellationToken)
        {
            this.writer = writer;
            this.options = options;
            this.placements = placements;
            this.lists = lists;
            this.takenUpTo = takenUpTo;
            this.cancellationToken = cancellationToken;
            recorder = new WrittenTaskRecorder(writer.store);
            recording = recorder.RunAsync(CancellationToken.None);
            stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        /// <summary>Intents handed to the lanes so far.</summary>
        public int Dispatched => dispatched.Count;

        /// <summary>
        /// Finds or creates the task list of each of <paramref name="mailboxes"/> now, while the first cases are still being
        /// composed and committed, instead of in front of each mailbox's first write (two requests one after the other,
        /// twice Graph's latency off every lane's start; decision 142). A mailbox whose list is stored asks nothing; a
        /// failure reaches the first write that needs the list, as before.
        /// </summary>
        public void PrepareLists(IEnumerable<string> mailboxes)
        {
            ArgumentNullException.ThrowIfNull(mailboxes);
            foreach (var mailbox in mailboxes)
            {
                // Observed here so a list no write ends up needing leaves no unobserved failure behind.
                _ = lists.EnsureAsync(mailbox, stop.Token).ContinueWith(
                    static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        /// <summary>Hands the intents committed since the last call (outbox ids above any seen) to their mailboxes' lanes.</summary>
        public async Task TakeCommittedAsync(CancellationToken cancellationToken)
        {
            var entries = await writer.store.ReadPendingAfterAsync(TaskIntent.Target, takenUpTo, int.MaxValue, cancellationToken).ConfigureAwait(false);
            Dispatch(entries);
        }

        /// <summary>Writes whatever else is pending, waits for every lane and returns what was done; throws what stopped the writing.</summary>
        public async Task<TaskWriteResult> CompleteAsync(CancellationToken cancellationToken)
        {
            Dispatch(await writer.store.ReadPendingAsync(TaskIntent.Target, int.MaxValue, cancellationToken).ConfigureAwait(false));
            await FinishAsync().ConfigureAwait(false);
            if (unanswered is not null)
            {
                ExceptionDispatchInfo.Throw(unanswered);
            }

            return counts.Snapshot();
        }

        public async ValueTask DisposeAsync()
        {
            if (!finished)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await FinishAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Already failing: the exception on its way out is the one reported.
                }
            }

            stop.Dispose();
        }

        private void Dispatch(IReadOnlyList<OutboxEntry> entries)
        {
            foreach (var entry in entries)
            {
                takenUpTo = Math.Max(takenUpTo, entry.Id);
                if (stop.IsCancellationRequested || !dispatched.Add(entry.Id))
                {
                    continue;
                }

                var intent = TaskIntent.Parse(entry.Item.Payload);
                if (!lanes.TryGetValue(intent.UserId, out var lane))
                {
                    lane = new Lane(this);
                    lanes[intent.UserId] = lane;
                }

                lane.Queue.Writer.TryWrite((entry, intent));
            }
        }

        private async Task FinishAsync()
        {
            finished = true;
            foreach (var lane in lanes.Values)
            {
                lane.Queue.Writer.TryComplete();
            }

            try
            {
                await Task.WhenAll(lanes.Values.Select(static l => l.Work)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (unanswered is not null && !cancellationToken.IsCancellationRequested)
            {
                // The lanes stopped because of the failure thrown by the caller, not because the run was cancelled.
            }
            finally
            {
                // What was written is recorded even when the run is cancelled or stops early (what a crash loses, the read-back finds again).
                recorder.Complete();
                await recording.ConfigureAwait(false);
            }
        }

        private async ValueTask WriteOneAsync((OutboxEntry Entry, TaskIntent Intent) work, CancellationToken ct)
        {
            try
            {
                await writer.WriteAsync(work.Entry, work.Intent, placements, lists, counts, recorder, ct).ConfigureAwait(false);
            }
            catch (TaskBoardException e)
            {
                // Graph is not answering: stop every lane, not only this one.
                Interlocked.CompareExchange(ref unanswered, e, null);
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>One mailbox: its queue, worked by <c>MaxConcurrentPerMailbox</c> workers (one intent per case, so order does not matter).</summary>
        private sealed class Lane
        {
            public Lane(TaskWriteSession session)
            {
                Work = Parallel.ForEachAsync(
                    Queue.Reader.ReadAllAsync(session.stop.Token),
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, session.options.MaxConcurrentPerMailbox), CancellationToken = session.stop.Token },
                    session.WriteOneAsync);
            }

            public Channel<(OutboxEntry Entry, TaskIntent Intent)> Queue { get; } =
                Channel.CreateUnbounded<(OutboxEntry Entry, TaskIntent Intent)>(new UnboundedChannelOptions { SingleWriter = true });

            public Task Work { get; }
        }
    }

    private async Task WriteAsync(
        OutboxEntry entry, TaskIntent intent, ConcurrentDictionary<string, TaskPlacement> placements, Lists lists, Counts counts, WrittenTaskRecorder recorder, CancellationToken cancellationToken)
    {
        var caseId = intent.Content.ExternalId;
        try
        {
            placements.TryGetValue(caseId, out var placement);
            if (placement is not null && !string.Equals(placement.UserId, intent.UserId, StringComparison.OrdinalIgnoreCase))
            {
                // Reassigned: the old task is completed with a note (repeating this after a crash is harmless).
                if (intent.Reassigned is { } closing)
                {
                    await UpdateIgnoringGoneAsync(placement, closing, cancellationToken).ConfigureAwait(false);
                }

                Counts.Add(ref counts.Moved);
                placement = null;
            }

            if (placement is not null)
            {
                try
                {
                    await board.UpdateTaskAsync(placement, intent.Content, cancellationToken).ConfigureAwait(false);
                    recorder.Add(new WrittenTask(entry.Id, placement));
                    if (intent.Content.Completed)
                    {
                        Counts.Add(ref counts.Completed);
                    }
                    else
                    {
                        Counts.Add(ref counts.Updated);
                    }

                    return;
                }
                catch (TaskBoardException e) when (e.NotFound)
                {
                    // Deleted since the read-back: created again below unless the intent only closes it.
                    placement = null;
                }
            }

            if (intent.Content.Completed)
            {
                // Nothing to complete: the case has no task (never created, or deleted) — forget it and mark the intent done.
                await store.CommitTaskReadBackAsync(new TaskReadBackCommit { Forgotten = [caseId] }, cancellationToken).ConfigureAwait(false);
                await store.MarkSentAsync([entry.Id], cancellationToken).ConfigureAwait(false);
                placements.TryRemove(caseId, out _);
                return;
            }

            var listId = await lists.EnsureAsync(intent.UserId, cancellationToken).ConfigureAwait(false);
            string taskId;
            try
            {
                taskId = await board.CreateTaskAsync(intent.UserId, listId, intent.Content, cancellationToken).ConfigureAwait(false);
            }
            catch (TaskBoardException e) when (e.NotFound)
            {
                // The list was deleted since it was stored: find or create it again (once per mailbox) and create there.
                listId = await lists.RenewAsync(intent.UserId, listId, cancellationToken).ConfigureAwait(false);
                taskId = await board.CreateTaskAsync(intent.UserId, listId, intent.Content, cancellationToken).ConfigureAwait(false);
            }

            var created = new TaskPlacement(caseId, intent.UserId, listId, taskId);
            recorder.Add(new WrittenTask(entry.Id, created));
            placements[caseId] = created;
            Counts.Add(ref counts.Created);
        }
        catch (TaskBoardException e) when (e.Refused)
        {
            await store.QuarantineAsync(entry.Id, e.Message, cancellationToken).ConfigureAwait(false);
            Counts.Add(ref counts.Quarantined);
        }
        catch (TaskBoardException e) when (e.NotFound)
        {
            // The mailbox itself does not exist (the list was just looked up or created in it): retrying cannot help.
            await store.QuarantineAsync(entry.Id, $"{e.Message} (no such mailbox? correct the collector's email in the ERP or Graph:Mailboxes, then 'connector collections retry')", cancellationToken).ConfigureAwait(false);
            Counts.Add(ref counts.Quarantined);
        }
        catch (TaskBoardException e) when (e.Status is null)
        {
            // Graph did not answer (unreachable, or timed out after the retries): stop the run rather than try every
            // case against it; this and every other unwritten intent stay pending for the next run.
            await store.MarkFailedAsync(entry.Id, e.Message, cancellationToken).ConfigureAwait(false);
            throw;
        }
        catch (TaskBoardException e)
        {
            // Throttled past the retries, or a server error: the intent stays pending for the next run.
            await store.MarkFailedAsync(entry.Id, e.Message, cancellationToken).ConfigureAwait(false);
            Counts.Add(ref counts.Failed);
        }
    }

    private async Task UpdateIgnoringGoneAsync(TaskPlacement placement, TaskContent content, CancellationToken cancellationToken)
    {
        try
        {
            await board.UpdateTaskAsync(placement, content, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskBoardException e) when (e.NotFound)
        {
            // The old task is already gone: nothing to close.
        }
    }

    internal sealed class Counts
    {
        public int Created;
        public int Updated;
        public int Completed;
        public int Moved;
        public int Quarantined;
        public int Failed;

        public static void Add(ref int counter) => Interlocked.Increment(ref counter);

        public TaskWriteResult Snapshot() => new(Created, Updated, Completed, Moved, Quarantined, Failed);
    }

    /// <summary>Each mailbox's list id, ensured once per run and stored before any task is created in it.</summary>
    internal sealed class Lists(ITaskBoard board, IConnectorStore store, string name, IReadOnlyList<TaskListRecord> known)
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<string>>> ids = Seed(known, name);
        private readonly Dictionary<(string User, string Stale), Lazy<Task<string>>> renewals = [];

        public Task<string> EnsureAsync(string userId, CancellationToken cancellationToken) =>
            ids.GetOrAdd(userId.ToUpperInvariant(), _ => new Lazy<Task<string>>(() => CreateAsync(userId, cancellationToken))).Value;

        /// <summary>Looks the list up (or creates it) again after <paramref name="staleId"/> was found gone; once per stale id, shared by concurrent callers.</summary>
        public Task<string> RenewAsync(string userId, string staleId, CancellationToken cancellationToken)
        {
            var key = (userId.ToUpperInvariant(), staleId);
            lock (renewals)
            {
                if (!renewals.TryGetValue(key, out var renewal))
                {
                    renewal = new Lazy<Task<string>>(() => CreateAsync(userId, cancellationToken));
                    renewals[key] = renewal;
                    ids[key.Item1] = renewal;
                }

                return renewal.Value;
            }
        }

        private async Task<string> CreateAsync(string userId, CancellationToken cancellationToken)
        {
            var id = await board.EnsureListAsync(userId, name, cancellationToken).ConfigureAwait(false);

            // Stored before the first task goes in, so the next read-back reads this list (and adopts what a crash left).
            await store.SaveTaskListAsync(new TaskListRecord(userId, name, id, null), cancellationToken).ConfigureAwait(false);
            return id;
        }

        private static ConcurrentDictionary<string, Lazy<Task<string>>> Seed(IReadOnlyList<TaskListRecord> known, string name)
        {
            var seeded = new ConcurrentDictionary<string, Lazy<Task<string>>>(StringComparer.Ordinal);
            foreach (var list in known)
            {
                if (!string.IsNullOrEmpty(list.ListId) && string.Equals(list.DisplayName, name, StringComparison.Ordinal))
                {
                    seeded[list.UserId.ToUpperInvariant()] = new Lazy<Task<string>>(Task.FromResult(list.ListId));
                }
            }

            return seeded;
        }
    }
}
