using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Mapping.Rows;
using Connector.Sync.Ingest;
using Connector.Sync.Ports;

namespace Connector.Sync.Preview;

/// <summary>
/// Shows an admin what a mapping makes of a file before it goes live: each source row beside its canonical
/// record or the reason it would be quarantined, and a dry-run diff against the ledger (new, changed —
/// which fields — or unchanged). Nothing is written.
/// </summary>
public sealed class MappingPreviewer
{
    private readonly ILedgerStore? store;

    /// <param name="store">The ledger to compare with; <c>null</c> when there is none yet (every mapped row is new).</param>
    public MappingPreviewer(ILedgerStore? store)
    {
        this.store = store;
    }

    public async Task<PreviewResult> PreviewAsync(EntityMapping mapping, ISourceReader reader, int rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(reader);
        var schema = mapping.Schema;
        if (reader.Problem is { } problem)
        {
            return new(schema, [], problem);
        }

        var lookups = new LedgerKeyLookup(store);
        await lookups.PrepareAsync(mapping.Lookups, cancellationToken).ConfigureAwait(false);
        var bind = mapping.Bind(reader.Header, lookups);
        var preview = new List<PreviewRow>();
        foreach (var row in reader.Rows)
        {
            if (preview.Count >= rows)
            {
                break;
            }

            var source = new List<KeyValuePair<string, string>>(reader.Header.Count);
            for (var i = 0; i < reader.Header.Count; i++)
            {
                source.Add(new(reader.Header[i], i < row.Values.Length ? row.Values[i] : string.Empty));
            }

            if (row.Problem is not null || bind.Mapper is null)
            {
                preview.Add(new(row.Line, source, null, bind.ProblemColumn, row.Problem ?? bind.Problem, false, PreviewChange.None, []));
                continue;
            }

            var mapped = bind.Mapper.Map(row.Values);
            if (mapped.Outcome != MapOutcome.Mapped)
            {
                var filtered = mapped.Outcome == MapOutcome.Filtered;
                preview.Add(new(row.Line, source, null, mapped.Field, mapped.Reason, filtered, PreviewChange.None, []));
                continue;
            }

            var record = mapped.Record!;
            var stored = store is null ? null : await store.FindRecordAsync(schema.Entity, record.Key, cancellationToken).ConfigureAwait(false);
            var (change, fields) = Compare(schema, stored, record);
            preview.Add(new(row.Line, source, record, null, null, false, change, fields));
        }

        return new(schema, preview, bind.Problem);
    }

    private static (PreviewChange, IReadOnlyList<string>) Compare(CanonicalEntitySchema schema, CanonicalRecord? stored, CanonicalRecord record)
    {
        if (stored is null)
        {
            return (PreviewChange.New, []);
        }

        var changed = new List<string>();
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            if (!string.Equals(stored.Values[i], record.Values[i], StringComparison.Ordinal))
            {
                changed.Add(schema.Fields[i].Name);
            }
        }

        return changed.Count == 0 ? (PreviewChange.Unchanged, []) : (PreviewChange.Changed, changed);
    }
}
