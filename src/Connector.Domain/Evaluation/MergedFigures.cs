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

    // The total kept up to date as lines are replaced (decision 137); null until the first total is summed whole.
    private RunningAgingTotal? running;

    private MergedFigures(AccountFigureTable full, Dictionary<int, (AccountFigureTable Table, int Index)> changed, RunningAgingTotal? running)
    {
        this.full = full;
        Changed = changed;
        this.running = running;
    }

    /// <summary>Position in the ledger → the table and position holding its figures now (set through <see cref="Replace"/>).</summary>
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
        AgingLineList list => new MergedFigures(list.Table, [], null),
        MergedFigures merged => new MergedFigures(merged.full, new Dictionary<int, (AccountFigureTable, int)>(merged.Changed), merged.running?.Copy()),
        _ => null,
    };

    /// <summary>The figures of the account at <paramref name="index"/> are now <paramref name="table"/>'s at <paramref name="at"/>.</summary>
    public void Replace(int index, AccountFigureTable table, int at)
    {
        if (running is not null)
        {
            var (oldTable, oldAt) = At(index);
            running.Remove(oldTable, oldAt);
            running.Add(table, at);
        }

        Changed[index] = (table, at);
    }

    /// <summary>
    /// The company-currency total of every evaluable line, equal to the full evaluation's sum in ledger order: kept up to date
    /// through <see cref="Replace"/> since the last time it was summed whole (decision 137), or summed whole when the rates are
    /// others or the running total cannot tell it exactly.
    /// </summary>
    /// <param name="rateTable">The ledger's rate table <paramref name="rates"/> were taken from (the same table, date and company currency: the same rates).</param>
    public AgingLine Total(RatesAsOf rates, IReadOnlyList<Ledger.ExchangeRate> rateTable)
    {
        ArgumentNullException.ThrowIfNull(rates);
        if (running is not null && ReferenceEquals(running.Table, rateTable) && SameDay(running.Rates, rates) && running.ToLine() is { } kept)
        {
            return kept;
        }

        var sum = new PortfolioAgingTotal(rates, full.Layout.Count);
        var next = new RunningAgingTotal(rates, rateTable, full.Layout.Count);
        for (var index = 0; index < full.Count; index++)
        {
            var (table, at) = At(index);
            sum.Add(table, at);
            next.Add(table, at);
        }

        running = next;
        return sum.ToLine();
    }

    private static bool SameDay(RatesAsOf a, RatesAsOf b) =>
        a.AsOf == b.AsOf && string.Equals(a.CompanyCurrency, b.CompanyCurrency, StringComparison.Ordinal);

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
