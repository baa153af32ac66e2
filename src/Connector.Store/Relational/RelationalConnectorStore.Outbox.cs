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

    public async Task MarkSentAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var remember = connection.Command(
            "INSERT INTO outbox_sent (target, key, payload_hash, sent_at) SELECT target, key, payload_hash, @now FROM outbox WHERE id = @id " +
            "ON CONFLICT (target, key) DO UPDATE SET payload_hash = excluded.payload_hash, sent_at = excluded.sent_at", transaction);
        var rememberId = remember.Int64("@id");
        remember.Time("@now", Time.GetUtcNow());
        await using var delete = connection.Command("DELETE FROM outbox WHERE id = @id", transaction);
        var deleteId = delete.Int64("@id");
        foreach (var id in ids)
        {
            rememberId.Value = id;
            await remember.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            deleteId.Value = id;
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkFailedAsync(long id, string error, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("UPDATE outbox SET attempts = attempts + 1, last_error = @error, updated_at = @now WHERE id = @id");
        command.Int64("@id", id);
        command.Text("@error", error);
        command.Time("@now", Time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task QuarantineAsync(long outboxId, string error, CancellationToken cancellationToken)
    {
        // An id replaced by a newer payload meanwhile matches nothing: the new desired state stays pending.
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "UPDATE outbox SET quarantined_at = @now, attempts = attempts + 1, last_error = @error, updated_at = @now WHERE id = @id");
        command.Int64("@id", outboxId);
        command.Text("@error", error);
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

        var known = await ReadOutboxStatesAsync(connection, transaction, items, cancellationToken).ConfigureAwait(false);

        await using var lastSent = connection.Command("SELECT payload_hash FROM outbox_sent WHERE target = @target AND key = @key", transaction);
        var sentTarget = lastSent.Text("@target");
        var sentKey = lastSent.Text("@key");

        await using var drop = connection.Command("DELETE FROM outbox WHERE target = @target AND key = @key AND (@all = 1 OR payload_hash <> @hash)", transaction);
        drop.Text("@target");
        drop.Text("@key");
        drop.Add("@all", DbType.Int32);
        drop.Bytes("@hash");

        await using var insert = connection.Command(
            "INSERT INTO outbox (target, key, payload, payload_hash, attempts, created_at, updated_at) " +
            "VALUES (@target, @key, @payload, @hash, 0, @now, @now) ON CONFLICT (target, key) DO NOTHING", transaction);
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
            bool unchanged;
            var mayBePending = true;
            var pendingAlike = false;
            if (known.TryGetValue(item.Target, out var state))
            {
                unchanged = state.Sent.TryGetValue(item.Key, out var sent) && sent == item.PayloadHash;
                mayBePending = state.Pending.TryGetValue(item.Key, out var pending);
                pendingAlike = mayBePending && pending == item.PayloadHash;
            }
            else
            {
                sentTarget.Value = item.Target;
                sentKey.Value = item.Key;
                unchanged = await lastSent.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] sent && HashBytes.Read(sent) == item.PayloadHash;
            }

            if (unchanged)
            {
                // What was last sent is the desired state again: nothing to send, and an older pending change is moot.
                if (mayBePending)
                {
                    await DropPendingAsync(drop, item, all: true, cancellationToken).ConfigureAwait(false);
                    state?.Pending.Remove(item.Key);
                }

                continue;
            }

            queued++;
            if (pendingAlike)
            {
                // Already pending (or quarantined) with this very payload: the delete and insert would change nothing.
                continue;
            }

            if (mayBePending)
            {
                await DropPendingAsync(drop, item, all: false, cancellationToken).ConfigureAwait(false);
            }

            insertTarget.Value = item.Target;
            insertKey.Value = item.Key;
            insertPayload.Value = item.Payload;
            insertHash.Value = HashBytes.ToBytes(item.PayloadHash);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            state?.Pending[item.Key] = item.PayloadHash;
        }

        return queued;
    }

    /// <summary>Deletes the pending entry of the item's key: any (<paramref name="all"/>), or only one with another payload.</summary>
    private static async Task DropPendingAsync(DbCommand drop, OutboxItem item, bool all, CancellationToken cancellationToken)
    {
        drop.Parameters[0].Value = item.Target;
        drop.Parameters[1].Value = item.Key;
        drop.Parameters[2].Value = all ? 1 : 0;
        drop.Parameters[3].Value = HashBytes.ToBytes(item.PayloadHash);
        await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The sent and pending hashes of every target with at least <see cref="BulkEnqueueThreshold"/> items.</summary>
    private async Task<Dictionary<string, OutboxState>> ReadOutboxStatesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<OutboxItem> items, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            counts[item.Target] = counts.GetValueOrDefault(item.Target) + 1;
        }

        var states = new Dictionary<string, OutboxState>(StringComparer.Ordinal);
        foreach (var (target, count) in counts)
        {
            if (count < BulkEnqueueThreshold)
            {
                continue;
            }

            var state = new OutboxState(new Dictionary<string, UInt128>(StringComparer.Ordinal), new Dictionary<string, UInt128>(StringComparer.Ordinal));
            await ReadKeyHashesAsync(connection, transaction, "SELECT key, payload_hash FROM outbox_sent WHERE target = @value", target, state.Sent, cancellationToken).ConfigureAwait(false);
            await ReadKeyHashesAsync(connection, transaction, "SELECT key, payload_hash FROM outbox WHERE target = @value", target, state.Pending, cancellationToken).ConfigureAwait(false);
            states[target] = state;
        }

        return states;
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

    /// <summary>One target's hashes as last sent and as pending (quarantined or not), by key, kept current while enqueueing.</summary>
    private sealed record OutboxState(Dictionary<string, UInt128> Sent, Dictionary<string, UInt128> Pending);
}
