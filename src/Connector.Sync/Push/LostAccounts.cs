using Connector.Domain.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>What the push did about accounts Dataverse had lost.</summary>
/// <param name="Accounts">Accounts we had pushed that Dataverse no longer has.</param>
/// <param name="Refused">Open items and payments refused 404 because they bind to one of them, by table.</param>
/// <param name="Resent">Open items and payments of those accounts that the next push sends again, by table.</param>
public sealed record LostAccountsReport(IReadOnlyList<string> Accounts, IReadOnlyDictionary<string, int> Refused, IReadOnlyDictionary<string, int> Resent)
{
    public static LostAccountsReport None { get; } = new([], new Dictionary<string, int>(), new Dictionary<string, int>());

    /// <summary>
    /// "Dataverse no longer has 1 account row we had pushed (arc_openitem answered 404 0x80060891 for 1 record bound
    /// to it): the next run creates it again, then its 12 open items and 3 payments."; null when none was lost.
    /// </summary>
    public string? Warning => Accounts.Count == 0
        ? null
        : $"Dataverse no longer has {Accounts.Count} account row(s) we had pushed ({string.Join(", ", Refused.Select(static r => $"{r.Key} answered 404 {DataverseRecordFailure.KeyedRecordDoesNotExistCode} for {r.Value} record(s) bound to them"))}; "
          + $"deleted by a person or an environment restored from an older backup): the next run creates the account(s) again, then their "
          + $"{Resent.GetValueOrDefault(DataverseModel.OpenItems.LogicalName)} {DataverseModel.OpenItems.LogicalName} and {Resent.GetValueOrDefault(DataverseModel.Payments.LogicalName)} {DataverseModel.Payments.LogicalName} rows.";
}

/// <summary>
/// Dataverse loses rows: a person deletes an account, an environment is restored from an older backup. The store still
/// believes them sent, so an unchanged account is never pushed again and its open items and payments, which bind to it by
/// alternate key, are refused 404 (0x80060891). This forgets what the store believes was sent for each such account
/// and for every open item and payment of it, audits it, and puts the refused records back in the queue: the next push
/// re-creates the account first, then its children (push order), and a second push after that sends nothing.
/// </summary>
public static class LostAccounts
{
    public const string AuditAction = "account.missing-in-dataverse";

    public static async Task<LostAccountsReport> ForgetAsync(IConnectorStore store, ArLedger ledger, IReadOnlyList<TablePushResult> pushed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(pushed);
        var refused = pushed.Where(static p => p.ParentMissing.Count > 0).ToList();
        if (refused.Count == 0)
        {
            return LostAccountsReport.None;
        }

        var accountOf = AccountsOfChildren(ledger);
        var lost = new SortedSet<string>(StringComparer.Ordinal);
        var requeue = new List<long>();
        foreach (var entry in refused.SelectMany(static p => p.ParentMissing))
        {
            // A record whose account the ledger no longer has is not planned again: it stays set aside with its reason.
            if (accountOf.TryGetValue((entry.Item.Target, entry.Item.Key), out var account))
            {
                lost.Add(account);
                requeue.Add(entry.Id);
            }
        }

        var forgotten = new List<DataverseRecordId>();
        var resent = new Dictionary<string, int>(StringComparer.Ordinal);
        var audit = new List<AuditEvent>();
        var refusedCounts = refused.ToDictionary(static p => p.Table.LogicalName, static p => p.ParentMissing.Count, StringComparer.Ordinal);
        foreach (var account in ledger.Accounts.Where(a => lost.Contains(a.Id)))
        {
            forgotten.Add(new DataverseRecordId(DataverseModel.Accounts.LogicalName, account.Id, Guid.Empty));
            forgotten.AddRange(account.Invoices.Select(static i => new DataverseRecordId(DataverseModel.OpenItems.LogicalName, i.Id, Guid.Empty)));
            forgotten.AddRange(account.Payments.Select(static p => new DataverseRecordId(DataverseModel.Payments.LogicalName, p.Id, Guid.Empty)));
            resent[DataverseModel.OpenItems.LogicalName] = resent.GetValueOrDefault(DataverseModel.OpenItems.LogicalName) + account.Invoices.Count(static i => i.IsOpen);
            resent[DataverseModel.Payments.LogicalName] = resent.GetValueOrDefault(DataverseModel.Payments.LogicalName) + account.Payments.Count;
            audit.Add(new AuditEvent(
                now, "connector", AuditAction, "customer:" + account.Id, "in Dataverse", "missing",
                $"Dataverse answered 404 {DataverseRecordFailure.KeyedRecordDoesNotExistCode} for records bound to the account: it was deleted or the environment restored from an older backup; the next push creates it again, then its open items and payments"));
        }

        await store.CommitReadBackAsync(new ReadBackCommit { Audit = audit, Forgotten = forgotten }, cancellationToken).ConfigureAwait(false);
        await store.RequeueAsync(requeue, cancellationToken).ConfigureAwait(false);
        return new LostAccountsReport([.. lost], refusedCounts, resent);
    }

    /// <summary>
    /// Forgets that the open items and payments of <paramref name="recreated"/> accounts were sent (an account created
    /// again has none of them in Dataverse), so the next planning sends them bound to it. Returns how many were forgotten.
    /// </summary>
    public static async Task<int> ForgetChildrenAsync(IConnectorStore store, ArLedger ledger, IReadOnlySet<string> recreated, PushBaseline items, PushBaseline payments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(recreated);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(payments);
        if (recreated.Count == 0)
        {
            return 0;
        }

        var forgotten = new List<DataverseRecordId>();
        foreach (var account in ledger.Accounts.Where(a => recreated.Contains(a.Id)))
        {
            forgotten.AddRange(account.Invoices.Where(i => items.WasSent(i.Id)).Select(static i => new DataverseRecordId(DataverseModel.OpenItems.LogicalName, i.Id, Guid.Empty)));
            forgotten.AddRange(account.Payments.Where(p => payments.WasSent(p.Id)).Select(static p => new DataverseRecordId(DataverseModel.Payments.LogicalName, p.Id, Guid.Empty)));
        }

        if (forgotten.Count > 0)
        {
            await store.CommitReadBackAsync(new ReadBackCommit { Forgotten = forgotten }, cancellationToken).ConfigureAwait(false);
        }

        return forgotten.Count;
    }

    private static Dictionary<(string Target, string Key), string> AccountsOfChildren(ArLedger ledger)
    {
        var items = DataverseModel.Target(DataverseModel.OpenItems);
        var payments = DataverseModel.Target(DataverseModel.Payments);
        var accountOf = new Dictionary<(string, string), string>();
        foreach (var account in ledger.Accounts)
        {
            foreach (var invoice in account.Invoices)
            {
                accountOf.TryAdd((items, invoice.Id), account.Id);
            }

            foreach (var payment in account.Payments)
            {
                accountOf.TryAdd((payments, payment.Id), account.Id);
            }
        }

        return accountOf;
    }
}
