namespace Connector.Emulators.Dataverse;

/// <summary>
/// How the Dataverse emulator behaves. Durations are in emulated time; <see cref="TimeScale"/> says how many emulated
/// seconds pass per real second, so the documented 5-minute limits can be exercised in seconds.
/// </summary>
public sealed class DataverseEmulatorOptions
{
    /// <summary>Where Kestrel listens; port 0 picks a free one (tests, <c>connector demo</c>).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>Service protection limits per user; <see cref="ServiceProtectionLimits.Documented"/> by default.</summary>
    public ServiceProtectionLimits Limits { get; set; } = ServiceProtectionLimits.Documented();

    /// <summary>Value of the <c>x-ms-dop-hint</c> header on every response.</summary>
    public int DegreeOfParallelismHint { get; set; } = 16;

    /// <summary>Execution time of every request, before its per-record cost (emulated time).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Execution time each record written adds to its request (emulated time).</summary>
    public TimeSpan PerRecordCost { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Execution time each record a read returns adds to its request (emulated time); null: the same as
    /// <see cref="PerRecordCost"/>. Reading a page of rows costs Dataverse far less per row than writing them.
    /// </summary>
    public TimeSpan? PerRecordReadCost { get; set; }

    /// <summary>Emulated seconds per real second (1 = real time; 60 = a 5-minute window lasts 5 s).</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>Injected failures, each a probability per request.</summary>
    public FaultOptions Faults { get; set; } = new();

    /// <summary>
    /// Whether <c>$batch</c> honours <c>Prefer: odata.continue-on-error</c> (the documented behaviour, default). False
    /// plays an environment that ignores it, as DynamicsWebApi's README reports and powerapps-docs issue #2735 disputed:
    /// the batch then stops at the first failure and answers 400 with that failure alone.
    /// </summary>
    public bool BatchHonoursContinueOnError { get; set; } = true;

    /// <summary>Page size when the client sends no <c>odata.maxpagesize</c> (Dataverse: 5,000).</summary>
    public int DefaultPageSize { get; set; } = 5000;

    /// <summary>Standard tables that support CreateMultiple/UpdateMultiple/UpsertMultiple; custom tables always do.</summary>
    public ISet<string> BulkMessageStandardTables { get; } = new HashSet<string>(StringComparer.Ordinal) { "account", "contact" };

    /// <summary>How long an alternate key imported by a solution stays Pending before its index is Active (emulated time).</summary>
    public TimeSpan KeyActivationDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How registered webhook steps are called: timeout (60 s, as Dataverse), the one retry, the size limit.</summary>
    public Webhooks.WebhookOptions Webhooks { get; set; } = new();

    /// <summary>The clock (tests pass a FakeTimeProvider).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The ISO code of the organisation's base currency: a new environment has this one <c>transactioncurrency</c> row
    /// (exchange rate 1) and its <c>organization</c> row points at it (<c>basecurrencyid</c>).
    /// </summary>
    public string BaseCurrency { get; set; } = "USD";

    /// <summary>
    /// The assertion hook: told of every request that reaches the data plane when it is received, when it has executed
    /// (its write applied, the answer not yet sent) and when its answer is on the wire, with its kind, entity set and
    /// ordinal (<see cref="ObservedRequest"/>). It runs synchronously on the request's thread and may block it, so a
    /// test can act at an exact point of a client's run (the crash tests stop the connector there). May be set while
    /// the emulator runs; null (the default) costs nothing.
    /// </summary>
    public Action<ObservedRequest>? Observer { get; set; }
}

/// <summary>The service protection limits, per user over a sliding window.</summary>
public sealed class ServiceProtectionLimits
{
    public bool Enabled { get; set; } = true;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
    public int RequestsPerWindow { get; set; } = 6000;
    public TimeSpan ExecutionTimePerWindow { get; set; } = TimeSpan.FromMinutes(20);
    public int ConcurrentRequests { get; set; } = 52;

    /// <summary>The limits api-limits documents: 6,000 requests and 1,200 s of execution per 5 minutes, 52 concurrent.</summary>
    public static ServiceProtectionLimits Documented() => new();
}

/// <summary>Failures injected at random (a seeded generator, so a run can be repeated).</summary>
public sealed class FaultOptions
{
    /// <summary>Probability of a 429 with a service protection code that is not earned by load.</summary>
    public double ThrottleRate { get; set; }

    /// <summary>Probability of a 503 Service Unavailable.</summary>
    public double UnavailableRate { get; set; }

    /// <summary>Probability that a request hangs for <see cref="TimeoutDelay"/> (real time) before any answer.</summary>
    public double TimeoutRate { get; set; }

    public TimeSpan TimeoutDelay { get; set; } = TimeSpan.FromSeconds(30);

    public int Seed { get; set; } = 1;
}
