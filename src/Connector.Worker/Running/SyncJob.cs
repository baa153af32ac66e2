using System.Diagnostics;
using System.Security.Cryptography;
using Connector.Domain.Collections;
using Connector.Erp;
using Connector.Mapping.Loading;
using Connector.Store;
using Connector.Sync.Ingest;
using Connector.Sync.Orders;
using Connector.Sync.Ports;
using Connector.Worker.Collections;
using Connector.Worker.Mappings;
using Connector.Worker.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Connector.Worker.Running;

/// <summary>
/// The scheduled sync cycle of <c>connector run</c>. Never two at once (<see cref="DisallowConcurrentExecutionAttribute"/>):
/// a cycle that outlasts its interval holds the next trigger back instead of racing itself over the same outbox.
/// A failed cycle is logged and left to the next trigger; the store's outbox resumes where it stopped.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class SyncJob : IJob
{
    /// <summary>The job's identity; its triggers name it.</summary>
    public static readonly JobKey Key = new("sync", "connector");

    /// <summary>The cron trigger from <see cref="SchedulesOptions.Sync"/>.</summary>
    public static readonly TriggerKey ScheduleKey = new("sync-schedule", "connector");

    private readonly IOptions<StoreOptions> store;
    private readonly IOptions<ErpOptions> erp;
    private readonly IOptions<MappingsOptions> mappings;
    private readonly IOptions<IngestOptions> ingest;
    private readonly EvaluationPolicySet policies;
    private readonly IDataverse dataverse;
    private readonly IServiceProvider services;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggers;
    private readonly ILogger<SyncJob> logger;
    private readonly CancellationToken stopping;

    public SyncJob(
        IOptions<StoreOptions> store,
        IOptions<ErpOptions> erp,
        IOptions<MappingsOptions> mappings,
        IOptions<IngestOptions> ingest,
        EvaluationPolicySet policies,
        IDataverse dataverse,
        IServiceProvider services,
        TimeProvider time,
        ILoggerFactory loggers,
        IHostApplicationLifetime lifetime)
    {
        this.services = services;
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(lifetime);
        this.store = store;
        this.erp = erp;
        this.mappings = mappings;
        this.ingest = ingest;
        this.policies = policies;
        this.dataverse = dataverse;
        this.time = time;
        this.loggers = loggers;
        logger = loggers.CreateLogger<SyncJob>();
        stopping = lifetime.ApplicationStopping;
    }

    /// <summary>A short id for one run, on every log line of it (the <c>SyncRunId</c> scope) and in its summary.</summary>
    public static string NewRunId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <remarks>
    /// Ctrl+C or SIGTERM cancels a running cycle at once (every step resumes from the store, and upserts are safe to
    /// repeat), and the host waits for it to wind down (<c>WaitForJobsToComplete</c>) before the store and the log close.
    /// </remarks>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        cancellationToken = shutdown.Token;
        var runId = NewRunId();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["SyncRunId"] = runId });
        var stopwatch = Stopwatch.StartNew();
        LogStarted(runId, context.Trigger.Key.Name);
        try
        {
            var report = await RunCycleAsync(runId, cancellationToken);
            if (report is not null)
            {
                LogSummary(report, stopwatch.ElapsedMilliseconds);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: the outbox keeps what was not sent, the next start resumes it.
            LogCancelled(runId);
        }
#pragma warning disable CA1031 // A failed cycle must never stop the worker: it is logged and the next trigger tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(ex, runId, ex.Message);
        }
    }

    private async Task<SyncCycleReport?> RunCycleAsync(string runId, CancellationToken cancellationToken)
    {
        var load = MappingLoader.LoadDirectory(mappings.Value.Directory, Mappings.MappingSolutionColumns.Options());
        if (!load.IsValid)
        {
            foreach (var problem in load.Problems)
            {
                LogMappingProblem(runId, problem.ToString());
            }

            return null;
        }

        await using var opened = await ConnectorStoreFactory.OpenAsync(store.Value, time, cancellationToken);
        var orders = new OrderCreditSync(opened, dataverse, time, ConnectorUserId(), services.GetRequiredService<OrderCreditGate>().Semaphore);
        var cycle = new SyncCycle(opened, load.Mappings!, ErpSourceFactory.Create(erp.Value, time), dataverse, ingest.Value, time, loggers, Collections(runId), services.GetService<ICreditSnapshotSink>(),
            ErpSourceFactory.CreateWriteback(erp.Value, time), orders);
        var asOf = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        return await cycle.RunAsync(runId, policies.ToEvaluation(), asOf, null, null, cancellationToken);
    }

    /// <summary>The connector's application user, when the webhooks are configured with it: what it writes is never read as a person's release.</summary>
    private Guid? ConnectorUserId() =>
        services.GetService<IOptions<Connector.Webhooks.Hosting.WebhookOptions>>()?.Value.ConnectorUserId;

    /// <summary>The collections step when Graph is configured (its settings were checked at start); null otherwise.</summary>
    private CollectionsStep? Collections(string runId)
    {
        if (services.GetService<ITaskBoard>() is not { } board)
        {
            return null;
        }

        var problems = new List<string>();
        var options = CollectionsSetup.Build(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IOptions<CollectionsPolicy>>().Value, false, problems);
        foreach (var problem in problems)
        {
            LogCollectionsProblem(runId, problem);
        }

        return options is null ? null : new CollectionsStep(board, services.GetRequiredService<IMailSender>(), options);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message =
        "Sync run {SyncRunId} collections: {OpenCases} open cases, {Queued} task changes queued, {Created} tasks created, {Updated} updated, "
        + "{Completed} completed, {NotWritten} not written; {CompletedByCollectors} completed by collectors in Outlook; {MailSent} dunning emails sent")]
    private partial void LogCollections(
        string syncRunId, int openCases, int queued, int created, int updated, int completed, int notWritten, int completedByCollectors, int mailSent);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message =
        "Sync run {SyncRunId} ERP writeback: {HoldRows} hold rows, {OrderRows} order rows written to {Destination}")]
    private partial void LogErpWriteback(string syncRunId, int holdRows, int orderRows, string destination);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "Sync run {SyncRunId}: collections are not written to Outlook: {Problem}")]
    private partial void LogCollectionsProblem(string syncRunId, string problem);

    private void LogSummary(SyncCycleReport report, long elapsedMs)
    {
        var ingested = report.Ingest.Entities;
        var pushed = report.Dataverse;
        LogCompleted(
            report.RunId,
            elapsedMs,
            ingested.Sum(static e => e.Read),
            ingested.Sum(static e => e.Landed),
            report.Ingest.Quarantined,
            pushed.Evaluation.Credit.Snapshots.Count,
            pushed.Evaluation.CustomersOnHold,
            pushed.Queued.Values.Sum(),
            pushed.Pushed.Sum(static p => p.Sent),
            pushed.Pushed.Sum(static p => p.Quarantined),
            pushed.Deferred,
            pushed.Requests);
        if (report.Collections is { } collections)
        {
            LogCollections(
                report.RunId,
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
            LogErpWriteback(report.RunId, writeback.Written.HoldRows, writeback.Written.OrderRows,
                writeback.Written.Destinations.Count == 0 ? writeback.Destination : string.Join(", ", writeback.Written.Destinations));
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Sync run {SyncRunId} started by {Trigger}")]
    private partial void LogStarted(string syncRunId, string trigger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message =
        "Sync run {SyncRunId} completed in {ElapsedMs} ms: {RowsRead} rows read, {RowsLanded} landed, {RowsQuarantined} quarantined; "
        + "{Customers} customers evaluated, {CustomersOnHold} on hold; {Queued} records changed, {Sent} sent, {Refused} refused by Dataverse, "
        + "{Deferred} deferred; {Requests} Dataverse requests")]
    private partial void LogCompleted(
        string syncRunId, long elapsedMs, long rowsRead, long rowsLanded, long rowsQuarantined, int customers, int customersOnHold,
        int queued, int sent, int refused, int deferred, int requests);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Sync run {SyncRunId} failed: {Reason}; the next trigger runs again")]
    private partial void LogFailed(Exception exception, string syncRunId, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Sync run {SyncRunId} stopped by shutdown; the next start resumes it")]
    private partial void LogCancelled(string syncRunId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Sync run {SyncRunId} skipped: mapping problem {Problem}")]
    private partial void LogMappingProblem(string syncRunId, string problem);
}
