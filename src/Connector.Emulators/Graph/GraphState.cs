using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Protection;
using Connector.Emulators.Graph.Mail;
using Connector.Emulators.Graph.Todo;

namespace Connector.Emulators.Graph;

/// <summary>
/// The emulated tenant: mailboxes with their To Do lists and tasks, the mail sent, and request counters, for
/// assertions and for playing a collector in Outlook. Every change goes through <see cref="Sync"/>.
/// </summary>
public sealed class GraphState
{
    private readonly Dictionary<string, Mailbox> mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SentMail> sent = [];
    private readonly ConcurrentDictionary<string, long> requests = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, long> throttled = new(StringComparer.OrdinalIgnoreCase);
    private readonly EmulatedClock clock;
    private long faults;

    internal GraphState(IEnumerable<string> users, EmulatedClock clock)
    {
        this.clock = clock;
        foreach (var user in users)
        {
            AddUser(user);
        }
    }

    /// <summary>The one lock over all lists and tasks; held only for in-memory work.</summary>
    internal Lock Sync { get; } = new();

    /// <summary>Adds a mailbox (idempotent); its lists start empty.</summary>
    public void AddUser(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        lock (Sync)
        {
            mailboxes.TryAdd(userId, new Mailbox(userId, Sync));
        }
    }

    /// <summary>The mailbox of a user id, or null when it does not exist.</summary>
    public Mailbox? FindUser(string userId)
    {
        lock (Sync)
        {
            return mailboxes.GetValueOrDefault(userId);
        }
    }

    /// <summary>
    /// Every task of the mailbox (any list) linked to <paramref name="externalId"/> (a <c>linkedResource.externalId</c>),
    /// as JSON with its linked resources: more than one means a duplicate was created.
    /// </summary>
    public IReadOnlyList<JsonObject> FindTasks(string userId, string externalId)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        lock (Sync)
        {
            return [.. Matches(userId, externalId).Select(m => m.Task.ToJson())];
        }
    }

    /// <summary>
    /// The collector ticks the task off in Outlook: every task of the mailbox whose id or linked <c>externalId</c> is
    /// <paramref name="taskIdOrExternalId"/> becomes completed (server-set <c>completedDateTime</c>, new etag, seen by
    /// delta). Returns how many tasks changed.
    /// </summary>
    public int CompleteTask(string userId, string taskIdOrExternalId)
    {
        ArgumentNullException.ThrowIfNull(taskIdOrExternalId);
        var now = clock.EmulatedNow;
        lock (Sync)
        {
            var matches = Matches(userId, taskIdOrExternalId).ToList();
            foreach (var (list, task) in matches)
            {
                task.Fields["status"] = "completed";
                task.SetCompletion(now);
                task.Touch(list, now);
            }

            return matches.Count;
        }
    }

    /// <summary>
    /// The collector deletes the task in Outlook: every task of the mailbox whose id or linked <c>externalId</c> is
    /// <paramref name="taskIdOrExternalId"/> is removed (delta reports it <c>@removed</c>). Returns how many went.
    /// </summary>
    public int DeleteTask(string userId, string taskIdOrExternalId)
    {
        ArgumentNullException.ThrowIfNull(taskIdOrExternalId);
        lock (Sync)
        {
            var matches = Matches(userId, taskIdOrExternalId).ToList();
            foreach (var (list, task) in matches)
            {
                list.Delete(task);
            }

            return matches.Count;
        }
    }

    /// <summary>Every message accepted by <c>sendMail</c>, in order.</summary>
    public IReadOnlyList<SentMail> SentMail
    {
        get
        {
            lock (Sync)
            {
                return [.. sent];
            }
        }
    }

    /// <summary>Requests answered per mailbox (throttled ones included).</summary>
    public long RequestsFor(string userId) => requests.GetValueOrDefault(userId);

    /// <summary>429s given per mailbox by the limits (injected faults not included).</summary>
    public long ThrottledFor(string userId) => throttled.GetValueOrDefault(userId);

    public long TotalRequests => requests.Values.Sum();

    public long TotalThrottled => throttled.Values.Sum();

    public long InjectedFaults => Interlocked.Read(ref faults);

    /// <summary>The mailbox's tasks whose id or linked externalId is <paramref name="key"/>; call under <see cref="Sync"/>.</summary>
    private IEnumerable<(TodoListState List, TodoTaskState Task)> Matches(string userId, string key) =>
        mailboxes.TryGetValue(userId, out var mailbox)
            ? mailbox.ListsInternal.SelectMany(l => l.TasksInternal.Where(t => string.Equals(t.Id, key, StringComparison.Ordinal) || t.HasExternalId(key)).Select(t => (l, t)))
            : [];

    internal void CountRequest(string userId) => requests.AddOrUpdate(userId, 1, (_, n) => n + 1);

    internal void CountThrottled(string userId) => throttled.AddOrUpdate(userId, 1, (_, n) => n + 1);

    internal void CountFault() => Interlocked.Increment(ref faults);

    internal void AddSent(SentMail mail)
    {
        lock (Sync)
        {
            sent.Add(mail);
        }
    }
}
