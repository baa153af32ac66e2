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
            await IngestUnitsAsync(mapping, state, lookups, result, progress, cancellationToken).ConfigureAwait(false);
            LogEntityIngested(schema.Name, result.Read, result.New, result.Changed, result.Unchanged, result.Quarantined, result.Filtered);
            results.Add(result);
        }

        return new(results);
    }

    /// <summary>Ingests an entity's units in the order the source gives them.</summary>
    private async Task IngestUnitsAsync(
        EntityMapping mapping, RunState state, LedgerKeyLookup lookups, EntityIngestResult result, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var schema = mapping.Schema;
        Task<EntityContext>? context = null;
        try
        {
            foreach (var unit in await source.DiscoverAsync(schema.Name, mapping.Source, cancellationToken).ConfigureAwait(false))
            {
                if (unit.NotReady is { } notReady)
                {
                    // Still being written, too fresh, or not a file at all: it stays where it is, and the summary says so.
                    result.Skipped.Add($"{unit.Name}: {notReady}");
                    LogUnitSkipped(unit.Name, schema.Name, notReady);
                    continue;
                }

                var checkpoint = await store.ReadCheckpointAsync(unit.CheckpointKey, cancellationToken).ConfigureAwait(false);
                if (unit.IsComplete(checkpoint))
                {
                    // Ingested before (the same content dropped again, or a crash after the last commit): only archive it.
                    result.AlreadyIngested.Add(unit.Name);
                    await CompleteAsync(unit, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // What the rows are checked against (a million keys and hashes for a large ledger) is loaded only
                // when there are rows to read, so a file dropped twice is skipped at the cost of its content hash; and it
                // is read while the file's first rows are read and mapped ahead (decision 130).
                context ??= Task.Run(() => ContextAsync(mapping, state, lookups, result, cancellationToken), cancellationToken);
                await IngestUnitAsync(unit, checkpoint, mapping, lookups, result, context, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // The ledger's keys may still be read when a unit fails before it needs them: that read ends before the run does.
            if (context is not null)
            {
                await ((Task)context).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>What the rows of one entity are checked against: the ledger's hashes and references, the lookups, the open letters' keys.</summary>
    internal async Task<EntityContext> ContextAsync(EntityMapping mapping, RunState state, LedgerKeyLookup lookups, EntityIngestResult result, CancellationToken cancellationToken)
    {
        var schema = mapping.Schema;
        await lookups.PrepareAsync(mapping.Lookups, cancellationToken).ConfigureAwait(false);
        var keys = await state.KeysAsync(schema.Entity, cancellationToken).ConfigureAwait(false);
        return new EntityContext(
            mapping,
            keys,
            new LedgerBatchBuilder(schema.Entity, keys, result),
            await state.ReferenceChecksAsync(schema, cancellationToken).ConfigureAwait(false),
            lookups,
            result,
            await store.ReadOpenLetterKeysAsync(schema.Entity, cancellationToken).ConfigureAwait(false))
        {
            CompareSources = options.CompareSourceHashes,
        };
    }

    /// <summary>
    /// Reads one unit to its end in batches and completes it; or, when it fails as a whole, quarantines it with one letter and
    /// sets it aside without marking it done; or, when it changed while it was read, withdraws what it left and leaves it for
    /// the next run.
    /// </summary>
    internal Task<UnitRun> IngestUnitAsync(ISourceUnit unit, string? checkpoint, EntityContext context, IProgress<IngestProgress>? progress, CancellationToken cancellationToken) =>
        IngestUnitAsync(unit, checkpoint, context.Mapping, context.Lookups, context.Counts, Task.FromResult(context), progress, cancellationToken);

    /// <summary>
    /// <see cref="IngestUnitAsync(ISourceUnit, string?, EntityContext, IProgress{IngestProgress}?, CancellationToken)"/> with the
    /// context still being read: a file's rows are read and mapped ahead meanwhile, and nothing is checked or written before it is read.
    /// </summary>
    private async Task<UnitRun> IngestUnitAsync(
        ISourceUnit unit, string? checkpoint, EntityMapping mapping, LedgerKeyLookup lookups, EntityIngestResult result, Task<EntityContext> contextRead, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        using var reader = await unit.OpenAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        if (reader.Changed is { } changedSinceFound)
        {
            await LeaveAsync(unit, changedSinceFound, await contextRead.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return new(UnitOutcome.LeftForNextRun, changedSinceFound);
        }

        // Mapping depends on nothing the context reads (a mapping with a lookup is never mapped ahead), so a file's rows can be read
        // and mapped while the ledger's keys are; what each row becomes is decided only once they are read.
        var bind = reader.Problem is null ? mapping.Bind(reader.Header, lookups) : null;
        await using var ahead = options.MapAhead && unit.IsFile && bind?.Mapper is { CanFingerprint: true } aheadMapper
            ? MappedAhead.Start(reader.RowsInPlace, aheadMapper, cancellationToken)
            : null;
        var context = await contextRead.ConfigureAwait(false);
        var batch = context.Batch;
        result.Units.Add(unit.Name);
        var rows = new UnitRows(unit, reader.Header, context);
        if (reader.Problem is { } unitProblem)
        {
            // Nothing of it could be read, so nothing is marked done: after a fix, a retry (or the same file dropped again) reads it.
            result.UnitProblems.Add(unit.KeptAs switch
            {
                null => $"{unit.Name}: {unitProblem}",
                { } here when here == unit.Name => $"{unit.Name}: {unitProblem} (it stays where it is: once it is fixed, the next run reads it)",
                { } keptAs => $"{unit.Name}: {unitProblem} (kept as {keptAs}: after the fix, 'connector deadletters retry' reads it again)",
            });
            batch.QuarantineUnit(rows.UnitLetter(unitProblem, unit.KeptAs));
            await store.CommitAsync(batch.Take(null, unit.Name), cancellationToken).ConfigureAwait(false);
            await unit.SetAsideAsync(cancellationToken).ConfigureAwait(false);
            LogUnitFailed(unit.Name, context.Mapping.Schema.Name, unitProblem);
            return new(UnitOutcome.FailedAsAWhole, unitProblem);
        }

        // Each landed row keeps this import's id and its line (decision 115): two integers per row, no string.
        batch.SourceId = await store.RegisterLedgerSourceAsync(unit.Name, unit.CheckpointKey, unit.IsFile, cancellationToken).ConfigureAwait(false);
        if (bind!.Problem is { } bindProblem)
        {
            result.UnitProblems.Add($"{unit.Name}: {bindProblem}");
        }

        // One commit in flight while the next batch is read and mapped: the store's work (most of a first
        // ingest) overlaps the parsing on a second core. Commits still happen one at a time and in order, so
        // a checkpoint never covers rows that are not stored. A file's rows are also read and mapped ahead on a
        // thread of their own (decision 130; reading alone ahead did not pay: decision 67).
        var inFlight = Task.CompletedTask;
        var lastProgress = 0L;
        try
        {
            if (ahead is not null && bind.Mapper is { } mapper)
            {
                // Rows read and mapped on a second thread while this one looks keys up, checks, batches and commits (decision 130).
                while (await ahead.NextAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
                {
                    for (var i = 0; i < chunk.Count; i++)
                    {
                        var mapped = chunk[i];
                        var row = mapped.Source;
                        result.Read++;
                        if (!mapped.Tried)
                        {
                            rows.Accept(row, bind);
                        }
                        else if (mapped.Fingerprinted)
                        {
                            rows.AcceptFingerprinted(mapped.Fingerprint, row);
                        }
                        else
                        {
                            rows.AcceptMapped(row, mapper, mapped.Fingerprint.SourceHash);
                        }

                        if (batch.Pending >= options.BatchSize)
                        {
                            inFlight = await EndBatchAsync(reader, row, unit, batch, inFlight, cancellationToken).ConfigureAwait(false);
                        }

                        if (progress is not null && result.Read - lastProgress >= 10_000)
                        {
                            lastProgress = result.Read;
                            progress.Report(new(context.Mapping.Schema.Entity, unit.Name, result.Read));
                        }
                    }

                    ahead.Return(chunk);
                }
            }
            else
            {
                foreach (var row in reader.RowsInPlace)
                {
                    result.Read++;
                    rows.Accept(row, bind);
                    if (batch.Pending >= options.BatchSize)
                    {
                        inFlight = await EndBatchAsync(reader, row, unit, batch, inFlight, cancellationToken).ConfigureAwait(false);
                    }

                    if (progress is not null && result.Read - lastProgress >= 10_000)
                    {
                        lastProgress = result.Read;
                        progress.Report(new(context.Mapping.Schema.Entity, unit.Name, result.Read));
                    }
                }
            }
        }
        finally
        {
            // Never leave a commit running behind a failure: it ends before the run does.
            await inFlight.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await inFlight.ConfigureAwait(false);
        if (reader.Changed is { } changed)
        {
            await LeaveAsync(unit, changed, context, cancellationToken).ConfigureAwait(false);
            return new(UnitOutcome.LeftForNextRun, changed);
        }

        // The last batch carries the completed checkpoint: from here on the unit counts as ingested. Whole-unit letters of
        // this content (or of an entry of this name that could not be read) are answered by this read.
        await store.CommitAsync(
            batch.Take(new(unit.CheckpointKey, reader.CompletedCheckpoint), unit.Name) with { ResolvedUnitLetters = unit.LetterKeys },
            cancellationToken).ConfigureAwait(false);
        await CompleteAsync(unit, cancellationToken).ConfigureAwait(false);
        LogUnitIngested(unit.Name, context.Mapping.Schema.Name);
        return new(UnitOutcome.Read, null);
    }

    /// <summary>
    /// Archives a fully read unit and records where it went, so the evidence pack names the archived file — also when a crash
    /// came after the last commit and this run only archives it (a unit never registered as a source records nothing).
    /// </summary>
    private async Task CompleteAsync(ISourceUnit unit, CancellationToken cancellationToken)
    {
        await unit.CompleteAsync(cancellationToken).ConfigureAwait(false);
        if (unit.ArchivedAs is { } archivedAs)
        {
            await store.RecordLedgerSourceArchivedAsync(unit.Name, unit.CheckpointKey, archivedAs, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A full batch ending at <paramref name="row"/>: committed with its checkpoint while the next is read (one commit in flight:
    /// commits happen one at a time and in order, so a checkpoint never covers rows that are not stored), or, when it has nothing
    /// to write (a re-ingest's usual batch), not committed at all — a crash reads these rows again from the last checkpoint and
    /// finds them unchanged again (decision 113). Returns the commit now in flight.
    /// </summary>
    private async ValueTask<Task> EndBatchAsync(ISourceReader reader, SourceRow row, ISourceUnit unit, LedgerBatchBuilder batch, Task inFlight, CancellationToken cancellationToken)
    {
        if (batch.NothingToWrite)
        {
            batch.Skip();
            return inFlight;
        }

        var after = reader.CheckpointAfter(row);
        await inFlight.ConfigureAwait(false);
        var taken = batch.Take(after is null ? null : new(unit.CheckpointKey, after), unit.Name);
        return Task.Run(() => store.CommitAsync(taken, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// A unit that changed while it was read (the ERP is still writing the file): what landed from it stays (those rows are
    /// in the file), its checkpoint and letters go (that content no longer exists), and it is not archived.
    /// </summary>
    private async Task LeaveAsync(ISourceUnit unit, string changed, EntityContext context, CancellationToken cancellationToken)
    {
        await store.CommitAsync(context.Batch.Take(null, unit.Name) with { WithdrawnSourceKey = unit.CheckpointKey }, cancellationToken).ConfigureAwait(false);
        context.Counts.Skipped.Add($"{unit.Name}: left for the next run: {changed}");
        LogUnitChanged(unit.Name, context.Mapping.Schema.Name, changed);
    }

    [LoggerMessage(EventId = LogEventIds.IngestRunner + 1, Level = LogLevel.Information, Message = "Ingested {Entity}: read {Read}, new {Added}, changed {Changed}, unchanged {Unchanged}, quarantined {Quarantined}, filtered {Filtered}")]
    private partial void LogEntityIngested(string entity, long read, long added, long changed, long unchanged, long quarantined, long filtered);

    [LoggerMessage(EventId = LogEventIds.IngestRunner + 2, Level = LogLevel.Debug, Message = "Finished {Unit} ({Entity})")]
    private partial void LogUnitIngested(string unit, string entity);

    // Information: the commands print these as warnings themselves, and the scheduled run logs the report's lines as warnings.
    [LoggerMessage(EventId = LogEventIds.IngestRunner + 3, Level = LogLevel.Information, Message = "Left {Unit} ({Entity}) where it is: {Reason}")]
    private partial void LogUnitSkipped(string unit, string entity, string reason);

    [LoggerMessage(EventId = LogEventIds.IngestRunner + 4, Level = LogLevel.Information, Message = "Left {Unit} ({Entity}) for the next run, not archived: {Reason}")]
    private partial void LogUnitChanged(string unit, string entity, string reason);

    [LoggerMessage(EventId = LogEventIds.IngestRunner + 5, Level = LogLevel.Information, Message = "Quarantined {Unit} ({Entity}) as a whole: {Problem}")]
    private partial void LogUnitFailed(string unit, string entity, string problem);
}

/// <summary>What became of one unit.</summary>
internal enum UnitOutcome
{
    /// <summary>Read to its end and completed (archived).</summary>
    Read,

    /// <summary>Could not be read at all: one letter, set aside, not marked done.</summary>
    FailedAsAWhole,

    /// <summary>Changed while it was read: left where it is for the next run.</summary>
    LeftForNextRun,
}

/// <summary>What became of one unit, and why when it was not read to its end.</summary>
internal sealed record UnitRun(UnitOutcome Outcome, string? Problem);

/// <summary>Everything the rows of one entity are checked and written with.</summary>
internal sealed record EntityContext(
    EntityMapping Mapping,
    LedgerKeys Keys,
    LedgerBatchBuilder Batch,
    IReadOnlyList<ReferenceCheck> References,
    LedgerKeyLookup Lookups,
    EntityIngestResult Counts,
    HashSet<string> OpenLetterKeys)
{
    /// <summary>The fields <see cref="References"/> read, made with a row's key when it is looked up by its source hash (decision 139).</summary>
    public int[] ReferenceFields { get; } = [.. References.Select(static r => r.Field)];

    /// <summary>Whether rows are looked up by their source hash before they are mapped (<see cref="IngestOptions.CompareSourceHashes"/>).</summary>
    public bool CompareSources { get; init; } = true;
}
