using System.Collections.Concurrent;
using Connector.Emulators.Graph.Mail;
using Connector.Emulators.Graph.Todo;

namespace Connector.Emulators.Graph;

/// <summary>
/// The emulated tenant: mailboxes with their To Do lists and tasks, the mail sent, and request counters, for
/// assertions and for playing a collector in Outlook. Every change goes through <see cref="Sync"/>.
/// </summary>
public sealed class GraphState
{
    private readonly Dictionary<string, Mailbox> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SentMail> _sent = [];
    private readonly ConcurrentDictionary<string, long> _requests = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, long> _throttled = new(StringComparer.OrdinalIgnoreCase);
    private long _faults;

    internal GraphState(IEnumerable<string> users)
    {
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
            _mailboxes.TryAdd(userId, new Mailbox(userId, Sync));
        }
    }

    /// <summary>The mailbox of a user id, or null when it does not exist.</summary>
    public Mailbox? FindUser(string userId)
    {
        lock (Sync)
        {
            return _mailboxes.GetValueOrDefault(userId);
        }
    }

    /// <summary>Every message accepted by <c>sendMail</c>, in order.</summary>
    public IReadOnlyList<SentMail> SentMail
    {
        get
        {
            lock (Sync)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Requests answered per mailbox (throttled ones included).</summary>
    public long RequestsFor(string userId) => _requests.GetValueOrDefault(userId);

    /// <summary>429s given per mailbox by the limits (injected faults not included).</summary>
    public long ThrottledFor(string userId) => _throttled.GetValueOrDefault(userId);

    public long TotalRequests => _requests.Values.Sum();

    public long TotalThrottled => _throttled.Values.Sum();

    public long InjectedFaults => Interlocked.Read(ref _faults);

    internal void CountRequest(string userId) => _requests.AddOrUpdate(userId, 1, (_, n) => n + 1);

    internal void CountThrottled(string userId) => _throttled.AddOrUpdate(userId, 1, (_, n) => n + 1);

    internal void CountFault() => Interlocked.Increment(ref _faults);

    internal void AddSent(SentMail mail)
    {
        lock (Sync)
        {
            _sent.Add(mail);
        }
    }
}
