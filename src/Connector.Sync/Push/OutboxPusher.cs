using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>What one table's push achieved.</summary>
/// <param name="Sent">Records Dataverse accepted and the outbox marked sent.</param>
/// <param name="Quarantined">Records Dataverse refused for their content, set aside with the reason.</param>
/// <param name="Requests">HTTP requests sent, retries included.</param>
public sealed record TablePushResult(DataverseTable Table, int Sent, int Quarantined, int Requests)
{
    public static TablePushResult None(DataverseTable table) => new(table, 0, 0, 0);
}

/// <summary>
/// Drains one table's outbox into Dataverse. An entry is marked sent only after Dataverse accepted it, and upserts by
/// alternate key are idempotent, so a crash anywhere replays at most what was in flight and changes nothing twice.
/// A record Dataverse refuses is quarantined with its reason; its neighbours are sent.
/// </summary>
public sealed class OutboxPusher
{
    /// <summary>Entries read and handed to the client per round; the client splits them into bulk requests sent in parallel.</summary>
    public const int RoundSize = 10_000;

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
        int sent = 0, quarantined = 0, requests = 0;
        while (true)
        {
            var entries = await outbox.ReadPendingAsync(target, RoundSize, cancellationToken).ConfigureAwait(false);
            if (entries.Count == 0)
            {
                return new TablePushResult(table, sent, quarantined, requests);
            }

            var records = new DataverseUpsert[entries.Count];
            for (var i = 0; i < records.Length; i++)
            {
                records[i] = new DataverseUpsert(entries[i].Item.Key, entries[i].Item.Payload);
            }

            var result = await dataverse.UpsertAsync(table, records, cancellationToken).ConfigureAwait(false);
            requests += result.Requests;
            var failures = new Dictionary<string, DataverseRecordFailure>(StringComparer.Ordinal);
            foreach (var failure in result.Failed)
            {
                failures.TryAdd(failure.Key, failure);
            }

            var accepted = new List<long>(entries.Count);
            foreach (var entry in entries)
            {
                if (failures.TryGetValue(entry.Item.Key, out var failure))
                {
                    await state.QuarantineAsync(entry.Id, Describe(table, failure), cancellationToken).ConfigureAwait(false);
                    quarantined++;
                }
                else
                {
                    accepted.Add(entry.Id);
                }
            }

            await outbox.MarkSentAsync(accepted, cancellationToken).ConfigureAwait(false);
            sent += accepted.Count;
            progress?.Report(sent + quarantined);
        }
    }

    /// <summary>"account C-1 refused by Dataverse: 400 0x80044331 A validation error occurred …".</summary>
    private static string Describe(DataverseTable table, DataverseRecordFailure failure) =>
        $"{table.LogicalName} {failure.Key} refused by Dataverse: {failure.Status} {failure.ErrorCode} {failure.Message}";
}
