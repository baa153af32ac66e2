using Connector.Sync.Clock;
using Connector.Sync.Credit;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>What one push to Dataverse did, table by table.</summary>
public sealed record DataversePushReport
{
    /// <summary>The evaluation's credit figures with the accounts' Dataverse ids: what the order checks decide from.</summary>
    public required CreditSnapshot Snapshot { get; init; }

    /// <summary>The read-back after the push (the new accounts' ids, and what people changed in Dynamics meanwhile).</summary>
    public required ReadBackResult ReadAfter { get; init; }

    /// <summary>Records queued per table this run (changed since the last successful push).</summary>
    public required IReadOnlyDictionary<string, int> Queued { get; init; }

    /// <summary>Records held back because their account has no Dataverse id yet.</summary>
    public required int Deferred { get; init; }

    public required int AuditEvents { get; init; }
    public required IReadOnlyList<TablePushResult> Pushed { get; init; }

    /// <summary>Accounts Dataverse had lost (their children were refused 404): forgotten, so the next push creates them again.</summary>
    public LostAccountsReport Lost { get; init; } = LostAccountsReport.None;

    public int Requests => Pushed.Sum(static p => p.Requests);
}

/// <summary>
/// Pushes one evaluation to Dataverse: the accounts first, then their open items and payments (which point at the accounts
/// by alternate key), only what changed since the last successful push; then reads back the new accounts' ids and which
/// accounts contacts belong to, and publishes the credit snapshot the order checks decide from. It does not evaluate:
/// the cycle hands it the one evaluation every step shares. Every step resumes from the store after a crash.
/// </summary>
public sealed class DataversePush
{
    private readonly IConnectorStore store;
    private readonly IDataverse dataverse;
    private readonly CompanyClock clock;
    private readonly ICreditSnapshotSink? snapshots;

    /// <param name="snapshots">Told the credit snapshot once the account ids are read back; <c>null</c>: nobody listens.</param>
    public DataversePush(IConnectorStore store, IDataverse dataverse, CompanyClock clock, ICreditSnapshotSink? snapshots = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dataverse);
        ArgumentNullException.ThrowIfNull(clock);
        this.store = store;
        this.dataverse = dataverse;
        this.clock = clock;
        this.snapshots = snapshots;
    }

    /// <param name="progress">Told the name of each step as it starts (the CLI shows it).</param>
    public async Task<DataversePushReport> RunAsync(LedgerEvaluation evaluation, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var queued = new Dictionary<string, int>(StringComparer.Ordinal);
        var previous = evaluation.State.PreviousHolds;
        var accountBaseline = await PushBaseline.ReadAsync(store, store, DataverseModel.Accounts, cancellationToken).ConfigureAwait(false);
        var accounts = AccountPlanner.Plan(evaluation.Portfolio, accountBaseline, previous.Count == 0 ? null : previous, clock.Now, clock.Zone) with
        {
            Evaluated = EvaluationState.LastSync(evaluation.AsOf, clock.Now),
        };
        queued[DataverseModel.Accounts.LogicalName] = await store.CommitEvaluationAsync(accounts, cancellationToken).ConfigureAwait(false);

        var pusher = new OutboxPusher(dataverse, store, store);
        var pushed = new List<TablePushResult>();
        progress?.Report("pushing accounts");
        pushed.Add(await pusher.PushAsync(DataverseModel.Accounts, null, cancellationToken).ConfigureAwait(false));

        // Open items and payments point at their account by its alternate key, so they need no id: only accounts
        // Dataverse has accepted (ever, or just now) are pointed at; the others' items wait for the next run.
        var accepted = (await store.ReadSentHashesAsync(DataverseModel.Target(DataverseModel.Accounts), cancellationToken).ConfigureAwait(false)).Keys.ToHashSet(StringComparer.Ordinal);
        var itemBaseline = await PushBaseline.ReadAsync(store, store, DataverseModel.OpenItems, cancellationToken).ConfigureAwait(false);
        var paymentBaseline = await PushBaseline.ReadAsync(store, store, DataverseModel.Payments, cancellationToken).ConfigureAwait(false);

        // An account created again (it had been deleted in Dynamics, or lost with a restore) has none of the open items
        // and payments we had sent for it: they are sent again, bound to it.
        var recreated = accepted.Where(k => !accountBaseline.WasSent(k)).ToHashSet(StringComparer.Ordinal);
        if (await LostAccounts.ForgetChildrenAsync(store, evaluation.Ledger, recreated, itemBaseline, paymentBaseline, cancellationToken).ConfigureAwait(false) > 0)
        {
            itemBaseline = await PushBaseline.ReadAsync(store, store, DataverseModel.OpenItems, cancellationToken).ConfigureAwait(false);
            paymentBaseline = await PushBaseline.ReadAsync(store, store, DataverseModel.Payments, cancellationToken).ConfigureAwait(false);
        }

        var provisional = await CashApplication.CashApplicationSync.AwaitingByInvoiceAsync(store, cancellationToken).ConfigureAwait(false);
        var items = ItemPlanner.PlanOpenItems(evaluation.Ledger, evaluation.AsOf, accepted, itemBaseline, provisional);
        var payments = ItemPlanner.PlanPayments(evaluation.Ledger, accepted, paymentBaseline);
        queued[DataverseModel.OpenItems.LogicalName] = await store.EnqueueAsync(items.Outbox, cancellationToken).ConfigureAwait(false);
        queued[DataverseModel.Payments.LogicalName] = await store.EnqueueAsync(payments.Outbox, cancellationToken).ConfigureAwait(false);

        progress?.Report("pushing open items");
        pushed.Add(await pusher.PushAsync(DataverseModel.OpenItems, null, cancellationToken).ConfigureAwait(false));
        progress?.Report("pushing payments");
        pushed.Add(await pusher.PushAsync(DataverseModel.Payments, null, cancellationToken).ConfigureAwait(false));

        // Children refused because their account is gone from Dataverse: forget the account and its children, so the
        // next push creates the account again and then sends them.
        var lost = await LostAccounts.ForgetAsync(store, evaluation.Ledger, pushed, clock.Now, cancellationToken).ConfigureAwait(false);

        // Last, the read-back: the ids of the accounts just created (the order webhook resolves customers by them) and
        // whatever people changed in Dynamics meanwhile, so this run's own writes are not read again next time.
        progress?.Report("reading back account ids and changes made in Dynamics");
        var after = await new HoldReadBack(dataverse, store, clock).RunAsync(cancellationToken).ConfigureAwait(false);
        var accountIds = await store.ReadRecordIdsAsync(DataverseModel.Accounts.LogicalName, cancellationToken).ConfigureAwait(false);
        progress?.Report("reading which accounts contacts belong to");
        var contacts = await ContactAccounts.ReadAsync(dataverse, accountIds, cancellationToken).ConfigureAwait(false);
        progress?.Report("reading Dataverse's currencies");
        var currencies = await CurrencyRows.ReadAsync(dataverse, cancellationToken).ConfigureAwait(false);
        var snapshot = new CreditSnapshot(evaluation.Credit, accountIds, evaluation.State.Actions, clock.Now, contacts, currencies);
        snapshots?.Publish(snapshot);

        return new DataversePushReport
        {
            Snapshot = snapshot,
            ReadAfter = after,
            Queued = queued,
            Deferred = items.Deferred + payments.Deferred,
            AuditEvents = accounts.Audit.Count,
            Pushed = pushed,
            Lost = lost,
        };
    }
}
