using System.Collections;
using Connector.Domain.Aging;
using Connector.Domain.Currencies;

namespace Connector.Domain.Evaluation;

/// <summary>
/// The account figures of a full evaluation with those of the customers evaluated again since (by position), read as the
/// aging lines of the merged evaluation. Each incremental evaluation starts from a copy: an evaluation never changes.
/// </summary>
internal sealed class MergedFigures : IReadOnlyList<AgingLine>
{
    private readonly AccountFigureTable full;

    private MergedFigures(AccountFigureTable full, Dictionary<int, (AccountFigureTable Table, int Index)> changed)
    {
        this.full = full;
        Changed = changed;
    }

    /// <summary>Position in the ledger → the table and position holding its figures now.</summary>
    public Dictionary<int, (AccountFigureTable Table, int Index)> Changed { get; }

    public int ChangedCount => Changed.Count;

    public int Count => full.Count;

    public AgingLine this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, full.Count);
            var (table, at) = At(index);
            return AgingCalculator.Line(table.Accounts[at], table[at], table.BucketsOf(at));
        }
    }

    /// <summary>A copy to merge into, from the lines of a whole-ledger evaluation; <c>null</c> for other lines.</summary>
    public static MergedFigures? Of(IReadOnlyList<AgingLine> lines) => lines switch
    {
        AgingLineList list => new MergedFigures(list.Table, []),
        MergedFigures merged => new MergedFigures(merged.full, new Dictionary<int, (AccountFigureTable, int)>(merged.Changed)),
        _ => null,
    };

    /// <summary>The company-currency total of every evaluable line, summed in ledger order as the full evaluation sums it.</summary>
    public AgingLine Total(RatesAsOf rates)
    {
        var sum = new PortfolioAgingTotal(rates, full.Layout.Count);
        for (var index = 0; index < full.Count; index++)
        {
            var (table, at) = At(index);
            sum.Add(table, at);
        }

        return sum.ToLine();
    }

    public IEnumerator<AgingLine> GetEnumerator()
    {
        for (var i = 0; i < full.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private (AccountFigureTable Table, int Index) At(int index) =>
        Changed.Count > 0 && Changed.TryGetValue(index, out var changed) ? changed : (full, index);
}
