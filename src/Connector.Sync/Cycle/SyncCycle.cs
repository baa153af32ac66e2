using Connector.Domain.Evaluation;
using Connector.Mapping.Canonical;
using Connector.Sync.Bank;
using Connector.Sync.CashApplication;
using Connector.Sync.Clock;
using Connector.Sync.Collections;
using Connector.Sync.Credit;
using Connector.Sync.Evaluation;
using Connector.Sync.History;
using Connector.Sync.Ingest;
using Connector.Sync.Ledger;
using Connector.Sync.Orders;
using Connector.Sync.Ports;
using Connector.Sync.Push;
using Connector.Sync.Telemetry;
using Connector.Sync.Writeback;
using Microsoft.Extensions.Logging;

namespace Connector.Sync.Cycle;

/// <summary>
/// The sync cycle, the one every caller runs — <c>connector run</c> on its schedule, <c>sync --once</c> and the demo —
/// resolved from the container so they cannot drift apart: read back what people set (holds and releases in Dynamics,
/// tasks completed in Outlook) → ingest the ERP → evaluate once → push to Dataverse → order credit → collections in
/// Outlook → ERP writeback, with the cash application between ingest and the evaluation. Every later step takes the same evaluation. Each step resumes from the store after a crash.
/// </summary>
public sealed partial class SyncCycle
{
    private readonly IConnectorStoreFactory stores;
    private readonly IMappingsSource mappings;
    private readonly IErpConnection erp;
    private readonly IDataverse dataverse;
    private readonly EvaluationPolicies policies;
    private readonly IngestOptions ingest;
    private readonly CompanyClock clock;
    private readonly ICreditSnapshotSink snapshots;
    private readonly OrderCreditPass orders;
    private readonly CreditSnapshotSharing sharing;
    private readonly CollectionsChannel? collections;
    private readonly BankStatementIntake? bank;
    private readonly ResidentEvaluation? resident;
    private readonly CashApplicationSync? cash;
    private readonly DailySnapshots? history;
    private readonly ILoggerFactory loggers;
    private readonly ILogger<SyncCycle> logger;

    /// <param name="collections">The Outlook side of collections; <c>null</c> when Graph is not configured.</param>
    /// <param name="bank">The bank's statements, read right after the ERP; <c>null</c> when the host has no bank side.</param>
    /// <param name="resident">The ledger and evaluation kept between cycles (<c>connector run</c>); <c>null</c>: each cycle reads and evaluates everything.</param>
    /// <param name="cash">The cash step; <c>null</c>: the default <c>CashApplication</c> policy.</param>
    /// <param name="history">The daily snapshots the trend report reads; <c>null</c>: none kept.</param>
    public SyncCycle(
        IConnectorStoreFactory stores,
        IMappingsSource mappings,
        IErpConnection erp,
        IDataverse dataverse,
        EvaluationPolicies policies,
        IngestOptions ingest,
        CompanyClock clock,
        ICreditSnapshotSink snapshots,
        OrderCreditPass orders,
        CreditSnapshotSharing sharing,
        ILoggerFactory loggers,
        CollectionsChannel? collections = null,
        BankStatementIntake? bank = null,
        ResidentEvaluation? resident = null,
        CashApplicationSync? cash = null,
        DailySnapshots? history = null)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        this.stores = stores;
        this.mappings = mappings;
        this.erp = erp;
        this.dataverse = dataverse;
        this.policies = policies;
        this.ingest = ingest;
        this.clock = clock;
        this.snapshots = snapshots;
        this.orders = orders;
        this.sharing = sharing;
        this.collections = collections;
        this.bank = bank;
        this.resident = resident;
        this.cash = cash;
        this.history = history;
        this.loggers = loggers;
        logger = loggers.CreateLogger<SyncCycle>();
    }

    /// <summary>A new run id in the one format (<see cref="SyncRunIds"/>).</summary>
    public string NewRunId() => SyncRunIds.Next(clock.Time);

    /// <param name="runId">From <see cref="NewRunId"/>; on every log line of the cycle (the <c>SyncRunId</c> scope).</param>
    /// <param name="asOf">The evaluation date; <c>null</c>: today in the company's time zone.</param>
    /// <param name="entities">Ingest only these (all mapped ones when <c>null</c>).</param>
    /// <param name="progress">Told each step's name as it starts.</param>
    /// <exception cref="InvalidMappingsException">The mapping files have problems; nothing was done.</exception>
    public async Task<SyncCycleReport> RunAsync(
        string runId, DateOnly? asOf, IReadOnlyList<CanonicalEntity>? entities, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["SyncRunId"] = runId });
        using var span = SyncTelemetry.StartCycle(runId);
        var started = clock.Time.GetTimestamp();
        try
        {
            var report = await RunStepsAsync(runId, asOf, entities, progress, cancellationToken).ConfigureAwait(false);
            SyncTelemetry.Record(report);
            SyncTelemetry.Ended(span, SyncTelemetry.Outcomes.Completed, clock.Time.GetElapsedTime(started));
            return report;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            SyncTelemetry.Ended(span, SyncTelemetry.Outcomes.Cancelled, clock.Time.GetElapsedTime(started));
            throw;
        }
        catch (Exception ex)
        {
            SyncTelemetry.Ended(span, SyncTelemetry.Outcomes.Failed, clock.Time.GetElapsedTime(started), ex);
            throw;
        }
    }

    private async Task<SyncCycleReport> RunStepsAsync(
        string runId, DateOnly? asOf, IReadOnlyList<CanonicalEntity>? entities, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var load = mappings.Load();
        if (!load.IsValid)
        {
            throw new InvalidMappingsException(mappings.Location, load.Problems);
        }

        var day = asOf ?? clock.Today;
        var warnings = new List<string>(collections?.Warnings ?? []);

        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        var outlook = collections is null ? null : new CollectionsSync(store, collections.Board, collections.Mail, clock);

        // What people set since the last cycle comes first, so this evaluation honours it.
        progress?.Report("reading holds and releases set in Dynamics");
        ReadBackResult readBack;
        TaskReadBackResult? tasksReadBack = null;
        using (SyncTelemetry.StartStep("read_back", runId))
        {
            readBack = await new HoldReadBack(dataverse, store, clock).RunAsync(cancellationToken).ConfigureAwait(false);
            if (outlook is not null)
            {
                progress?.Report("reading the collectors' task lists");
                tasksReadBack = await outlook.ReadBackAsync(collections!.Options, cancellationToken).ConfigureAwait(false);
            }
        }

        progress?.Report("ingesting the ERP");
        IngestReport ingested;
        using (SyncTelemetry.StartStep("ingest", runId))
        {
            ingested = await new IngestRunner(store, erp.OpenSource(), load.Mappings!, ingest, loggers.CreateLogger<IngestRunner>())
                .RunAsync(entities, null, cancellationToken).ConfigureAwait(false);
        }

        if (bank is { IsConfigured: true })
        {
            // Before the evaluation, so the cash the bank reports today is in it.
            progress?.Report("reading bank statements");
            using var step = SyncTelemetry.StartStep("bank_statements", runId);
            ingested = ingested with { Bank = await bank.RunAsync(store, cancellationToken).ConfigureAwait(false) };
        }

        var (read, landed) = (ingested.Entities.Sum(static e => e.Read), ingested.Entities.Sum(static e => e.Landed));
        LogIngested(read, landed, ingested.Quarantined);

        // Cash accepted here counts in this cycle's evaluation, before the ERP confirms it (issue 18).
        progress?.Report("applying cash");
        CashStepResult cashApplied;
        using (SyncTelemetry.StartStep("cash_application", runId))
        {
            // connector run keeps the ledger between cycles: only what changed since the last one is read.
            var erpLedger = resident is null
                ? await LedgerLoader.LoadAsync(store, cancellationToken).ConfigureAwait(false)
                : await resident.RefreshLedgerAsync(store, cancellationToken).ConfigureAwait(false);
            cashApplied = await (cash ?? new CashApplicationSync(new(), clock)).RunAsync(store, erpLedger, cancellationToken).ConfigureAwait(false);
        }

        progress?.Report("evaluating");
        LedgerEvaluation evaluation;
        using (SyncTelemetry.StartStep("evaluate", runId))
        {
            if (resident is null)
            {
                var state = await EvaluationState.ReadAsync(store, cancellationToken).ConfigureAwait(false);
                evaluation = LedgerEvaluator.Evaluate(cashApplied.Ledger, state, policies, day);
            }
            else
            {
                // The refresh the cash step read, with the cash it accepted counted (a full evaluation when there is any).
                evaluation = await resident.EvaluateAsync(store, policies, day, cancellationToken).ConfigureAwait(false);
            }
        }

        if (resident?.LastStep is { } residentStep)
        {
            LogResidentEvaluation(residentStep.LedgerReadWhole, residentStep.RowsRead, residentStep.CustomersChanged, residentStep.Incremental, residentStep.CustomersEvaluated);
        }

        LogEvaluated(evaluation.Credit.Snapshots.Count, evaluation.Portfolio.CustomersOnHold, evaluation.Collections.Cases.Count);

        DataversePushReport pushed;
        using (SyncTelemetry.StartStep("push", runId))
        {
            pushed = await new DataversePush(store, dataverse, clock, snapshots).RunAsync(evaluation, progress, cancellationToken).ConfigureAwait(false);
        }

        // The webhook reads this evaluation now: the next full evaluations may reuse the arrays of the ones before it.
        resident?.Published(evaluation);


        // Every instance's order webhooks decide from this evaluation from now on, not only this one's.
        progress?.Report("publishing the credit snapshot");
        await sharing.PublishFiguresAsync(store, pushed.Snapshot, cancellationToken).ConfigureAwait(false);

        // The day's figures for the trend report, from this same evaluation (issue 20).
        DailySnapshotReport? kept = null;
        if (history is not null)
        {
            progress?.Report("keeping the daily snapshot");
            using var step = SyncTelemetry.StartStep("daily_snapshot", runId);
            kept = await history.RecordAsync(store, evaluation, cancellationToken).ConfigureAwait(false);
        }

        // Layer 1 of the credit holds, always on: the orders changed in Dynamics get their credit status, held ones are re-checked.
        progress?.Report("checking sales orders' credit");
        OrderCreditReport checkedOrders;
        using (SyncTelemetry.StartStep("order_credit", runId))
        {
            checkedOrders = await orders.RunAsync(store, pushed.Snapshot, cancellationToken).ConfigureAwait(false);
        }


        CollectionsSyncReport? collected = null;
        if (outlook is not null)
        {
            // After the push, so the tasks link to the accounts Dataverse has just given ids.
            using var step = SyncTelemetry.StartStep("collections", runId);
            collected = await outlook.WriteAsync(evaluation, tasksReadBack!, collections!.Options, progress, cancellationToken).ConfigureAwait(false);
        }

        // Last, so a folder or table the ERP side refuses stops nothing else; its rows stay queued for the next run.
        ErpWritebackReport? writtenBack = null;
        if (erp.OpenWriteback() is { } writeback)
        {
            using var step = SyncTelemetry.StartStep("erp_writeback", runId);
            writtenBack = await new ErpWritebackSync(store, writeback).RunAsync(evaluation, progress, cancellationToken).ConfigureAwait(false);
        }

        return new SyncCycleReport
        {
            RunId = runId,
            Store = store.Description,
            ReadBack = readBack,
            Ingest = ingested,
            Evaluation = evaluation,
            Dataverse = pushed,
            Orders = checkedOrders,
            Collections = collected,
            ErpWriteback = writtenBack,
            Cash = cashApplied.Report,
            Twins = cashApplied.Twins,
            History = kept,
            Warnings = warnings,
        };
    }

    [LoggerMessage(EventId = LogEventIds.SyncCycle + 2, Level = LogLevel.Information, Message = "Ingested the ERP: {RowsRead} rows read, {RowsLanded} landed, {RowsQuarantined} quarantined")]
    private partial void LogIngested(long rowsRead, long rowsLanded, long rowsQuarantined);

    [LoggerMessage(EventId = LogEventIds.SyncCycle + 4, Level = LogLevel.Information, Message = "Ledger kept in memory: read whole {ReadWhole}, {RowsRead} rows read, {CustomersChanged} customers changed; incremental evaluation {Incremental}, {CustomersEvaluated} customers evaluated")]
    private partial void LogResidentEvaluation(bool readWhole, long rowsRead, int customersChanged, bool incremental, int customersEvaluated);

    [LoggerMessage(EventId = LogEventIds.SyncCycle + 3, Level = LogLevel.Information, Message = "Evaluated {Customers} customers: {OnHold} on credit hold, {Cases} open collection cases")]
    private partial void LogEvaluated(int customers, int onHold, int cases);
}
