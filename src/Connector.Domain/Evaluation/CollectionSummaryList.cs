using System.Collections;
using Connector.Domain.Collections;

namespace Connector.Domain.Evaluation;

/// <summary>
/// The dunning summaries of an evaluation, in the ledger's account order, over an array that may be
/// <see cref="EvaluationBuffers"/>' (then longer than the ledger, and overwritten two evaluations on:
/// reading it after that throws).
/// </summary>
internal sealed class CollectionSummaryList(CollectionSummary[] summaries, int count, EvaluationLease lease) : IReadOnlyList<CollectionSummary>
{
    public int Count => count;

    public CollectionSummary this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
            var summary = summaries[index];
            lease.EnsureCurrent();
            return summary;
        }
    }

    /// <summary>How many customers have a case, with one check that the figures are still this evaluation's.</summary>
    public int CaseCount()
    {
        var cases = 0;
        foreach (ref readonly var summary in summaries.AsSpan(0, count))
        {
            cases += summary.HasCase ? 1 : 0;
        }

        lease.EnsureCurrent();
        return cases;
    }

    public IEnumerator<CollectionSummary> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
