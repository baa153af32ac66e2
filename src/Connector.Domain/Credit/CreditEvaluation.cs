namespace Connector.Domain.Credit;

/// <summary>The credit snapshots of every customer on one evaluation date, with the hold transitions to audit.</summary>
public sealed class CreditEvaluation
{
    private Dictionary<string, CustomerCreditSnapshot>? byId;

    public CreditEvaluation(DateOnly asOf, IReadOnlyList<CustomerCreditSnapshot> snapshots, IReadOnlyList<string> ignoredActions)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        AsOf = asOf;
        Snapshots = snapshots;
        IgnoredActions = ignoredActions;
    }

    public DateOnly AsOf { get; }

    /// <summary>One snapshot per customer, in the ledger's order.</summary>
    public IReadOnlyList<CustomerCreditSnapshot> Snapshots { get; }

    /// <summary>Releases and overrides that were not honoured (no person or no reason), each with why.</summary>
    public IReadOnlyList<string> IgnoredActions { get; }

    /// <summary>The customer's snapshot; the index by id is built on the first lookup, not by the evaluation.</summary>
    public CustomerCreditSnapshot? Find(string customerId) =>
        (Volatile.Read(ref byId) ?? BuildIndex()).GetValueOrDefault(customerId);

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

    /// <summary>Customers on hold, in the ledger's order.</summary>
    public IEnumerable<CustomerCreditSnapshot> OnHold => Snapshots.Where(static s => s.Hold.OnHold);

    /// <summary>Every transition of this evaluation: what the caller writes to the audit journal.</summary>
    public IEnumerable<HoldTransition> Transitions => Snapshots.SelectMany(static s => s.Hold.Transitions);

    /// <summary>The states to keep for the next evaluation.</summary>
    public IReadOnlyDictionary<string, HoldStatus> Statuses() =>
        Snapshots.ToDictionary(static s => s.CustomerId, static s => s.Hold.Status, StringComparer.Ordinal);
}
