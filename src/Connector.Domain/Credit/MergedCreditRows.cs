using System.Collections;
using Connector.Domain.Ledger;

namespace Connector.Domain.Credit;

/// <summary>
/// The credit rows of a full evaluation with those of the customers evaluated again since (by position): what an
/// incremental evaluation's <see cref="CreditEvaluation"/> reads. Snapshots stay built on read and cached by the table
/// that holds them, so the full evaluation's snapshots already built are not built again.
/// </summary>
internal sealed class MergedCreditRows : ICreditRows
{
    private readonly ICreditRows full;

    private MergedCreditRows(ICreditRows full, Dictionary<int, (ICreditRows Rows, int Index)> changed)
    {
        this.full = full;
        Changed = changed;
    }

    /// <summary>Position in the ledger → the rows and position holding its snapshot now.</summary>
    public Dictionary<int, (ICreditRows Rows, int Index)> Changed { get; }

    /// <summary>The ledger the merged evaluation is of (customer → position).</summary>
    public ArLedger? Ledger { get; set; }

    public int Count => full.Count;

    public CustomerCreditSnapshot this[int index]
    {
        get
        {
            var (rows, at) = At(index);
            return rows[at];
        }
    }

    /// <summary>A copy to merge into, from the rows of a whole-ledger evaluation; <c>null</c> for a list of snapshots.</summary>
    public static MergedCreditRows? Of(ICreditRows? rows) => rows switch
    {
        CreditSnapshotTable table => new MergedCreditRows(table, []),
        MergedCreditRows merged => new MergedCreditRows(merged.full, new Dictionary<int, (ICreditRows, int)>(merged.Changed)),
        _ => null,
    };

    public bool IsOnHold(int index)
    {
        var (rows, at) = At(index);
        return rows.IsOnHold(at);
    }

    public bool MayTransition(int index)
    {
        var (rows, at) = At(index);
        return rows.MayTransition(at);
    }

    public string CustomerId(int index) => full.CustomerId(index);

    public HoldStatus Status(int index)
    {
        var (rows, at) = At(index);
        return rows.Status(at);
    }

    public int IndexOf(string customerId) =>
        Ledger?.Find(customerId) is { } account && account.Index < full.Count ? account.Index : full.IndexOf(customerId);

    public IEnumerator<CustomerCreditSnapshot> GetEnumerator()
    {
        for (var i = 0; i < full.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private (ICreditRows Rows, int Index) At(int index) =>
        Changed.Count > 0 && Changed.TryGetValue(index, out var changed) ? changed : (full, index);
}
