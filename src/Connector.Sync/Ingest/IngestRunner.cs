using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Mapping.Rows;
using Connector.Sync.Ports;
using Microsoft.Extensions.Logging;

namespace Connector.Sync.Ingest;

/// <summary>
/// The ingest use case: source rows → mapping → ledger, in batches, each batch one transaction together with
/// its dead letters and the checkpoint that covers it. A rejected row is quarantined with its reason and the
/// rest lands; a crash at any point resumes from the last checkpoint without losing or repeating a row.
/// </summary>
public sealed partial class IngestRunner
{
    private readonly IConnectorStore store;
    private readonly IErpSource source;
    private readonly MappingSet mappings;
    private readonly IngestOptions options;
    private readonly ILogger<IngestRunner> logger;

    public IngestRunner(IConnectorStore store, IErpSource source, MappingSet mappings, IngestOptions options, ILogger<IngestRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(mappings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.store = store;
        this.source = source;
        this.mappings = mappings;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>Ingests the given entities (all mapped ones when <c>null</c>) in dependency order.</summary>
    public async Task<IngestReport> RunAsync(IReadOnlyCollection<CanonicalEntity>? entities, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var state = new RunState(store, mappings);
        var lookups = new LedgerKeyLookup(store);
        var results = new List<EntityIngestResult>();
        foreach (var schema in CanonicalSchema.All)
        {
            if ((entities is not null && !entities.Contains(schema.Entity)) || mappings.Find(schema.Entity) is not { } mapping)
            {
                continue;
            }

            var result = new EntityIngestResult(schema.Entity);
            EntityContext? context = null;
            foreach (var unit in await source.DiscoverAsync(schema.Name, mapping.Source, cancellationToken).ConfigureAwait(false))
            {
                var checkpoint = await store.ReadCheckpointAsync(unit.CheckpointKey, cancellationToken).ConfigureAwait(false);
                if (unit.IsComplete(checkpoint))
                {
                    // Ingested before (the same content dropped again, or a crash after the last commit): only archive it.
                    result.AlreadyIngested.Add(unit.Name);
                    await unit.CompleteAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // What the rows are checked against (a million keys and hashes for a large ledger) is loaded only
                // when there are rows to read, so a file dropped twice is skipped at the cost of its content hash.
                if (context is null)
                {
                    await lookups.PrepareAsync(mapping.Lookups, cancellationToken).ConfigureAwait(false);
                    context = new EntityContext(
                        mapping,
                        new LedgerBatchBuilder(schema.Entity, await state.HashesAsync(schema.Entity, cancellationToken).ConfigureAwait(false), result),
                        await state.ReferenceChecksAsync(schema, cancellationToken).ConfigureAwait(false),
                        lookups,
                        result);
                }

                await IngestUnitAsync(unit, checkpoint, context, progress, cancellationToken).ConfigureAwait(false);
            }

            LogEntityIngested(schema.Name, result.Read, result.New, result.Changed, result.Unchanged, result.Quarantined, result.Filtered);
            results.Add(result);
        }

        return new(results);
    }

    private async Task IngestUnitAsync(ISourceUnit unit, string? checkpoint, EntityContext context, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var result = context.Result;
        using var reader = await unit.OpenAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        result.Units.Add(unit.Name);
        var batch = context.Batch;
        var rows = new UnitRows(unit, reader.Header, context);
        if (reader.Problem is { } unitProblem)
        {
            result.UnitProblems.Add($"{unit.Name}: {unitProblem}");
            batch.QuarantineUnit(rows.UnitLetter(unitProblem));
        }
        else
        {
            var bind = context.Mapping.Bind(reader.Header, context.Lookups);
            if (bind.Problem is { } bindProblem)
            {
                result.UnitProblems.Add($"{unit.Name}: {bindProblem}");
            }

            // One commit in flight while the next batch is read and mapped: the store's work (most of a first
            // ingest) overlaps the parsing on a second core. Commits still happen one at a time and in order, so
            // a checkpoint never covers rows that are not stored.
            var inFlight = Task.CompletedTask;
            try
            {
                var lastProgress = 0L;
                foreach (var row in reader.Rows)
                {
                    result.Read++;
                    rows.Accept(row, bind.Mapper, bind.MissingColumns.Count > 0 ? bind.MissingColumns[0] : null, bind.Problem);
                    if (batch.Pending >= options.BatchSize)
                    {
                        var after = reader.CheckpointAfter(row);
                        await inFlight.ConfigureAwait(false);
                        var taken = batch.Take(after is null ? null : new(unit.CheckpointKey, after), unit.Name);
                        inFlight = Task.Run(() => store.CommitAsync(taken, cancellationToken), cancellationToken);
                    }

                    if (progress is not null && result.Read - lastProgress >= 10_000)
                    {
                        lastProgress = result.Read;
                        progress.Report(new(context.Mapping.Schema.Entity, unit.Name, result.Read));
                    }
                }
            }
            finally
            {
                // Never leave a commit running behind a failure: it ends before the run does.
                await inFlight.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await inFlight.ConfigureAwait(false);
        }

        // The last batch carries the completed checkpoint: from here on the unit counts as ingested.
        await store.CommitAsync(batch.Take(new(unit.CheckpointKey, reader.CompletedCheckpoint), unit.Name), cancellationToken).ConfigureAwait(false);
        await unit.CompleteAsync(cancellationToken).ConfigureAwait(false);
        LogUnitIngested(unit.Name, context.Mapping.Schema.Name);
    }

    [LoggerMessage(EventId = LogEventIds.IngestRunner + 1, Level = LogLevel.Information, Message = "Ingested {Entity}: read {Read}, new {Added}, changed {Changed}, unchanged {Unchanged}, quarantined {Quarantined}, filtered {Filtered}")]
    private partial void LogEntityIngested(string entity, long read, long added, long changed, long unchanged, long quarantined, long filtered);

    [LoggerMessage(EventId = LogEventIds.IngestRunner + 2, Level = LogLevel.Debug, Message = "Finished {Unit} ({Entity})")]
    private partial void LogUnitIngested(string unit, string entity);
}

/// <summary>Everything the rows of one entity are checked and written with.</summary>
internal sealed record EntityContext(
    EntityMapping Mapping,
    LedgerBatchBuilder Batch,
    IReadOnlyList<ReferenceCheck> References,
    LedgerKeyLookup Lookups,
    EntityIngestResult Result);
