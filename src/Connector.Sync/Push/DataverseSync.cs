using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Sync.Credit;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>What one evaluate-and-push run did, table by table.</summary>
public sealed record DataverseSyncReport
{
    public required PortfolioEvaluation Evaluation { get; init; }

    /// <summary>The evaluation's credit figures with the accounts' Dataverse ids: what the order checks decide from.</summary>
    public required CreditSnapshot Snapshot { get; init; }
    public required ReadBackResult ReadBefore { get; init; }
    public required ReadBackResult ReadAfter { get; init; }

    /// <summary>Records queued per table this run (changed since the last successful push).</summary>
    public required IReadOnlyDictionary<string, int> Queued { get; init; }

    /// <summary>Records held back because their account has no Dataverse id yet.</summary>
    public required int Deferred { get; init; }

    public required int AuditEvents { get; init; }
    public required IReadOnlyList<TablePushResult> Pushed { get; init; }

    public int Requests => Pushed.Sum(static p => p.Requests);
}

/// <summary>
/// Read back → evaluate → push → read back, against the ledger in the store: what people set in Dynamics is read first
/// so this evaluation honours it; accounts are pushed first, then open items and payments (which point at the accounts
/// by alternate key); the last read-back records the new accounts' ids. Every step resumes from the store after a crash.
/// </summary>
public sealed class DataverseSync
{
    private readonly IConnectorStore store;
    private readonly IDataverse dataverse;
    private readonly TimeProvider time;
    private readonly ICreditSnapshotSink? snapshots;

    /// <param name="snapshots">
    /// Told each evaluation's credit figures once the account ids are read back (the order webhook decides from them);
    /// <c>null</c>: nobody listens, and the run does exactly what it did before.
    /// </param>
    public DataverseSync(IConnectorStore store, IDataverse dataverse, TimeProvider time, ICreditSnapshotSink? snapshots = null)
    {
        this.snapshots = snapshots;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dataverse);
        ArgumentNullException.ThrowIfNull(time);
        this.store = store;
        this.dataverse = dataverse;
        this.time = time;
    }

    /// <param name="progress">Told the name of each step as it starts (the CLI shows it).</param>
    public async Task<DataverseSyncReport> RunAsync(EvaluationPolicies policies, DateOnly asOf, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var readBack = new HoldReadBack(dataverse, store, time);
        progress?.Report("reading holds and releases set in Dynamics");
        var before = await readBack.RunAsync(cancellationToken).ConfigureAwait(false);

        progress?.Report("evaluating");
        var ledger = await LedgerLoader.LoadAsync(store, cancellationToken).ConfigureAwait(false);
        var orderNumbers = new Dictionary<Guid, string>();
        foreach (var order in await store.ReadOrderCreditsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (order.OrderNumber is { } number)
            {
                orderNumbers[order.OrderId] = number;
            }
        }

        var actions = ManualActionConversion.ToDomain(
            await store.ReadManualActionsAsync(cancellationToken).ConfigureAwait(false),
            await store.ReadOrderReleasesAsync(cancellationToken).ConfigureAwait(false),
            orderNumbers);
        var previous = ManualActionConversion.ToDomain(await store.ReadHoldStatusesAsync(cancellationToken).ConfigureAwait(false));
        var rates = ledger.RatesOn(policies.Company.Currency, asOf);
        var assigned = ledger.WithAssignedCollectors(CollectionPlanner.Plan(ledger, policies.Collections, rates));
        var evaluation = PortfolioEvaluator.Evaluate(assigned, policies, asOf, actions, previous.Count == 0 ? null : previous);

        var queued = new Dictionary<string, int>(StringComparer.Ordinal);
        var accountBaseline = await PushBaseline.ReadAsync(store, store, DataverseModel.Accounts, cancellationToken).ConfigureAwait(false);
        var accounts = AccountPlanner.Plan(evaluation, accountBaseline, previous, time.GetUtcNow(), time.LocalTimeZone);
        queued[DataverseModel.Accounts.LogicalName] = await store.CommitEvaluationAsync(accounts, cancellationToken).ConfigureAwait(false);

        var pusher = new OutboxPusher(dataverse, store, store);
        var pushed = new List<TablePushResult>();
        progress?.Report("pushing accounts");
        pushed.Add(await pusher.PushAsync(DataverseModel.Accounts, null, cancellationToken).ConfigureAwait(false));

        // Open items and payments point at their account by its alternate key, so they need no id: only accounts
        // Dataverse has accepted (ever, or just now) are pointed at; the others' items wait for the next run.
        var accepted = (await store.ReadSentHashesAsync(DataverseModel.Target(DataverseModel.Accounts), cancellationToken).ConfigureAwait(false)).Keys.ToHashSet(StringComparer.Ordinal);
        var items = ItemPlanner.PlanOpenItems(
            assigned, asOf, accepted, await PushBaseline.ReadAsync(store, store, DataverseModel.OpenItems, cancellationToken).ConfigureAwait(false));
        var payments = ItemPlanner.PlanPayments(
            assigned, accepted, await PushBaseline.ReadAsync(store, store, DataverseModel.Payments, cancellationToken).ConfigureAwait(false));
        queued[DataverseModel.OpenItems.LogicalName] = await store.EnqueueAsync(items.Outbox, cancellationToken).ConfigureAwait(false);
        queued[DataverseModel.Payments.LogicalName] = await store.EnqueueAsync(payments.Outbox, cancellationToken).ConfigureAwait(false);

        progress?.Report("pushing open items");
        pushed.Add(await pusher.PushAsync(DataverseModel.OpenItems, null, cancellationToken).ConfigureAwait(false));
        progress?.Report("pushing payments");
        pushed.Add(await pusher.PushAsync(DataverseModel.Payments, null, cancellationToken).ConfigureAwait(false));

        // Last, the read-back: the ids of the accounts just created (the order webhook resolves customers by them) and
        // whatever people changed in Dynamics meanwhile, so this run's own writes are not read again next time.
        progress?.Report("reading back account ids and changes made in Dynamics");
        var after = await readBack.RunAsync(cancellationToken).ConfigureAwait(false);
        var accountIds = await store.ReadRecordIdsAsync(DataverseModel.Accounts.LogicalName, cancellationToken).ConfigureAwait(false);
        progress?.Report("reading which accounts contacts belong to");
        var contacts = await ContactAccounts.ReadAsync(dataverse, accountIds, cancellationToken).ConfigureAwait(false);
        var snapshot = new CreditSnapshot(evaluation.Credit, accountIds, actions, time.GetUtcNow(), contacts);
        snapshots?.Publish(snapshot);

        return new DataverseSyncReport
        {
            Evaluation = evaluation,
            Snapshot = snapshot,
            ReadBefore = before,
            ReadAfter = after,
            Queued = queued,
            Deferred = items.Deferred + payments.Deferred,
            AuditEvents = accounts.Audit.Count,
            Pushed = pushed,
        };
    }
}
