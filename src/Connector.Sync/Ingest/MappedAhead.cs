using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Connector.Mapping.Rows;

namespace Connector.Sync.Ingest;

/// <summary>
/// A unit's rows read and mapped (fingerprinted) on a second thread, handed to the ingest loop in order, in chunks of reused
/// rows: the loop then only looks keys up, checks and batches, while the next rows are read and mapped beside it. Mapping is
/// pure once a mapping has no <c>lookup</c> (<see cref="RowMapper.CanFingerprint"/>), so what each row becomes is decided in the
/// same order with the same result as on one thread; only where its time is spent moves. A failure of the source reaches the
/// loop after every row read before it, as it would on one thread. Decision 130.
/// </summary>
internal sealed class MappedAhead : IAsyncDisposable
{
    /// <summary>Rows per chunk, and chunks in use at once (the most rows mapped ahead is their product).</summary>
    internal const int ChunkRows = 1024;
    private const int Chunks = 4;

    private readonly Channel<Chunk> full = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(Chunks) { SingleReader = true, SingleWriter = true });
    private readonly Channel<Chunk> free = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(Chunks) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stop;
    private readonly Task producing;

    private MappedAhead(IEnumerable<SourceRow> rows, RowMapper mapper, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Chunks; i++)
        {
            free.Writer.TryWrite(new Chunk(mapper));
        }

        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        producing = Task.Run(() => ProduceAsync(rows, mapper, stop.Token), CancellationToken.None);
    }

    /// <summary>Starts reading <paramref name="rows"/> (a reader's rows in place) and mapping them with <paramref name="mapper"/>.</summary>
    public static MappedAhead Start(IEnumerable<SourceRow> rows, RowMapper mapper, CancellationToken cancellationToken) =>
        new(rows, mapper, cancellationToken);

    /// <summary>
    /// The next chunk of rows in order, or <c>null</c> once every row was given out. Hand it back with <see cref="Return"/> before
    /// asking for the next. Throws what the source threw once the rows before it are given out.
    /// </summary>
    public async ValueTask<Chunk?> NextAsync(CancellationToken cancellationToken)
    {
        if (!await full.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            await producing.ConfigureAwait(false);
            return null;
        }

        full.Reader.TryRead(out var chunk);
        return chunk;
    }

    /// <summary>Hands a chunk back to be filled again; its rows must not be used after this.</summary>
    public void Return(Chunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        chunk.Failure?.Throw();
        chunk.Count = 0;
        free.Writer.TryWrite(chunk);
    }

    /// <summary>Stops the reading thread and waits for it: the source's reader may be disposed only after this.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await producing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    private async Task ProduceAsync(IEnumerable<SourceRow> rows, RowMapper mapper, CancellationToken cancellationToken)
    {
        Chunk? chunk = null;
        try
        {
            chunk = await free.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                chunk.Add(row, mapper);
                if (chunk.Count == ChunkRows)
                {
                    await full.Writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                    chunk = null;
                    chunk = await free.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException stopped) when (cancellationToken.IsCancellationRequested)
        {
            // The loop stopped (a failure, or cancellation): nobody reads on, and the rows never end as if read to the end.
            full.Writer.TryComplete(stopped);
            return;
        }
        catch (Exception failure)
        {
            // Given out after the rows read before it, as on one thread.
            if (chunk is null)
            {
                full.Writer.TryComplete(failure);
                return;
            }

            chunk.Failure = ExceptionDispatchInfo.Capture(failure);
        }

        try
        {
            if (chunk is { } last && (last.Count > 0 || last.Failure is not null))
            {
                await full.Writer.WriteAsync(last, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException stopped) when (cancellationToken.IsCancellationRequested)
        {
            full.Writer.TryComplete(stopped);
            return;
        }

        full.Writer.TryComplete();
    }

    /// <summary>Rows read and mapped ahead, reused chunk after chunk (rows are made the first time a slot is used).</summary>
    internal sealed class Chunk
    {
        private readonly RowFingerprint scratchOwner;
        private readonly Row[] rows = new Row[ChunkRows];

        public Chunk(RowMapper mapper) => scratchOwner = new RowFingerprint(mapper.Schema);

        public int Count { get; set; }

        /// <summary>What the source threw after the rows of this chunk.</summary>
        public ExceptionDispatchInfo? Failure { get; set; }

        public Row this[int index] => rows[index];

        public void Add(SourceRow row, RowMapper mapper)
        {
            var slot = rows[Count] ??= new Row(mapper, scratchOwner);
            Count++;
            if (row.Spans is { } spans && row.Problem is null)
            {
                // The source moves on: keep the row's text (for a letter, the string mapping, or the loop's own mapping) and,
                // for every other row, what it maps to: the loop maps the rest itself, so the mapping is shared by both threads.
                slot.Own = null;
                slot.Copy.CopyFrom(spans);
                slot.InPlace.NextInPlace(row.Line);
                slot.Tried = (Count & 1) == 1 && mapper.CanHashSource;
                if (slot.Tried)
                {
                    // The source hash first: a row landed from the fingerprint (or mapped as strings) stores it (decision 139).
                    mapper.HashSource(spans, slot.Fingerprint);
                }

                slot.Fingerprinted = slot.Tried && mapper.TryFingerprint(spans, slot.Fingerprint);
            }
            else
            {
                // A row the source made for itself (a problem row, or a source that does not read in place) stays as it is.
                slot.Own = row;
                slot.Tried = false;
                slot.Fingerprinted = false;
            }
        }
    }

    /// <summary>One row mapped ahead: the source's own row, or a copy of its text and, when it could be, its fingerprint.</summary>
    internal sealed class Row
    {
        public Row(RowMapper mapper, RowFingerprint scratchOwner)
        {
            Fingerprint = new RowFingerprint(mapper.Schema, scratchOwner);
            InPlace = new SourceRow(0, Copy);
        }

        public CopiedRowSpans Copy { get; } = new();

        /// <summary>The row over <see cref="Copy"/>.</summary>
        public SourceRow InPlace { get; }

        public RowFingerprint Fingerprint { get; }

        /// <summary>Whether the row was mapped here (else the loop maps it: <see cref="UnitRows.Accept"/>).</summary>
        public bool Tried { get; set; }

        /// <summary>Whether <see cref="Fingerprint"/> holds the row mapped (when <see cref="Tried"/>; else it is mapped as strings, which says why not).</summary>
        public bool Fingerprinted { get; set; }

        /// <summary>The source's row when it was not read in place.</summary>
        public SourceRow? Own { get; set; }

        public SourceRow Source => Own ?? InPlace;
    }
}
