using System.Diagnostics;
using Connector.Sync.Cycle;
using Connector.Sync.Ports;
using Connector.Sync.Runs;
using Connector.Worker.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Connector.Worker.Running;

/// <summary>
/// The scheduled sync cycle of <c>connector run</c>: the same <see cref="SyncCycle"/> <c>sync --once</c> runs, resolved
/// from the container. Never two at once (<see cref="DisallowConcurrentExecutionAttribute"/>): a cycle that outlasts its
/// interval holds the next trigger back instead of racing itself over the same outbox. A failed cycle is logged and left
/// to the next trigger; the store's outbox resumes where it stopped. On PostgreSQL the instances of a cluster share the job:
/// one runs a cycle at a time, and a cycle whose instance died is run again by another (<c>RequestRecovery</c>). Each cycle
/// is recorded in the run journal (<see cref="RunJournal"/>) with the instance that ran it.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class SyncJob : IJob
{
    /// <summary>The job's identity; its triggers name it.</summary>
    public static readonly JobKey Key = new("sync", "connector");

    /// <summary>What started a cycle, as the run journal says it.</summary>
    public const string ScheduleTrigger = "schedule";

    public const string StartupTrigger = "startup";

    public const string RecoveryTrigger = "recovery";

    /// <summary>The cron trigger from <see cref="SchedulesOptions.Sync"/>.</summary>
    public static readonly TriggerKey ScheduleKey = new("sync-schedule", "connector");

    private readonly SyncCycle cycle;
    private readonly RunJournal journal;
    private readonly ConnectorInstance instance;
    private readonly ILogger<SyncJob> logger;
    private readonly CancellationToken stopping;
    private readonly string store;

    public SyncJob(
        SyncCycle cycle, RunJournal journal, ConnectorInstance instance, ILogger<SyncJob> logger, IHostApplicationLifetime lifetime, IConnectorStoreFactory stores)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(stores);
        this.cycle = cycle;
        this.journal = journal;
        this.instance = instance;
        this.logger = logger;
        stopping = lifetime.ApplicationStopping;
        store = stores.Description;
    }

    /// <remarks>
    /// Ctrl+C or SIGTERM cancels a running cycle at once (every step resumes from the store, and upserts are safe to
    /// repeat), and the host waits for it to wind down (<c>WaitForJobsToComplete</c>) before the store and the log close.
    /// </remarks>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        cancellationToken = shutdown.Token;
        var runId = cycle.NewRunId();
        // Every line of the cycle, this class's and every other's, carries SyncRunId from this scope: the console template
        // prints it first and the JSON log has it as a property, so the messages themselves do not repeat it.
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["SyncRunId"] = runId });
        var stopwatch = Stopwatch.StartNew();
        var trigger = context.Recovering ? RecoveryTrigger : context.Trigger.Key.Equals(ScheduleKey) ? ScheduleTrigger : StartupTrigger;
        LogStarted(trigger switch
        {
            RecoveryTrigger => "to take over a cycle another instance did not finish",
            ScheduleTrigger => "by the schedule",
            _ => "at start-up",
        });
        RunRecord? run = null;
        try
        {
            (run, var interrupted) = await journal.StartAsync(runId, instance.Id, trigger, cancellationToken);
            foreach (var dead in interrupted)
            {
                LogTookOver(dead.RunId, dead.InstanceId, dead.StartedAt);
            }

            var report = await cycle.RunAsync(runId, null, null, null, cancellationToken);
            foreach (var problem in report.Ingest.Entities.SelectMany(static e => e.UnitProblems.Concat(e.Skipped)).Concat(report.Ingest.Bank?.Problems ?? []))
            {
                // A file quarantined as a whole, left while the ERP still writes it, or not a file at all: the admin acts on these.
                LogIngestProblem(problem);
            }

            foreach (var warning in report.Warnings)
            {
                LogHeldBack(warning);
            }

            LogSummary(report, stopwatch.ElapsedMilliseconds);
            await EndAsync(run, RunOutcome.Succeeded, RunJournal.CountsOf(report), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: the outbox keeps what was not sent, the next start resumes it.
            LogCancelled();
            await EndAsync(run, RunOutcome.Cancelled, RunCounts.None, "stopped by shutdown");
        }
        catch (Exception ex) when (SyncFailures.Describe(ex, runId, store) is { } lines)
        {
            foreach (var line in lines)
            {
                LogFailed(line);
            }

            await EndAsync(run, RunOutcome.Failed, RunCounts.None, string.Join(" ", lines));
        }
#pragma warning disable CA1031 // A failed cycle must never stop the worker: it is logged (with its stack, once) and the next trigger tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogCrashed(ex, ex.Message);
            await EndAsync(run, RunOutcome.Failed, RunCounts.None, ex.Message);
        }
    }

    /// <summary>Closes the journal's row of the run; a store that cannot take it is logged, never the cycle's failure.</summary>
    private async Task EndAsync(RunRecord? run, RunOutcome outcome, RunCounts counts, string? detail)
    {
        if (run is null)
        {
            return; // the journal never took the start (the store failed): the failure is logged already
        }

        try
        {
            // Not cancellable: a cycle stopped by shutdown is still recorded as such before the process exits.
            await journal.EndAsync(run, outcome, counts, detail, CancellationToken.None);
        }
#pragma warning disable CA1031 // The journal is a record of the cycle, not part of it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogJournalFailed(ex.Message);
        }
    }

    private void LogSummary(SyncCycleReport report, long elapsedMs)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var ingested = report.Ingest.Entities;
        var pushed = report.Dataverse;
        var (read, landed) = (ingested.Sum(static e => e.Read), ingested.Sum(static e => e.Landed));
        var (queued, sent, refused) = (pushed.Queued.Values.Sum(), pushed.Pushed.Sum(static p => p.Sent), pushed.Pushed.Sum(static p => p.Quarantined));
        if (pushed.Lost.Warning is { } lost)
        {
            LogLostInDataverse(lost);
        }

        LogCompleted(
            elapsedMs,
            read,
            landed,
            report.Ingest.Quarantined,
            report.Evaluation.Credit.Snapshots.Count,
            report.Evaluation.Portfolio.CustomersOnHold,
            queued,
            sent,
            refused,
            pushed.Deferred,
            pushed.Requests);
        if (report.Collections is { } collections)
        {
            LogCollections(
                collections.Planned.Plan.Cases.Count,
                collections.Queued,
                collections.Tasks.Created,
                collections.Tasks.Updated,
                collections.Tasks.Completed,
                collections.Tasks.Quarantined + collections.Tasks.Failed,
                collections.ReadBack.CompletedByCollectors,
                collections.Mail?.Sent ?? 0);
        }

        if (report.ErpWriteback is { } writeback)
        {
            LogErpWriteback(writeback.Written.HoldRows, writeback.Written.OrderRows,
                writeback.Written.Destinations.Count == 0 ? writeback.Destination : string.Join(", ", writeback.Written.Destinations));
        }
    }

    [LoggerMessage(EventId = LogEventIds.SyncJob + 1, Level = LogLevel.Information, Message = "Sync run started {Trigger}")]
    private partial void LogStarted(string trigger);

    [LoggerMessage(EventId = LogEventIds.SyncJob + 2, Level = LogLevel.Information, Message =
        "Sync run completed in {ElapsedMs} ms: {RowsRead} rows read, {RowsLanded} landed, {RowsQuarantined} quarantined; "
        + "{Customers} customers evaluated, {CustomersOnHold} on hold; {Queued} records changed, {Sent} sent, {Refused} refused by Dataverse, "
        + "{Deferred} deferred; {Requests} Dataverse requests")]
    private partial void LogCompleted(
        long elapsedMs, long rowsRead, long rowsLanded, long rowsQuarantined, int customers, int customersOnHold,
        int queued, int sent, int refused, int deferred, int requests);

    [LoggerMessage(EventId = LogEventIds.SyncJob + 3, Level = LogLevel.Error, Message = "Sync run failed: {Reason}; the next trigger runs again")]
    private partial void LogFailed(string reason);

    [LoggerMessage(EventId = LogEventIds.SyncJob + 4, Level = LogLevel.Warning, Message = "Sync run stopped by shutdown; the next start resumes it")]
    private partial void LogCancelled();

    [LoggerMessage(EventId = LogEventIds.SyncJob + 5, Level = LogLevel.Error, Message = "Sync run failed unexpectedly: {Reason}; the next trigger runs again")]
    private partial void LogCrashed(Exception exception, string reason);

    [LoggerMessage(EventId = LogEventIds.SyncJob + 6, Level = LogLevel.Information, Message =
        "Sync run collections: {OpenCases} open cases, {Queued} task changes queued, {Created} tasks created, {Updated} updated, "
        + "{Completed} completed, {NotWritten} not written; {CompletedByCollectors} completed by collectors in Outlook; {MailSent} dunning emails sent")]
    private partial void LogCollections(
        int openCases, int queued, int created, int updated, int completed, int notWritten, int completedByCollectors, int mailSent);

    [LoggerMessage(EventId = LogEventIds.SyncJob + 8, Level = LogLevel.Warning, Message = "Sync run held back: {Warning}")]
    private partial void LogHeldBack(string warning);

    [LoggerMessage(EventId = LogEventIds.SyncJob + 20, Level = LogLevel.Warning, Message = "Sync run: {Warning}")]
    private partial void LogLostInDataverse(string warning);

    [LoggerMessage(EventId = LogEventIds.SyncJob + 9, Level = LogLevel.Warning, Message = "Sync run ingest: {Problem}")]
    private partial void LogIngestProblem(string problem);

    [LoggerMessage(EventId = LogEventIds.SyncJob + 21, Level = LogLevel.Warning, Message =
        "Sync run {InterruptedRunId} of instance {InterruptedInstanceId}, started {StartedAt:u}, did not finish (its instance stopped); this run takes over")]
    private partial void LogTookOver(string interruptedRunId, string interruptedInstanceId, DateTimeOffset startedAt);

    [LoggerMessage(EventId = LogEventIds.SyncJob + 22, Level = LogLevel.Warning, Message = "Sync run: the run journal could not record how the run ended: {Reason}")]
    private partial void LogJournalFailed(string reason);

    [LoggerMessage(EventId = LogEventIds.SyncJob + 7, Level = LogLevel.Information, Message =
        "Sync run ERP writeback: {HoldRows} hold rows, {OrderRows} order rows written to {Destination}")]
    private partial void LogErpWriteback(int holdRows, int orderRows, string destination);
}
