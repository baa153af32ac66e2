using System.Text.Json;
using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>One table: what the store believes it pushed beside what Dataverse holds, by alternate key.</summary>
/// <param name="Pushed">Keys the store records as sent.</param>
/// <param name="InDataverse">Rows Dataverse holds with a key value.</param>
/// <param name="Missing">Keys we pushed that Dataverse does not have (deleted, or lost with a restore), in key order.</param>
/// <param name="Extra">Keys Dataverse has that we never pushed (made in Dynamics, or by another connector), in key order.</param>
/// <param name="WithoutKey">Rows with no key value at all (not ours to compare).</param>
public sealed record PushedRowsComparison(string Table, int Pushed, int InDataverse, IReadOnlyList<string> Missing, IReadOnlyList<string> Extra, int WithoutKey);

/// <summary>
/// <c>dataverse check --deep</c>: compares, per pushed table, the keys the store believes are in Dataverse (its push state)
/// with the keys Dataverse holds, read page by page (key column only). It changes nothing: a missing account is
/// created again by the push once its open items are refused (decision 62), and the report says which rows are gone.
/// </summary>
public static class PushedRowsCheck
{
    public static async Task<IReadOnlyList<PushedRowsComparison>> CompareAsync(IPushState state, IDataverse dataverse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(dataverse);
        var comparisons = new List<PushedRowsComparison>();
        foreach (var table in DataverseModel.PushOrder)
        {
            var pushed = (await state.ReadSentHashesAsync(DataverseModel.Target(table), cancellationToken).ConfigureAwait(false)).Keys.ToHashSet(StringComparer.Ordinal);
            var present = new HashSet<string>(StringComparer.Ordinal);
            var withoutKey = 0;
            await foreach (var page in dataverse.ReadAllAsync(table, [table.KeyColumn], cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in page)
                {
                    if (row.TryGetProperty(table.KeyColumn, out var key) && key.ValueKind == JsonValueKind.String && key.GetString() is { Length: > 0 } value)
                    {
                        present.Add(value);
                    }
                    else
                    {
                        withoutKey++;
                    }
                }
            }

            comparisons.Add(new PushedRowsComparison(
                table.LogicalName,
                pushed.Count,
                present.Count,
                [.. pushed.Where(k => !present.Contains(k)).Order(StringComparer.Ordinal)],
                [.. present.Where(k => !pushed.Contains(k)).Order(StringComparer.Ordinal)],
                withoutKey));
        }

        return comparisons;
    }
}
