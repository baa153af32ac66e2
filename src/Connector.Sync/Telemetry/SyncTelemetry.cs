using System.Diagnostics;
using System.Diagnostics.Metrics;
using Connector.Sync.Cycle;

namespace Connector.Sync.Telemetry;

/// <summary>
/// The sync cycle's traces and metrics, under one name (<see cref="Name"/>) for the activity source and the meter: one
/// <c>sync.cycle</c> span per cycle with a child span per step, each carrying <c>connector.sync_run_id</c>; counters of
/// what the cycle moved, recorded once from its report. Nothing here knows OpenTelemetry: the worker's SDK listens when
/// telemetry is on; without a listener a span is never created and a measurement is dropped.
/// </summary>
public static class SyncTelemetry
{
    public const string Name = "Connector.Sync";

    /// <summary>The tag every span of a cycle carries: the same id as the <c>SyncRunId</c> on its log lines.</summary>
    public const string RunIdTag = "connector.sync_run_id";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> CycleDuration = Meter.CreateHistogram<double>(
        "connector.sync.cycle.duration", "s", "How long a sync cycle took, by outcome (completed, failed, cancelled)");

    private static readonly Counter<long> RowsIngested = Meter.CreateCounter<long>("connector.sync.rows.ingested", "{row}", "ERP rows landed in the store");

    private static readonly Counter<long> RowsQuarantined = Meter.CreateCounter<long>("connector.sync.rows.quarantined", "{row}", "ERP rows quarantined as dead letters");

    private static readonly Counter<long> RecordsPushed = Meter.CreateCounter<long>("connector.sync.records.pushed", "{record}", "Records sent to Dataverse");

    private static readonly Counter<long> RecordsRefused = Meter.CreateCounter<long>("connector.sync.records.refused", "{record}", "Records Dataverse refused (quarantined)");

    private static readonly Counter<long> TasksWritten = Meter.CreateCounter<long>("connector.sync.tasks.written", "{task}", "To Do tasks created, updated or completed in Outlook");

    private static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>("connector.sync.emails.sent", "{email}", "Dunning emails sent");

    /// <summary>Starts the cycle's span (<c>null</c> when nobody listens).</summary>
    public static Activity? StartCycle(string runId) =>
        Source.StartActivity("sync.cycle", ActivityKind.Internal, default(ActivityContext), [new(RunIdTag, runId)]);

    /// <summary>Starts a step's span, a child of the current cycle's (<c>sync.ingest</c>, <c>sync.push</c>, …).</summary>
    public static Activity? StartStep(string step, string runId) =>
        Source.StartActivity("sync." + step, ActivityKind.Internal, Activity.Current?.Context ?? default, [new(RunIdTag, runId)]);

    /// <summary>How the cycle ended and how long it took; the span gets the outcome as its status.</summary>
    public static void Ended(Activity? cycle, string outcome, TimeSpan elapsed, Exception? failure = null)
    {
        CycleDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        if (cycle is null)
        {
            return;
        }

        cycle.SetTag("connector.outcome", outcome);
        if (failure is not null)
        {
            cycle.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
        }
        else if (outcome == Outcomes.Completed)
        {
            cycle.SetStatus(ActivityStatusCode.Ok);
        }
    }

    /// <summary>What a completed cycle moved, from its report.</summary>
    public static void Record(SyncCycleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        RowsIngested.Add(report.Ingest.Entities.Sum(static e => e.Landed));
        RowsQuarantined.Add(report.Ingest.Quarantined);
        RecordsPushed.Add(report.Dataverse.Pushed.Sum(static p => p.Sent));
        RecordsRefused.Add(report.Dataverse.Pushed.Sum(static p => p.Quarantined));
        if (report.Collections is { } collections)
        {
            TasksWritten.Add(collections.Tasks.Created + collections.Tasks.Updated + collections.Tasks.Completed);
            EmailsSent.Add(collections.Mail?.Sent ?? 0);
        }
    }

    /// <summary>The <c>outcome</c> tag's values.</summary>
    public static class Outcomes
    {
        public const string Completed = "completed";
        public const string Failed = "failed";
        public const string Cancelled = "cancelled";
    }
}
