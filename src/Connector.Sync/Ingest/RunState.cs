using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Mapping.Rows;
using Connector.Sync.Ports;

namespace Connector.Sync.Ingest;

/// <summary>
/// What a run knows about the ledger: each entity's key → row hash, loaded once and updated as rows land,
/// so change detection and reference checks never query the store per row.
/// </summary>
internal sealed class RunState
{
    private readonly ILedgerStore store;
    private readonly MappingSet mappings;
    private readonly Dictionary<CanonicalEntity, LedgerKeys> keys = [];

    public RunState(ILedgerStore store, MappingSet mappings)
    {
        this.store = store;
        this.mappings = mappings;
    }

    public async Task<LedgerKeys> KeysAsync(CanonicalEntity entity, CancellationToken cancellationToken)
    {
        if (!this.keys.TryGetValue(entity, out var keys))
        {
            // Not sized first: the table grows in small segments (only its buckets are rebuilt, six times up to a million keys),
            // and counting a million stored rows first read the whole ledger once more (decision 112).
            keys = new LedgerKeys();
            await store.ReadHashesWithSourcesIntoAsync(entity, keys.AddStored, cancellationToken).ConfigureAwait(false);
            this.keys.Add(entity, keys);
        }

        return keys;
    }

    /// <summary>
    /// The reference checks for an entity's fields: a reference to another entity is checked when that entity
    /// is mapped or has records (a company without a collectors export may name collectors freely). A
    /// customer's parent is not checked here: parents may come later in the same export.
    /// </summary>
    public async Task<IReadOnlyList<ReferenceCheck>> ReferenceChecksAsync(CanonicalEntitySchema schema, CancellationToken cancellationToken)
    {
        var checks = new List<ReferenceCheck>();
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            if (schema.Fields[i].References is not { } target || target == schema.Entity)
            {
                continue;
            }

            var known = await KeysAsync(target, cancellationToken).ConfigureAwait(false);
            if (mappings.Find(target) is not null || known.StoredCount > 0)
            {
                checks.Add(new(i, schema.Fields[i].Name, CanonicalSchema.Of(target), known));
            }
        }

        return checks;
    }
}

/// <summary>A field that must name a record of another entity already in the ledger (or landed earlier in the run).</summary>
internal sealed record ReferenceCheck(int Field, string FieldName, CanonicalEntitySchema Target, LedgerKeys Known)
{
    public string? Check(CanonicalRecord record)
    {
        var value = record.Values[Field];
        return value is null || Known.IsStored(value)
            ? null
            : $"unknown {Singular(Target.Name)} '{value}' (not in the ledger's {Target.Name})";
    }

    /// <summary>Whether a fingerprinted row's reference certainly holds (<see cref="Check"/> finds nothing).</summary>
    public bool Holds(RowFingerprint row) => row.IsNull(Field) || Known.IsStored(row.Value(Field));

    private static string Singular(string name) => name.EndsWith('s') ? name[..^1] : name;
}
