namespace Connector.Domain.Credit;

/// <summary>The credit snapshots of every customer on one evaluation date, with the hold transitions to audit.</summary>
public sealed class CreditEvaluation
{
    private readonly ICreditRows? table;
    private Dictionary<string, CustomerCreditSnapshot>? byId;

    public CreditEvaluation(DateOnly asOf, IReadOnlyList<CustomerCreditSnapshot> snapshots, IReadOnlyList<string> ignoredActions)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        AsOf = asOf;
        Snapshots = snapshots;
        IgnoredActions = ignoredActions;
    }

    /// <summary>The evaluation of a whole ledger: snapshots are built from the table when read.</summary>
    internal CreditEvaluation(DateOnly asOf, ICreditRows table, IReadOnlyList<string> ignoredActions)
        : this(asOf, (IReadOnlyList<CustomerCreditSnapshot>)table, ignoredActions)
    {
        this.table = table;
    }

    public DateOnly AsOf { get; }

    /// <summary>One snapshot per customer, in the ledger's order.</summary>
    public IReadOnlyList<CustomerCreditSnapshot> Snapshots { get; }

    /// <summary>Releases and overrides that were not honoured (no person or no reason), each with why.</summary>
    public IReadOnlyList<string> IgnoredActions { get; }

    /// <summary>The customer's snapshot; the index by id is built on the first lookup, not by the evaluation.</summary>
    public CustomerCreditSnapshot? Find(string customerId)
    {
        if (table is not null)
        {
            var index = table.IndexOf(customerId);
            return index < 0 ? null : table[index];
        }

        return (Volatile.Read(ref byId) ?? BuildIndex()).GetValueOrDefault(customerId);
    }

    /// <summary>How many customers are on hold, without building their snapshots.</summary>
    public int OnHoldCount
    {
        get
        {
            var count = 0;
            for (var i = 0; i < Snapshots.Count; i++)
            {
                if (table is null ? Snapshots[i].Hold.OnHold : table.IsOnHold(i))
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Safe on many threads: a racing thread builds the same index and the first one stored wins.</summary>
    private Dictionary<string, CustomerCreditSnapshot> BuildIndex()
    {
        var index = new Dictionary<string, CustomerCreditSnapshot>(Snapshots.Count, StringComparer.Ordinal);
        foreach (var snapshot in Snapshots)
        {
            index[snapshot.CustomerId] = snapshot;
        }

        return Interlocked.CompareExchange(ref byId, index, null) ?? index;
    }

    /// <summary>The rows of a whole-ledger evaluation (full or merged by an incremental one); <c>null</c> for a list of snapshots.</summary>
    internal ICreditRows? Rows => table;

    /// <summary>Customers on hold, in the ledger's order.</summary>
    public IEnumerable<CustomerCreditSnapshot> OnHold => table is null ? Snapshots.Where(static s => s.Hold.OnHold) : Select(table, static (t, i) => t.IsOnHold(i));

    /// <summary>Every transition of this evaluation: what the caller writes to the audit journal.</summary>
    public IEnumerable<HoldTransition> Transitions =>
        (table is null ? Snapshots : Select(table, static (t, i) => t.MayTransition(i))).SelectMany(static s => s.Hold.Transitions);

    /// <summary>The states to keep for the next evaluation.</summary>
    public IReadOnlyDictionary<string, HoldStatus> Statuses()
    {
        if (table is null)
        {
            return Snapshots.ToDictionary(static s => s.CustomerId, static s => s.Hold.Status, StringComparer.Ordinal);
        }

        var statuses = new Dictionary<string, HoldStatus>(table.Count, StringComparer.Ordinal);
        for (var i = 0; i < table.Count; i++)
        {
            statuses[table.CustomerId(i)] = table.Status(i);
        }

        return statuses;
    }

    /// <summary>The snapshots of the customers that pass <paramref name="keep"/>, built only for them.</summary>
    private static IEnumerable<CustomerCreditSnapshot> Select(ICreditRows table, Func<ICreditRows, int, bool> keep)
    {
        for (var i = 0; i < table.Count; i++)
        {
            if (keep(table, i))
            {
                yield return table[i];
            }
        }
    }
}
