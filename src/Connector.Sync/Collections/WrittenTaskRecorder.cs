using System.Threading.Channels;
using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>
/// Records written tasks (intent sent, placement stored) in batches on one background loop: whatever accumulated while
/// the last batch committed goes in the next, so the store never sees more than one writer and Graph calls never wait
/// for a commit. A batch lost in a crash costs nothing but a re-read: the read-back adopts the tasks by their case id.
/// </summary>
internal sealed class WrittenTaskRecorder(IConnectorStore store)
{
    private const int MaxBatch = 500;
    private readonly Channel<WrittenTask> written = Channel.CreateUnbounded<WrittenTask>(new UnboundedChannelOptions { SingleReader = true });

    public void Add(WrittenTask task) => written.Writer.TryWrite(task);

    /// <summary>No more tasks: <see cref="RunAsync"/> ends after recording what is queued.</summary>
    public void Complete() => written.Writer.TryComplete();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<WrittenTask>(MaxBatch);
        while (await written.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && written.Reader.TryRead(out var task))
            {
                batch.Add(task);
            }

            await store.RecordTasksWrittenAsync(batch, cancellationToken).ConfigureAwait(false);
            batch.Clear();
        }
    }
}
