using System.Collections;
using Connector.Domain.Evaluation;

namespace Connector.Domain.Aging;

/// <summary>
/// The aging lines of a report, built when read from the figures of the evaluation: a report of
/// 100,000 customers keeps two arrays instead of 200,000 small objects, and a caller that reads a
/// line gets a fresh, immutable <see cref="AgingLine"/>.
/// </summary>
internal sealed class AgingLineList(AccountFigureTable table) : IReadOnlyList<AgingLine>
{
    /// <summary>The figures the lines are read from.</summary>
    public AccountFigureTable Table => table;

    public int Count => table.Count;

    public AgingLine this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, table.Count);
            var line = AgingCalculator.Line(table.Accounts[index], table[index], table.BucketsOf(index));
            table.Lease.EnsureCurrent();
            return line;
        }
    }

    public IEnumerator<AgingLine> GetEnumerator()
    {
        for (var i = 0; i < table.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
