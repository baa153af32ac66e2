namespace Connector.Domain.Ledger;

/// <summary>What one customer's account holds after a change: the records a revision builds its account from.</summary>
/// <param name="Invoices">Every invoice and credit memo of the customer, open or not, in the order a full load gives them.</param>
public sealed record AccountContent(
    Customer Customer,
    IReadOnlyList<Invoice> Invoices,
    IReadOnlyList<Payment> Payments,
    IReadOnlyList<Order> Orders,
    IReadOnlyList<PaymentPromise> Promises);

public sealed partial class ArLedger
{
    private ArLedger(ArLedger previous, CustomerAccount[] accounts, Dictionary<string, CustomerAccount> accountsById, IReadOnlyList<Payment>? unassigned = null)
    {
        this.accountsById = accountsById;
        Accounts = accounts;
        UnassignedPayments = unassigned ?? previous.UnassignedPayments;
        Rates = previous.Rates;
        Collectors = previous.Collectors;
        Orphans = previous.Orphans;
    }

    /// <summary>
    /// A new ledger in which the accounts of <paramref name="changed"/> (and every account of their groups: a parent's and
    /// a child's accounts point at each other) are built afresh from the given content, and every other account is this
    /// ledger's own, shared. Equal to the ledger a full load of the same records builds, in the same account order. This
    /// ledger is not changed (an evaluation built on it stays valid).
    /// </summary>
    /// <returns>
    /// <c>null</c> when a revision cannot express the change and the caller must build the ledger whole: a customer this
    /// ledger does not know, or a customer whose parent changed.
    /// </returns>
    public ArLedger? Revise(IReadOnlyCollection<AccountContent> changed) => Revise(changed, null);

    /// <summary>
    /// As <see cref="Revise(IReadOnlyCollection{AccountContent})"/>, with <paramref name="unassigned"/> as the payments whose
    /// payer is not known (<c>null</c>: this ledger's): for a caller that changes them too (the twin fold, decision 138).
    /// </summary>
    public ArLedger? Revise(IReadOnlyCollection<AccountContent> changed, IReadOnlyList<Payment>? unassigned)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (changed.Count == 0)
        {
            return unassigned is null || ReferenceEquals(unassigned, UnassignedPayments)
                ? this
                : new ArLedger(this, [.. Accounts], accountsById, unassigned);
        }

        var content = new Dictionary<string, AccountContent>(changed.Count, StringComparer.Ordinal);
        foreach (var account in changed)
        {
            if (Find(account.Customer.Id) is not { } old
                || !string.Equals(ParentIdOf(old), ParentIdOf(account.Customer), StringComparison.Ordinal))
            {
                return null;
            }

            content[account.Customer.Id] = account;
        }

        // Whole groups: from each changed account up to its root, then every account below that root.
        var rebuilt = new HashSet<CustomerAccount>();
        foreach (var id in content.Keys)
        {
            foreach (var member in GroupOf(accountsById[id]))
            {
                rebuilt.Add(member);
            }
        }

        var ordered = rebuilt.OrderBy(static a => a.Index).ToList();
        var part = new ArLedger(
            ordered.Select(a => content.TryGetValue(a.Id, out var c) ? c.Customer : a.Customer),
            ordered.SelectMany(a => content.TryGetValue(a.Id, out var c) ? c.Invoices : a.Invoices),
            ordered.SelectMany(a => content.TryGetValue(a.Id, out var c) ? c.Payments : a.Payments),
            ordered.SelectMany(a => content.TryGetValue(a.Id, out var c) ? c.Orders : a.Orders),
            [],
            ordered.SelectMany(a => content.TryGetValue(a.Id, out var c) ? c.Promises : a.Promises),
            []);

        var accounts = new CustomerAccount[Accounts.Count];
        for (var i = 0; i < accounts.Length; i++)
        {
            accounts[i] = Accounts[i];
        }

        var byId = new Dictionary<string, CustomerAccount>(accountsById, StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
        {
            var fresh = part.Accounts[i];
            fresh.Index = ordered[i].Index;
            accounts[fresh.Index] = fresh;
            byId[fresh.Id] = fresh;
        }

        return new ArLedger(this, accounts, byId, unassigned);
    }

    /// <summary>The account's whole group (the account alone when it has none), each account once.</summary>
    internal static HashSet<CustomerAccount> GroupOf(CustomerAccount account)
    {
        var root = account;
        var seen = new HashSet<CustomerAccount> { root };
        while (root.Parent is { } parent && seen.Add(parent))
        {
            root = parent;
        }

        var group = new HashSet<CustomerAccount>();
        var pending = new Stack<CustomerAccount>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var member = pending.Pop();
            if (group.Add(member))
            {
                foreach (var child in member.Children)
                {
                    pending.Push(child);
                }
            }
        }

        group.Add(account);
        return group;
    }

    /// <summary>The parent the ledger links (an unknown or self parent links none).</summary>
    private static string? ParentIdOf(CustomerAccount account) => account.Parent?.Id;

    private string? ParentIdOf(Customer customer) =>
        customer.ParentId is { Length: > 0 } parentId && parentId != customer.Id && Find(parentId) is not null ? parentId : null;
}
