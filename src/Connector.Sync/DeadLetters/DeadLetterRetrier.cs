using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Mapping.Rows;
using Connector.Sync.Ingest;
using Connector.Sync.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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
/// its new reason and one more attempt. A letter about a whole file is retried by reading the file again
/// from where it was kept (<see cref="RawRow.File"/>): its rows land or are quarantined one by one, and the letter is resolved.
/// </summary>
public sealed class DeadLetterRetrier
{
    private const string DuplicateKey = "duplicate key";
    private const string FileLocator = "file";
    private const string BankLetterPrefix = "bank:";
    private const string NotKept = "the file was not kept, so it cannot be read again: correct it and drop it again";

    private readonly IConnectorStore store;
    private readonly MappingSet mappings;
    private readonly IErpSource? source;
    private readonly IngestOptions options;
    private readonly ILogger<IngestRunner> logger;

    /// <param name="store">Where the letters and the ledger are.</param>
    /// <param name="mappings">Today's mappings.</param>
    /// <param name="source">The ERP source whose kept files whole-file letters name; without one those letters stay open.</param>
    /// <param name="options">How a kept file is read again (batch size).</param>
    /// <param name="logger">The log of a kept file's read.</param>
    public DeadLetterRetrier(IConnectorStore store, MappingSet mappings, IErpSource? source = null, IngestOptions? options = null, ILogger<IngestRunner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(mappings);
        this.store = store;
        this.mappings = mappings;
        this.source = source;
        this.options = options ?? new IngestOptions();
        this.logger = logger ?? NullLogger<IngestRunner>.Instance;
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

            // A bank statement's letters are not rows of the ERP's mappings: the bank side reads a corrected file when it is dropped again.
            letters = [.. letters.Where(static l => !l.SourceKey.StartsWith(BankLetterPrefix, StringComparison.Ordinal))];
            if (ids is not null)
            {
                letters = [.. letters.Where(l => ids.Contains(l.Id))];
            }

            if (letters.Count == 0)
            {
                continue;
            }

            var result = new EntityIngestResult(schema.Entity);
            var batch = new LedgerBatchBuilder(schema.Entity, await state.KeysAsync(schema.Entity, cancellationToken).ConfigureAwait(false), result);
            var mapping = mappings.Find(schema.Entity);
            if (mapping is not null)
            {
                await lookups.PrepareAsync(mapping.Lookups, cancellationToken).ConfigureAwait(false);
            }

            // Whole files first: the rows they land may be what the single rows' references wait for.
            foreach (var letter in letters.Where(static l => l.Locator == FileLocator))
            {
                await RetryFileAsync(letter, mapping, state, lookups, result, batch, cancellationToken).ConfigureAwait(false);
            }

            var references = await state.ReferenceChecksAsync(schema, cancellationToken).ConfigureAwait(false);
            var mappers = new Dictionary<string, BindResult>(StringComparer.Ordinal);
            foreach (var letter in letters.Where(static l => l.Locator != FileLocator))
            {
                result.Read++;
                Retry(letter, mapping, mappers, references, lookups, batch);
            }

            await store.CommitAsync(batch.Take(null, "retry"), cancellationToken).ConfigureAwait(false);
            results.Add(result);
        }

        return new(results);
    }

    /// <summary>Reads the file a whole-file letter kept, as an ingest would; the letter is resolved when the file was read to its end.</summary>
    private async Task RetryFileAsync(
        DeadLetter letter, EntityMapping? mapping, RunState state, LedgerKeyLookup lookups, EntityIngestResult result, LedgerBatchBuilder batch, CancellationToken cancellationToken)
    {
        if (mapping is null || source is null || letter.Raw.File is not { } keptAs)
        {
            result.Read++;
            batch.RetryFailed(new(letter.Id, letter.Field, mapping is null
                ? $"no mapping file for {CanonicalSchema.Of(letter.Entity).Name}"
                : letter.Reason.StartsWith(NotKept, StringComparison.Ordinal) ? letter.Reason : $"{NotKept} ({letter.Reason})"));
            return;
        }

        var unit = await source.FindKeptAsync(mapping.Schema.Name, mapping.Source, letter.Source, keptAs, cancellationToken).ConfigureAwait(false);
        if (unit is null || unit.NotReady is not null)
        {
            result.Read++;
            batch.RetryFailed(new(letter.Id, letter.Field, unit is null
                ? $"the file kept as {keptAs} is not there any more: drop the corrected file again"
                : $"{keptAs}: {unit.NotReady}"));
            return;
        }

        var runner = new IngestRunner(store, source, mappings, options, logger);
        var context = await runner.ContextAsync(mapping, state, lookups, result, cancellationToken).ConfigureAwait(false);
        var checkpoint = await store.ReadCheckpointAsync(unit.CheckpointKey, cancellationToken).ConfigureAwait(false);
        var read = await runner.IngestUnitAsync(unit, unit.IsComplete(checkpoint) ? null : checkpoint, context, null, cancellationToken).ConfigureAwait(false);
        switch (read.Outcome)
        {
            case UnitOutcome.Read:
                batch.Resolve(letter.Id);
                break;
            case UnitOutcome.FailedAsAWhole:
                result.Read++;
                batch.RetryFailed(new(letter.Id, null, read.Problem ?? letter.Reason));
                break;
            default:
                result.Read++;
                batch.RetryFailed(new(letter.Id, null, $"{keptAs}: {read.Problem}; retry again"));
                break;
        }
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
            batch.RetryFailed(new(letter.Id, bind.ProblemColumn, bind.Problem ?? "the mapping could not be applied"));
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
