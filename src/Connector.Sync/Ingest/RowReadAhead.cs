using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Connector.Mapping.Rows;

namespace Connector.Sync.Ingest;

/// <summary>
/// Reads a source's rows on a thread of their own and hands them over in their order, in chunks: the reading
/// (decoding and splitting a file) runs on one core while the caller maps, checks and batches on the other.
/// Only the reading moves; mapping stays on the caller's thread in row order, so lookups of rows landed earlier
/// in the same file, duplicate keys, dead letters and checkpoints see exactly the sequence they saw before.
/// A failure of the reader reaches the caller after every row read before it (as it did without read-ahead).
/// </summary>
internal sealed class RowReadAhead : IAsyncDisposable
{
    private const int ChunkRows = 1_024;
    private const int ChunksAhead = 8;

    private readonly BlockingCollection<SourceRow[]> chunks = new(ChunksAhead);
    private readonly CancellationTokenSource stop;
    private readonly Task producer;
    private ExceptionDispatchInfo? failure;

    public RowReadAhead(IEnumerable<SourceRow> rows, CancellationToken cancellationToken)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        producer = Task.Factory.StartNew(() => Produce(rows), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The rows in the source's order; ends when the source does, then throws what the source threw, if anything.</summary>
    public IEnumerable<SourceRow> Rows
    {
        get
        {
            foreach (var chunk in chunks.GetConsumingEnumerable(stop.Token))
            {
                foreach (var row in chunk)
                {
                    yield return row;
                }
            }

            // The reading thread has finished (it completes the queue last), so what it failed with, if anything, is set.
            failure?.Throw();
        }
    }

    /// <summary>Stops the reading thread and waits for it, so the source is never read while it is disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
        chunks.Dispose();
    }

    private void Produce(IEnumerable<SourceRow> rows)
    {
        var chunk = new List<SourceRow>(ChunkRows);
        try
        {
            foreach (var row in rows)
            {
                chunk.Add(row);
                if (chunk.Count == ChunkRows)
                {
                    chunks.Add([.. chunk], stop.Token);
                    chunk.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            chunks.CompleteAdding();
            return;
        }
#pragma warning disable CA1031 // Any failure of the source is handed to the consumer, after the rows read before it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failure = ExceptionDispatchInfo.Capture(exception);
        }

        try
        {
            if (chunk.Count > 0)
            {
                chunks.Add([.. chunk], stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The consumer has gone.
        }
        finally
        {
            chunks.CompleteAdding();
        }
    }
}
