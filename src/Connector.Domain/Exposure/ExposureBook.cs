using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;

namespace Connector.Domain.Exposure;

/// <summary>
/// The exposures of one evaluation: each customer's computed once, and each group's (a parent and
/// all its descendants, in the parent's currency) summed from them on first use. Not thread-safe
/// while it computes; the evaluation fills it completely, after which reads do not change it.
/// </summary>
public sealed class ExposureBook
{
    /// <summary>Deeper chains than this are treated as a data error (a parent cycle) and cut.</summary>
    private const int MaxGroupDepth = 64;

    private readonly Dictionary<CustomerAccount, CustomerExposure> customers = [];
    private readonly Dictionary<CustomerAccount, GroupExposure> groups = [];
    private readonly Dictionary<CustomerAccount, GroupExposure[]> above = [];
    private readonly Dictionary<CustomerAccount, GroupExposure[]> aboveLeaves = [];
    private readonly AccountFigureTable? table;
    private readonly ExposureRow[] rows = [];

    public ExposureBook(RatesAsOf rates, bool subtractUnappliedCash = true)
    {
        ArgumentNullException.ThrowIfNull(rates);
        Rates = rates;
        SubtractUnappliedCash = subtractUnappliedCash;
    }

    /// <summary>
    /// A book over figures already gathered for a whole ledger: every customer's exposure is
    /// computed here, kept as a value by account position, and made a record only when read.
    /// </summary>
    internal ExposureBook(RatesAsOf rates, bool subtractUnappliedCash, AccountFigureTable table)
        : this(rates, subtractUnappliedCash)
    {
        this.table = table;
        var arrays = table.Lease.Arrays;
        rows = arrays.ExposureRows(table.Count);

        // One customer's counted orders at a time: a row keeps their number and sum, and reading the exposure counts
        // them again (decision 124).
        var orders = new CountedOrderBuffer(MostOrders(table.Accounts));
        var parents = ParentCount(table.Accounts);
        groups.EnsureCapacity(parents);
        aboveLeaves.EnsureCapacity(parents);
        for (var i = 0; i < table.Count; i++)
        {
            orders.Clear();
            rows[i] = ExposureCalculator.Row(table.Accounts[i], rates, subtractUnappliedCash, table[i], orders);
        }
    }

    public RatesAsOf Rates { get; }

    public bool SubtractUnappliedCash { get; }

    public CustomerExposure Of(CustomerAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (table is not null && table.TryFind(account, out var index))
        {
            ref readonly var row = ref rows[index];

            var counted = row.OrdersCount == 0 ? [] : ExposureCalculator.CountedOrders(account, Rates);
            var materialised = ExposureCalculator.Materialise(account, SubtractUnappliedCash, table[index], row, counted);
            table.Lease.EnsureCurrent();
            return materialised;
        }

        if (!customers.TryGetValue(account, out var exposure))
        {
            exposure = ExposureCalculator.Compute(account, Rates, SubtractUnappliedCash);
            customers.Add(account, exposure);
        }

        return exposure;
    }

    /// <summary>The total and the reason it is incomplete, without building a record when the book holds rows.</summary>
    internal (decimal Total, string? NotEvaluableReason) TotalOf(CustomerAccount account)
    {
        if (table is not null && table.TryFind(account, out var index))
        {
            ref readonly var row = ref rows[index];
            return (row.Total, row.NotEvaluableReason);
        }

        var exposure = Of(account);
        return (exposure.Total, exposure.NotEvaluableReason);
    }

    /// <summary>The exposure of <paramref name="parent"/> and all its descendants, in the parent's currency.</summary>
    public GroupExposure GroupOf(CustomerAccount parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (groups.TryGetValue(parent, out var group))
        {
            return group;
        }

        var currency = parent.Customer.Currency;
        var total = 0m;
        var members = 0;
        string? missing = null;
        void Add(CustomerAccount member)
        {
            members++;
            var (memberTotal, memberMissing) = TotalOf(member);
            var memberCurrency = member.Customer.Currency;
            if (memberMissing is not null)
            {
                missing ??= memberMissing;
            }
            else if (ReferenceEquals(memberCurrency, currency))
            {
                total += memberTotal;
            }
            else if (Rates.TryConvert(memberTotal, memberCurrency, currency, out var converted, out var why))
            {
                total += converted;
            }
            else
            {
                missing ??= $"customer {member.Id}: {why}";
            }
        }

        if (IsFlat(parent))
        {
            // The usual group: a parent and its direct children.
            Add(parent);
            foreach (var child in parent.Children)
            {
                Add(child);
            }
        }
        else
        {
            var visited = new HashSet<CustomerAccount>();
            var pending = new Stack<CustomerAccount>();
            pending.Push(parent);
            while (pending.Count > 0)
            {
                var member = pending.Pop();
                if (visited.Add(member))
                {
                    Add(member);
                    foreach (var child in member.Children)
                    {
                        pending.Push(child);
                    }
                }
            }
        }

        group = new GroupExposure
        {
            GroupId = parent.Id,
            GroupName = parent.Customer.Name,
            Currency = currency,
            Limit = parent.Customer.CreditLimit,
            Total = total,
            MemberCount = members,
            NotEvaluableReason = missing,
        };
        groups.Add(parent, group);
        return group;
    }

    /// <summary>
    /// The groups <paramref name="account"/> belongs to, nearest parent first: its parent's group,
    /// then the grandparent's, and so on. Empty for a customer without a parent.
    /// </summary>
    public IReadOnlyList<GroupExposure> GroupsAbove(CustomerAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Parent is null)
        {
            return [];
        }

        // A customer without children is no one's parent, so it cannot be in a parent cycle: its groups are its
        // parent's chain, the same for all its siblings, and kept once for them.
        var leaf = account.Children.Count == 0;
        var key = leaf ? account.Parent : account;
        var cache = leaf ? aboveLeaves : above;
        if (!cache.TryGetValue(key, out var result))
        {
            var depth = 0;
            for (var ancestor = account.Parent; ancestor is not null && ancestor != account && depth < MaxGroupDepth; ancestor = ancestor.Parent)
            {
                depth++;
            }

            result = new GroupExposure[depth];
            var next = account.Parent;
            for (var i = 0; i < depth; i++)
            {
                result[i] = GroupOf(next!);
                next = next!.Parent;
            }

            cache.Add(key, result);
        }

        return result;
    }

    /// <summary>How many accounts head a group, so the group dictionaries are sized once.</summary>
    private static int ParentCount(IReadOnlyList<CustomerAccount> accounts)
    {
        var count = 0;
        for (var i = 0; i < accounts.Count; i++)
        {
            count += accounts[i].childList.Count > 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>The most orders one customer has, so the scratch buffer is allocated once at its size.</summary>
    private static int MostOrders(IReadOnlyList<CustomerAccount> accounts)
    {
        var most = 0;
        for (var i = 0; i < accounts.Count; i++)
        {
            most = Math.Max(most, accounts[i].orderList.Count);
        }

        return most;
    }

    /// <summary>A parent whose children have no children of their own (and are not the parent: no cycle).</summary>
    private static bool IsFlat(CustomerAccount parent)
    {
        foreach (var child in parent.Children)
        {
            if (child.Children.Count > 0 || child == parent)
            {
                return false;
            }
        }

        return true;
    }
}
