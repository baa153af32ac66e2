using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Mapping.Rows;
using Connector.Sync.Ingest;
using Connector.Sync.Ports;

namespace Connector.Sync.DeadLetters;

/// <summary>What a retry did: letters resolved (landed or now filtered) and letters still failing.</summary>
public sealed record RetryReport(IReadOnlyList<EntityIngestResult> Entities)
{
    public long Resolved => Entities.Sum(static e => e.Landed + e.Unchanged + e.Filtered);

    public long StillFailing => Entities.Sum(static e => e.Quarantined);
}

/// <summary>
/// Re-runs only the quarantined rows through today's mappings (after an admin fixed one): each row that
/// maps lands and its letter is resolved in the same transaction; each that fails again stays open with
/// its new reason and one more attempt.
/// </summary>
public sealed class DeadLetterRetrier
{
    private const string DuplicateKey = "duplicate key";

    private readonly IConnectorStore store;
    private readonly MappingSet mappings;

    public DeadLetterRetrier(IConnectorStore store, MappingSet mappings)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(mappings);
        this.store = store;
        this.mappings = mappings;
    }

    /// <summary>Retries the open letters of the given entity (all when <c>null</c>), or just the letters with the given ids.</summary>
    public async Task<RetryReport> RetryAsync(CanonicalEntity? entity, IReadOnlyCollection<long>? ids, CancellationToken cancellationToken)
    {
        var state = new RunState(store, mappings);
        var lookups = new LedgerKeyLookup(store);
        var results = new List<EntityIngestResult>();
        foreach (var schema in CanonicalSchema.All)
        {
            if (entity is { } only && only != schema.Entity)
            {
                continue;
            }

            var letters = await store.ListDeadLettersAsync(new(schema.Entity, DeadLetterStatus.Open, int.MaxValue), cancellationToken).ConfigureAwait(false);
            if (ids is not null)
            {
                letters = [.. letters.Where(l => ids.Contains(l.Id))];
            }

            if (letters.Count == 0)
            {
                continue;
            }

            var result = new EntityIngestResult(schema.Entity);
            var batch = new LedgerBatchBuilder(schema.Entity, await state.HashesAsync(schema.Entity, cancellationToken).ConfigureAwait(false), result);
            var mapping = mappings.Find(schema.Entity);
            if (mapping is not null)
            {
                await lookups.PrepareAsync(mapping.Lookups, cancellationToken).ConfigureAwait(false);
            }

            var references = await state.ReferenceChecksAsync(schema, cancellationToken).ConfigureAwait(false);
            var mappers = new Dictionary<string, BindResult>(StringComparer.Ordinal);
            foreach (var letter in letters)
            {
                result.Read++;
                Retry(letter, mapping, mappers, references, lookups, batch);
            }

            await store.CommitAsync(batch.Take(null, "retry"), cancellationToken).ConfigureAwait(false);
            results.Add(result);
        }

        return new(results);
    }

    private static void Retry(
        DeadLetter letter,
        EntityMapping? mapping,
        Dictionary<string, BindResult> mappers,
        IReadOnlyList<ReferenceCheck> references,
        LedgerKeyLookup lookups,
        LedgerBatchBuilder batch)
    {
        if (mapping is null)
        {
            batch.RetryFailed(new(letter.Id, null, $"no mapping file for {letter.Entity.ToString().ToLowerInvariant()}"));
            return;
        }

        if (letter.Raw.Values is not { } values)
        {
            var why = letter.Locator == "file" ? letter.Reason : $"the row could not be read as columns ({letter.Reason}); correct the file and drop it again";
            batch.RetryFailed(new(letter.Id, letter.Field, why));
            return;
        }

        if (letter.Reason.StartsWith(DuplicateKey, StringComparison.Ordinal))
        {
            // The first row with this key landed; landing this one would silently replace it. Fix the export or purge.
            batch.RetryFailed(new(letter.Id, letter.Field, letter.Reason));
            return;
        }

        var headerKey = string.Join('\u001f', letter.Raw.Header);
        if (!mappers.TryGetValue(headerKey, out var bind))
        {
            bind = mapping.Bind(letter.Raw.Header, lookups);
            mappers.Add(headerKey, bind);
        }

        if (bind.Mapper is not { } mapper)
        {
            batch.RetryFailed(new(letter.Id, (bind.MissingColumns.Count > 0 ? bind.MissingColumns[0] : null), bind.Problem ?? "the mapping could not be applied"));
            return;
        }

        var mapped = mapper.Map([.. values]);
        if (mapped.Outcome == MapOutcome.Filtered)
        {
            batch.Filter();
            batch.Resolve(letter.Id);
            return;
        }

        if (mapped.Outcome == MapOutcome.Rejected)
        {
            batch.RetryFailed(new(letter.Id, mapped.Field, mapped.Reason ?? "rejected by the mapping"));
            return;
        }

        var record = mapped.Record!;
        foreach (var reference in references)
        {
            if (reference.Check(record) is { } unknown)
            {
                batch.RetryFailed(new(letter.Id, reference.FieldName, unknown));
                return;
            }
        }

        batch.Land(record);
        lookups.Landed(record);
        batch.Resolve(letter.Id);
    }
}
