using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>What one table's push achieved.</summary>
/// <param name="Sent">Records Dataverse accepted and the outbox marked sent.</param>
/// <param name="Quarantined">Records Dataverse refused for their content, set aside with the reason.</param>
/// <param name="Requests">HTTP requests sent, retries included.</param>
public sealed record TablePushResult(DataverseTable Table, int Sent, int Quarantined, int Requests)
{
    public static TablePushResult None(DataverseTable table) => new(table, 0, 0, 0);

    /// <summary>
    /// Entries refused because the record they bind to is gone from Dataverse (404 0x80060891): set aside like the
    /// refused ones, but not counted as refused; the push re-creates their parent and puts them back in the queue.
    /// </summary>
    public IReadOnlyList<OutboxEntry> ParentMissing { get; init; } = [];
}

/// <summary>
/// Drains one table's outbox into Dataverse. An entry is marked sent only after Dataverse accepted it, and upserts by
/// alternate key are idempotent, so a crash anywhere replays at most what was in flight and changes nothing twice.
/// A record Dataverse refuses is quarantined with its reason; its neighbours are sent.
/// </summary>
public sealed class OutboxPusher
{
    /// <summary>Entries read from the outbox at a time.</summary>
    public const int BlockSize = 50_000;

    /// <summary>Entries handed to the client per call; the client splits them into bulk requests sent in parallel.</summary>
    public const int RoundSize = 5_000;

    /// <summary>
    /// Calls kept in flight at once: while one round's last requests finish (and its entries are marked), the next
    /// round's are already going out, so the connection never idles on a round's tail. The client's concurrency
    /// limiter still bounds the requests in flight.
    /// </summary>
    private const int RoundsInFlight = 2;

    private readonly IDataverse dataverse;
    private readonly IOutbox outbox;
    private readonly IPushState state;

    public OutboxPusher(IDataverse dataverse, IOutbox outbox, IPushState state)
    {
        ArgumentNullException.ThrowIfNull(dataverse);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(state);
        this.dataverse = dataverse;
        this.outbox = outbox;
        this.state = state;
    }

    public async Task<TablePushResult> PushAsync(DataverseTable table, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var target = DataverseModel.Target(table);
        var totals = new Totals();
        while (true)
        {
            var block = await outbox.ReadPendingAsync(target, BlockSize, cancellationToken).ConfigureAwait(false);
            if (block.Count == 0)
            {
                return new TablePushResult(table, totals.Sent, totals.Quarantined, totals.Requests) { ParentMissing = totals.ParentMissing };
            }

            var inFlight = new Queue<(IReadOnlyList<OutboxEntry> Entries, Task<DataverseUpsertResult> Call)>();
            try
            {
                for (var start = 0; start < block.Count; start += RoundSize)
                {
                    var round = block.Skip(start).Take(RoundSize).ToList();
                    inFlight.Enqueue((round, dataverse.UpsertAsync(table, [.. round.Select(static e => new DataverseUpsert(e.Item.Key, e.Item.Payload))], cancellationToken)));
                    if (inFlight.Count >= RoundsInFlight)
                    {
                        await CompleteAsync(table, inFlight.Dequeue(), totals, cancellationToken).ConfigureAwait(false);
                        progress?.Report(totals.Sent + totals.Quarantined + totals.ParentMissing.Count);
                    }
                }

                while (inFlight.Count > 0)
                {
                    await CompleteAsync(table, inFlight.Dequeue(), totals, cancellationToken).ConfigureAwait(false);
                    progress?.Report(totals.Sent + totals.Quarantined + totals.ParentMissing.Count);
                }
            }
            finally
            {
                // A failed round leaves the others' outcomes unobserved: wait for them so nothing runs on after the
                // failure is reported (their entries stay pending and are replayed, which upserts make harmless).
                while (inFlight.Count > 0)
                {
                    // WhenAny only waits: the first failure is the one reported.
                    await Task.WhenAny(inFlight.Dequeue().Call).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Marks what Dataverse accepted as sent and quarantines what it refused, once the call has answered.</summary>
    private async Task CompleteAsync(DataverseTable table, (IReadOnlyList<OutboxEntry> Entries, Task<DataverseUpsertResult> Call) round, Totals totals, CancellationToken cancellationToken)
    {
        var result = await round.Call.ConfigureAwait(false);
        totals.Requests += result.Requests;
        var failures = new Dictionary<string, DataverseRecordFailure>(StringComparer.Ordinal);
        foreach (var failure in result.Failed)
        {
            failures.TryAdd(failure.Key, failure);
        }

        var accepted = new List<long>(round.Entries.Count);
        foreach (var entry in round.Entries)
        {
            if (failures.TryGetValue(entry.Item.Key, out var failure))
            {
                await state.QuarantineAsync(entry.Id, Describe(table, failure), cancellationToken).ConfigureAwait(false);
                if (failure.IsMissingBoundRecord)
                {
                    totals.ParentMissing.Add(entry);
                }
                else
                {
                    totals.Quarantined++;
                }
            }
            else
            {
                accepted.Add(entry.Id);
            }
        }

        await outbox.MarkSentAsync(accepted, cancellationToken).ConfigureAwait(false);
        totals.Sent += accepted.Count;
    }

    private sealed class Totals
    {
        public int Sent { get; set; }
        public int Quarantined { get; set; }
        public int Requests { get; set; }
        public List<OutboxEntry> ParentMissing { get; } = [];
    }

    /// <summary>"account C-1 refused by Dataverse: 400 0x80044331 A validation error occurred …".</summary>
    private static string Describe(DataverseTable table, DataverseRecordFailure failure) =>
        $"{table.LogicalName} {failure.Key} refused by Dataverse: {failure.Status} {failure.ErrorCode} {failure.Message}";
}
