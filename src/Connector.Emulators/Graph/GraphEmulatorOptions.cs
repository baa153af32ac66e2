using Connector.Emulators.Dataverse;

namespace Connector.Emulators.Graph;

/// <summary>What the Graph emulator listens on and enforces; the defaults are Outlook's documented per-mailbox limits.</summary>
public sealed class GraphEmulatorOptions
{
    /// <summary>Kestrel URLs; port 0 picks a free port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>Emulated seconds per real second, so the 10-minute window can be exercised in seconds.</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>Emulated time each request holds its mailbox slot before it is answered.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Outlook's per-app, per-mailbox limits (reference §11, "Throttling").</summary>
    public MailboxLimits Limits { get; set; } = MailboxLimits.Documented();

    /// <summary>Seeded random 429/503/timeouts, shared in shape with the Dataverse emulator.</summary>
    public FaultOptions Faults { get; set; } = new();

    /// <summary>Tasks per delta or list page when the client does not ask for fewer (<c>$top</c>, <c>Prefer: odata.maxpagesize</c>).</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>Mailboxes (user ids or UPNs, case-insensitive) that exist at start; any other user is 404.</summary>
    public ISet<string> Users { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The real clock (tests pass a FakeTimeProvider); the only source of time.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The assertion hook: told of every request that passes the front door when it is received, when it has executed
    /// (any write applied, the answer not yet sent) and when its answer is on the wire (<see cref="ObservedGraphRequest"/>).
    /// It runs synchronously on the request's thread and may block it, so a test can act at an exact point of a
    /// client's run (a crash test stops the connector after a task create executed). May be set while the emulator
    /// runs; null (the default) costs nothing. Requests inside a <c>$batch</c> are not reported one by one.
    /// </summary>
    public Action<ObservedGraphRequest>? Observer { get; set; }
}

/// <summary>Requests Graph allows one app against one mailbox: 4 at a time, 10,000 per 10 minutes (emulated time).</summary>
public sealed class MailboxLimits
{
    public bool Enabled { get; set; } = true;

    public int ConcurrentRequests { get; set; } = 4;

    public int RequestsPerWindow { get; set; } = 10_000;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Emulated wait a 429 for too many concurrent requests asks for (no documented value; Graph's example is 2.128 s).</summary>
    public TimeSpan ConcurrencyRetryAfter { get; set; } = TimeSpan.FromSeconds(2.128);

    public static MailboxLimits Documented() => new();
}
