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
    /// <summary>Open items in the first slice planned and queued before the first is sent; later slices double.</summary>
    public const int FirstItemSlice = 25_000;

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

        // The accounts' read-back (their ids, and what people changed in Dynamics meanwhile) starts now, beside the items:
        // nothing pushed from here on changes an account, so it reads the same as after them, and its pages no longer
        // wait at the end of the run.
        var reading = Task.Run(() => new HoldReadBack(dataverse, store, clock).RunAsync(cancellationToken), cancellationToken);

        // Open items are planned in slices, each queued and sent while the next is planned and queued, so the first
        // requests go out after the first slice rather than after a million records are planned and written down.
        progress?.Report("pushing open items");
        var itemResults = new List<TablePushResult>();
        var itemsQueued = 0;
        var deferred = 0;
        Task<TablePushResult>? sending = null;
        PlannedRecords payments;
        ReadBackResult after;
        try
        {
            foreach (var slice in ItemPlanner.PlanOpenItemsInSlices(evaluation.Ledger, evaluation.AsOf, accepted, itemBaseline, FirstItemSlice, provisional))
            {
                itemsQueued += await store.EnqueueAsync(slice.Outbox, cancellationToken).ConfigureAwait(false);
                deferred += slice.Deferred;
                if (sending is not null)
                {
                    itemResults.Add(await sending.ConfigureAwait(false));
                }

                sending = Task.Run(() => pusher.PushAsync(DataverseModel.OpenItems, null, cancellationToken), cancellationToken);
            }

            itemResults.Add(await sending!.ConfigureAwait(false));
            queued[DataverseModel.OpenItems.LogicalName] = itemsQueued;
            pushed.Add(Combine(DataverseModel.OpenItems, itemResults));

            payments = ItemPlanner.PlanPayments(evaluation.Ledger, accepted, paymentBaseline);
            queued[DataverseModel.Payments.LogicalName] = await store.EnqueueAsync(payments.Outbox, cancellationToken).ConfigureAwait(false);
            progress?.Report("pushing payments");
            pushed.Add(await pusher.PushAsync(DataverseModel.Payments, null, cancellationToken).ConfigureAwait(false));
            after = await reading.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The run fails only once nothing it started is still running; the first failure is the one reported.
            await Quietly(sending).ConfigureAwait(false);
            await Quietly(reading).ConfigureAwait(false);
            throw;
        }

        // Children refused because their account is gone from Dataverse: forget the account and its children, so the
        // next push creates the account again and then sends them.
        var lost = await LostAccounts.ForgetAsync(store, evaluation.Ledger, pushed, clock.Now, cancellationToken).ConfigureAwait(false);

        // Last, what the read-back gave: the ids of the accounts just created (the order webhook resolves customers by them).
        progress?.Report("reading back account ids and changes made in Dynamics");
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
            Deferred = deferred + payments.Deferred,
            AuditEvents = accounts.Audit.Count,
            Pushed = pushed,
            Lost = lost,
        };
    }

    /// <summary>One table's results over several pushes.</summary>
    private static TablePushResult Combine(DataverseTable table, IReadOnlyList<TablePushResult> results) =>
        new(table, results.Sum(static r => r.Sent), results.Sum(static r => r.Quarantined), results.Sum(static r => r.Requests))
        {
            ParentMissing = [.. results.SelectMany(static r => r.ParentMissing)],
        };

    /// <summary>Waits for <paramref name="task"/> without throwing what it threw (its caller is already failing).</summary>
    private static async Task Quietly(Task? task)
    {
        if (task is null)
        {
            return;
        }

        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The failure already on its way out is the one reported.
        }
    }
}
