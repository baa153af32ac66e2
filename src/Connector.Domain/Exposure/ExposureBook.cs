using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;

namespace Connector.Domain.Exposure;

/// <summary>
/// The exposures of one evaluation: each customer's computed once, and each group's (a parent and
/// all its descendants, in the parent's currency) summed from them on first use. Not thread-safe:
/// it is used while evaluating; the results go into immutable snapshots.
/// </summary>
public sealed class ExposureBook
{
    /// <summary>Deeper chains than this are treated as a data error (a parent cycle) and cut.</summary>
    private const int MaxGroupDepth = 64;

    private readonly Dictionary<CustomerAccount, CustomerExposure> customers = [];
    private readonly Dictionary<CustomerAccount, GroupExposure> groups = [];
    private readonly Dictionary<CustomerAccount, GroupExposure[]> above = [];
    private readonly AccountFigureTable? table;
    private readonly CustomerExposure?[] byIndex = [];

    public ExposureBook(RatesAsOf rates, bool subtractUnappliedCash = true)
    {
        ArgumentNullException.ThrowIfNull(rates);
        Rates = rates;
        SubtractUnappliedCash = subtractUnappliedCash;
    }

    /// <summary>A book over figures already gathered for a whole ledger: exposures come from them and are kept by account position.</summary>
    internal ExposureBook(RatesAsOf rates, bool subtractUnappliedCash, AccountFigureTable table)
        : this(rates, subtractUnappliedCash)
    {
        this.table = table;
        byIndex = new CustomerExposure?[table.Count];
    }

    public RatesAsOf Rates { get; }

    public bool SubtractUnappliedCash { get; }

    public CustomerExposure Of(CustomerAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (table is not null && table.TryFind(account, out var index))
        {
            return byIndex[index] ??= ExposureCalculator.Compute(account, Rates, SubtractUnappliedCash, table[index]);
        }

        if (!customers.TryGetValue(account, out var exposure))
        {
            exposure = ExposureCalculator.Compute(account, Rates, SubtractUnappliedCash);
            customers.Add(account, exposure);
        }

        return exposure;
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
            var exposure = Of(member);
            if (!exposure.IsEvaluable)
            {
                missing ??= exposure.NotEvaluableReason;
            }
            else if (ReferenceEquals(exposure.Currency, currency))
            {
                total += exposure.Total;
            }
            else if (Rates.TryConvert(exposure.Total, exposure.Currency, currency, out var converted, out var why))
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

        if (!above.TryGetValue(account, out var result))
        {
            var list = new List<GroupExposure>(1);
            var ancestor = account.Parent;
            for (var depth = 0; ancestor is not null && ancestor != account && depth < MaxGroupDepth; depth++)
            {
                list.Add(GroupOf(ancestor));
                ancestor = ancestor.Parent;
            }

            result = [.. list];
            above.Add(account, result);
        }

        return result;
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
