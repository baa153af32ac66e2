using Connector.Mapping.Canonical;
using Connector.Mapping.Lookups;
using Connector.Sync.Ports;

namespace Connector.Sync.Ingest;

/// <summary>
/// Finds a record's key by another of its fields (a payment naming its customer by e-mail) in the ledger
/// and in what this run has landed. Indexes are built once per (entity, field) before the rows are mapped,
/// so the <c>lookup</c> transform never waits on the store.
/// </summary>
internal sealed class LedgerKeyLookup : IKeyLookup
{
    private readonly ILedgerStore? store;
    private readonly Dictionary<(CanonicalEntity Entity, string Field), FieldIndex> indexes = [];

    /// <param name="store">The ledger whose keys lookups find; <c>null</c>: none yet.</param>
    public LedgerKeyLookup(ILedgerStore? store) => this.store = store;

    public async Task PrepareAsync(IEnumerable<(CanonicalEntity Entity, string Field)> lookups, CancellationToken cancellationToken)
    {
        foreach (var lookup in lookups)
        {
            if (indexes.ContainsKey(lookup))
            {
                continue;
            }

            var schema = CanonicalSchema.Of(lookup.Entity);
            var index = new FieldIndex(schema.IndexOf(lookup.Field));
            if (store is not null)
            {
                await foreach (var record in store.ReadRecordsAsync(lookup.Entity, cancellationToken).ConfigureAwait(false))
                {
                    index.Add(record);
                }
            }

            indexes.Add(lookup, index);
        }
    }

    public LookupResult Find(CanonicalEntity entity, string field, string value) =>
        indexes.TryGetValue((entity, field), out var index)
            ? index.Find(value)
            : throw new InvalidOperationException($"No index for {entity}.{field}: PrepareAsync was not called for this lookup.");

    /// <summary>Adds a record that just landed to every index over its entity.</summary>
    public void Landed(CanonicalRecord record)
    {
        if (indexes.Count == 0)
        {
            return;
        }

        foreach (var ((entity, _), index) in indexes)
        {
            if (entity == record.Entity)
            {
                index.Add(record);
            }
        }
    }

    private sealed class FieldIndex(int field)
    {
        private readonly Dictionary<string, HashSet<string>> keysByValue = new(StringComparer.OrdinalIgnoreCase);

        public void Add(CanonicalRecord record)
        {
            if (record.Values[field] is not { Length: > 0 } value)
            {
                return;
            }

            if (!keysByValue.TryGetValue(value, out var keys))
            {
                keys = new(StringComparer.Ordinal);
                keysByValue.Add(value, keys);
            }

            keys.Add(record.Key);
        }

        public LookupResult Find(string value) =>
            keysByValue.TryGetValue(value, out var keys)
                ? new(keys.Count == 1 ? keys.First() : null, keys.Count)
                : new(null, 0);
    }
}
