using System.Data;
using System.Data.Common;
using System.Text;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>The outbox: desired external state per (target, key), drained by the pushers; refused entries are quarantined.</summary>
public abstract partial class RelationalConnectorStore
{
    /// <summary>
    /// From this many items for one target, an enqueue reads that target's sent and pending hashes once (one streamed
    /// query each) instead of looking each item up: a full evaluation of a million customers, of which a few changed,
    /// then costs two reads and a write per change rather than a million round trips.
    /// </summary>
    internal const int BulkEnqueueThreshold = 64;

    private const string OutboxColumns = "SELECT id, target, key, payload, payload_hash, attempts, last_error, created_at FROM outbox";

    public async Task<int> EnqueueAsync(IReadOnlyList<OutboxItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var now = Time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var queued = await EnqueueAsync(connection, transaction, items, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return queued;
    }

    public async Task<IReadOnlyList<OutboxEntry>> ReadPendingAsync(string target, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(OutboxColumns + " WHERE target = @target AND quarantined_at IS NULL ORDER BY id LIMIT @limit");
        command.Text("@target", target);
        command.Int64("@limit", Math.Max(0, limit));
        return await ReadOutboxEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxEntry>> ReadPendingAfterAsync(string target, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(OutboxColumns + " WHERE target = @target AND id > @after AND quarantined_at IS NULL ORDER BY id LIMIT @limit");
        command.Text("@target", target);
        command.Int64("@after", afterId);
        command.Int64("@limit", Math.Max(0, limit));
        return await ReadOutboxEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkSentAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await MarkSentAsync(connection, transaction, ids, Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks entries sent on the caller's transaction: their hash becomes the last sent of their key and the entries go.
    /// An id no longer pending (sent already, or replaced by a newer payload) matches nothing and is no error.
    /// </summary>
    private static async Task MarkSentAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<long> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var remember = connection.Command(
            "INSERT INTO outbox_sent (target, key, payload_hash, sent_at) SELECT target, key, payload_hash, @now FROM outbox WHERE id = @id " +
            "ON CONFLICT (target, key) DO UPDATE SET payload_hash = excluded.payload_hash, sent_at = excluded.sent_at", transaction);
        var rememberId = remember.Int64("@id");
        remember.Time("@now", now);
        await using var delete = connection.Command("DELETE FROM outbox WHERE id = @id", transaction);
        var deleteId = delete.Int64("@id");
        foreach (var id in ids)
        {
            rememberId.Value = id;
            await remember.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            deleteId.Value = id;
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task MarkFailedAsync(long id, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("UPDATE outbox SET attempts = attempts + 1, last_error = @error, updated_at = @now WHERE id = @id");
        command.Int64("@id", id);
        command.Text("@error", reason);
        command.Time("@now", Time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task QuarantineAsync(long outboxId, string reason, CancellationToken cancellationToken)
    {
        // An id replaced by a newer payload meanwhile matches nothing: the new desired state stays pending.
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "UPDATE outbox SET quarantined_at = @now, attempts = attempts + 1, last_error = @error, updated_at = @now WHERE id = @id");
        command.Int64("@id", outboxId);
        command.Text("@error", reason);
        command.Time("@now", Time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxEntry>> ReadQuarantinedAsync(string? target, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(string.Empty);
        var sql = new StringBuilder(OutboxColumns).Append(" WHERE quarantined_at IS NOT NULL");
        if (target is not null)
        {
            sql.Append(" AND target = @target");
            command.Text("@target", target);
        }

        command.CommandText = sql.Append(" ORDER BY id LIMIT @limit").ToString();
        command.Int64("@limit", Math.Max(0, limit));
        return await ReadOutboxEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> RequeueAsync(IReadOnlyList<long> outboxIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outboxIds);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "UPDATE outbox SET quarantined_at = NULL, updated_at = @now WHERE id = @id AND quarantined_at IS NOT NULL", transaction);
        var id = command.Int64("@id");
        command.Time("@now", Time.GetUtcNow());
        var requeued = 0;
        foreach (var value in outboxIds.Distinct())
        {
            id.Value = value;
            requeued += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return requeued;
    }

    /// <summary>
    /// The enqueue rules on the caller's transaction: an item equal to what was last sent drops any pending change of
    /// its key; any other item replaces the pending entry of its key (deleted and inserted under a new id, so a pusher
    /// holding the old id cannot mark the new payload sent) unless that entry already holds the same payload, which is
    /// left as it is, quarantined or not. Items for a key already pending with their payload still count as queued.
    /// </summary>
    private async Task<int> EnqueueAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<OutboxItem> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return 0;
        }

        var plans = await ReadOutboxPlansAsync(connection, transaction, items, cancellationToken).ConfigureAwait(false);

        await using var lastSent = connection.Command("SELECT payload_hash FROM outbox_sent WHERE target = @target AND key = @key", transaction);
        var sentTarget = lastSent.Text("@target");
        var sentKey = lastSent.Text("@key");

        await using var drop = connection.Command("DELETE FROM outbox WHERE target = @target AND key = @key AND (@all = 1 OR payload_hash <> @hash)", transaction);
        var dropTarget = drop.Text("@target");
        var dropKey = drop.Text("@key");
        var dropAll = drop.Add("@all", DbType.Int32);
        var dropHash = drop.Bytes("@hash");

        await using var insert = connection.Command(OutboxInsertSql, transaction);
        var insertTarget = insert.Text("@target");
        var insertKey = insert.Text("@key");
        var insertPayload = insert.Text("@payload");
        var insertHash = insert.Bytes("@hash");
        insert.Time("@now", now);

        var queued = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var item = items[i];
            if (plans.TryGetValue(item.Target, out var plan))
            {
                queued += plan.Add(item) ? 1 : 0;
                continue;
            }

            // Few items for this target: look each one up.
            sentTarget.Value = item.Target;
            sentKey.Value = item.Key;
            var unchanged = await lastSent.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] sent && HashBytes.Read(sent) == item.PayloadHash;
            dropTarget.Value = item.Target;
            dropKey.Value = item.Key;
            dropAll.Value = unchanged ? 1 : 0;
            dropHash.Value = HashBytes.ToBytes(item.PayloadHash);
            await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (unchanged)
            {
                // What was last sent is the desired state again: nothing to send, and an older pending change is moot.
                continue;
            }

            insertTarget.Value = item.Target;
            insertKey.Value = item.Key;
            insertPayload.Value = item.Payload;
            insertHash.Value = dropHash.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            queued++;
        }

        if (plans.Count > 0)
        {
            var drops = plans.Values.SelectMany(p => p.Drops.Select(key => (p.Target, key))).ToList();
            var inserts = plans.Values.SelectMany(p => p.Inserts.OfType<OutboxItem>()).ToList();
            await WriteOutboxAsync(connection, transaction, drops, inserts, now, cancellationToken).ConfigureAwait(false);
        }

        return queued;
    }

    private const string OutboxInsertSql =
        "INSERT INTO outbox (target, key, payload, payload_hash, attempts, created_at, updated_at) " +
        "VALUES (@target, @key, @payload, @hash, 0, @now, @now) ON CONFLICT (target, key) DO NOTHING";

    /// <summary>
    /// Applies what an enqueue of many items decided: deletes the pending entries of <paramref name="drops"/>, then
    /// inserts <paramref name="inserts"/> in order (one per key; a key pending meanwhile is left as it is).
    /// PostgreSQL does it set-wise, to spare a round trip per row.
    /// </summary>
    private protected virtual async Task WriteOutboxAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(string Target, string Key)> drops, IReadOnlyList<OutboxItem> inserts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var drop = connection.Command("DELETE FROM outbox WHERE target = @target AND key = @key", transaction))
        {
            var target = drop.Text("@target");
            var key = drop.Text("@key");
            foreach (var pair in drops)
            {
                target.Value = pair.Target;
                key.Value = pair.Key;
                await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await using var insert = connection.Command(OutboxInsertSql, transaction);
        var insertTarget = insert.Text("@target");
        var insertKey = insert.Text("@key");
        var insertPayload = insert.Text("@payload");
        var insertHash = insert.Bytes("@hash");
        insert.Time("@now", now);
        for (var i = 0; i < inserts.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var item = inserts[i];
            insertTarget.Value = item.Target;
            insertKey.Value = item.Key;
            insertPayload.Value = item.Payload;
            insertHash.Value = HashBytes.ToBytes(item.PayloadHash);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A plan, with the sent and pending hashes read once, for every target with at least <see cref="BulkEnqueueThreshold"/> items.</summary>
    private async Task<Dictionary<string, OutboxPlan>> ReadOutboxPlansAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<OutboxItem> items, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            counts[item.Target] = counts.GetValueOrDefault(item.Target) + 1;
        }

        var plans = new Dictionary<string, OutboxPlan>(StringComparer.Ordinal);
        foreach (var (target, count) in counts)
        {
            if (count < BulkEnqueueThreshold)
            {
                continue;
            }

            var plan = new OutboxPlan(target);
            await ReadKeyHashesAsync(connection, transaction, "SELECT key, payload_hash FROM outbox_sent WHERE target = @value", target, (key, hash) => plan.Sent[key] = hash, cancellationToken).ConfigureAwait(false);
            await ReadKeyHashesAsync(connection, transaction, "SELECT key, payload_hash FROM outbox WHERE target = @value", target, (key, hash) => plan.Pending[key] = hash, cancellationToken).ConfigureAwait(false);
            plans[target] = plan;
        }

        return plans;
    }

    private static async Task<IReadOnlyList<OutboxEntry>> ReadOutboxEntriesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<OutboxEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new OutboxEntry(
                reader.GetInt64(0),
                new OutboxItem(reader.GetString(1), reader.GetString(2), reader.GetString(3), HashBytes.Read(reader.GetFieldValue<byte[]>(4))),
                reader.GetInt32(5),
                NullableString(reader, 6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return entries;
    }

    /// <summary>
    /// The enqueue rules applied in memory to one target's sent and pending hashes: which stored entries to delete and
    /// which items to insert, so that the database sees only the changes.
    /// </summary>
    private sealed class OutboxPlan(string target)
    {
        // Where each key inserted by this plan sits in Inserts (a key given twice replaces its own earlier insert).
        private readonly Dictionary<string, int> inserted = new(StringComparer.Ordinal);

        public string Target { get; } = target;

        public Dictionary<string, UInt128> Sent { get; } = new(StringComparer.Ordinal);

        /// <summary>Pending (or quarantined) hash per key: as stored, then as this plan leaves it.</summary>
        public Dictionary<string, UInt128> Pending { get; } = new(StringComparer.Ordinal);

        /// <summary>Keys whose stored entry goes.</summary>
        public List<string> Drops { get; } = [];

        /// <summary>Items to insert, in order; null where a later item of the same key replaced one.</summary>
        public List<OutboxItem?> Inserts { get; } = [];

        /// <summary>Applies the rules to one item; true when it counts as queued.</summary>
        public bool Add(OutboxItem item)
        {
            var unchanged = Sent.TryGetValue(item.Key, out var sent) && sent == item.PayloadHash;
            var isPending = Pending.TryGetValue(item.Key, out var pending);
            if (unchanged || (isPending && pending != item.PayloadHash))
            {
                if (isPending)
                {
                    Drop(item.Key);
                }

                if (unchanged)
                {
                    return false;
                }
            }
            else if (isPending)
            {
                // Already pending (or quarantined) with this very payload: left as it is.
                return true;
            }

            inserted[item.Key] = Inserts.Count;
            Inserts.Add(item);
            Pending[item.Key] = item.PayloadHash;
            return true;
        }

        private void Drop(string key)
        {
            Pending.Remove(key);
            if (inserted.Remove(key, out var index))
            {
                // Inserted by this plan: not stored yet (a stored entry it replaced is already in Drops).
                Inserts[index] = null;
            }
            else
            {
                Drops.Add(key);
            }
        }
    }
}
