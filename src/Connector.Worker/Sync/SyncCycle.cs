using Connector.Domain.Aging;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Evaluation;
using Connector.Domain.Policies;
using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Sync.Ingest;
using Connector.Sync.Ports;
using Connector.Sync.Collections;
using Connector.Sync.Orders;
using Connector.Sync.Push;
using Connector.Sync.Writeback;
using Microsoft.Extensions.Logging;

namespace Connector.Worker.Sync;

/// <summary>What one sync cycle did.</summary>
public sealed record SyncCycleReport(string RunId, IngestReport Ingest, DataverseSyncReport Dataverse, CollectionsSyncReport? Collections, OrderCreditReport? Orders = null)
{
    /// <summary>The ERP writeback; <c>null</c> when it is off (<c>Erp:Writeback</c> false).</summary>
    public ErpWritebackReport? ErpWriteback { get; init; }
}

/// <summary>The collections step of a cycle: Graph's board and mail sender, and how to write. Absent when Graph is not configured.</summary>
public sealed record CollectionsStep(ITaskBoard Board, IMailSender Mail, CollectionsSyncOptions Options);

/// <summary>
/// One cycle of the worker: ingest (ERP → ledger) → evaluate → push to Dataverse → read back → order credit status → collections in
/// Outlook (when Graph is configured). <c>connector sync
/// --once</c>, the scheduled job of <c>connector run</c> and <c>connector demo</c> all run exactly this.
/// </summary>
public sealed class SyncCycle
{
    private readonly IConnectorStore store;
    private readonly MappingSet mappings;
    private readonly IErpSource erp;
    private readonly IDataverse dataverse;
    private readonly IngestOptions ingest;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggers;
    private readonly CollectionsStep? collections;
    private readonly ICreditSnapshotSink? snapshots;
    private readonly OrderCreditSync orders;
    private readonly IErpWriteback? writeback;

    /// <param name="snapshots">Told each evaluation's credit figures (the order webhook of <c>connector run</c>); <c>null</c>: none.</param>
    /// <param name="writeback">Where hold flags and ERP order decisions go back to the ERP; <c>null</c>: no writeback.</param>
    public SyncCycle(
        IConnectorStore store, MappingSet mappings, IErpSource erp, IDataverse dataverse, IngestOptions ingest, TimeProvider time, ILoggerFactory loggers,
        CollectionsStep? collections = null, ICreditSnapshotSink? snapshots = null, IErpWriteback? writeback = null, OrderCreditSync? orders = null)
    {
        this.orders = orders ?? new OrderCreditSync(store, dataverse, time);
        this.writeback = writeback;
        this.snapshots = snapshots;
        this.collections = collections;
        this.store = store;
        this.mappings = mappings;
        this.erp = erp;
        this.dataverse = dataverse;
        this.ingest = ingest;
        this.time = time;
        this.loggers = loggers;
    }

    public static EvaluationPolicies Policies(CompanyPolicy company, AgingPolicy aging, CreditPolicy credit, CollectionsPolicy collections) =>
        new() { Company = company, Aging = aging, Credit = credit, Collections = collections };

    public async Task<SyncCycleReport> RunAsync(
        string runId,
        EvaluationPolicies policies,
        DateOnly asOf,
        IReadOnlyList<CanonicalEntity>? entities,
        IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        progress?.Report("ingesting the ERP export");
        var runner = new IngestRunner(store, erp, mappings, ingest, loggers.CreateLogger<IngestRunner>());
        var ingested = await runner.RunAsync(entities, null, cancellationToken);
        var pushed = await new DataverseSync(store, dataverse, time, snapshots).RunAsync(policies, asOf, progress, cancellationToken);

        // Layer 1 of the credit holds, always on: the orders changed in Dynamics get their credit status, held ones are re-checked.
        progress?.Report("checking sales orders' credit");
        var checkedOrders = await orders.RunAsync(pushed.Snapshot, policies.Credit, cancellationToken);
        CollectionsSyncReport? collected = null;
        if (collections is not null)
        {
            // After the push, so the tasks link to the accounts Dataverse has just given ids.
            collected = await new CollectionsSync(store, collections.Board, collections.Mail, time).RunAsync(policies, asOf, collections.Options, progress, cancellationToken);
        }

        // Last, so a folder or table the ERP side refuses stops nothing else; its rows stay queued for the next run.
        var writtenBack = writeback is null ? null : await new ErpWritebackSync(store, writeback).RunAsync(pushed.Evaluation, policies.Credit, progress, cancellationToken);
        return new SyncCycleReport(runId, ingested, pushed, collected, checkedOrders) { ErpWriteback = writtenBack };
    }
}
