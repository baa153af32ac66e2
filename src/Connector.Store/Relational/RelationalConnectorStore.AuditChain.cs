using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Connector.Sync.Audit;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>
/// The audit journal as a hash chain (decision 95): each appended event stores the hash of the event before it
/// (<c>prev_hash</c>) and its own (<c>hash</c>, <see cref="AuditHash"/>). Appends are serialized — PostgreSQL by
/// an advisory lock held to commit, SQLite by its write transaction — so instances sharing a store never fork it.
/// </summary>
public abstract partial class RelationalConnectorStore
{
    /// <summary>The migration adding <c>prev_hash</c> and <c>hash</c>; the events already there are chained when it runs.</summary>
    private const int AuditChainMigration = 12;

    /// <summary>Serializes audit appends inside <paramref name="transaction"/> until it ends (SQLite's write lock already does).</summary>
    private protected abstract Task LockAuditAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    public async Task<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var ids = await AppendAuditAsync(connection, transaction, [auditEvent], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ids[0];
    }

    public async IAsyncEnumerable<ChainedAuditEvent> ReadAuditChainAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT id, at, actor, action, subject, before, after, reason, prev_hash, hash FROM audit_event ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new ChainedAuditEvent(
                reader.GetInt64(0),
                ReadAuditEvent(reader),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<byte[]>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9));
        }
    }

    /// <summary>
    /// Appends <paramref name="events"/> in order, each chained to the head; returns their ids. Under the audit lock the
    /// store hands out the ids itself, so each event is written once, hash included, in one bulk write (decision 131).
    /// </summary>
    private async Task<IReadOnlyList<long>> AppendAuditAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return [];
        }

        await LockAuditAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var previous = await ChainUnhashedAuditAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var ids = await NextAuditIdsAsync(connection, transaction, events.Count, cancellationToken).ConfigureAwait(false);
        var rows = new ChainedAuditEvent[events.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var canonical = events[i] with { At = AuditHash.Canonical(events[i].At) };
            var hash = AuditHash.Compute(previous, ids[i], canonical);
            rows[i] = new ChainedAuditEvent(ids[i], canonical, previous, hash);
            previous = hash;
        }

        await WriteAuditAsync(connection, transaction, rows, cancellationToken).ConfigureAwait(false);
        return ids;
    }

    /// <summary>
    /// <paramref name="count"/> new audit ids, ascending, each above every id stored (and, where the table remembers it,
    /// every id ever given). Called under the audit lock, which every appender holds, so no one else takes ids meanwhile.
    /// </summary>
    private protected abstract Task<long[]> NextAuditIdsAsync(DbConnection connection, DbTransaction transaction, int count, CancellationToken cancellationToken);

    /// <summary>Inserts the chained events (id, time, fields, previous hash, hash) in their order on the caller's transaction.</summary>
    private protected abstract Task WriteAuditAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ChainedAuditEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Chains the events after the last hashed one that have no hash yet (those written before migration 12) in id
    /// order, and returns the head hash a new event follows. Runs under the audit lock.
    /// </summary>
    private async Task<byte[]> ChainUnhashedAuditAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await LockAuditAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        long lastId = 0;
        var previous = AuditHash.Genesis.ToArray();
        await using (var head = connection.Command("SELECT id, hash FROM audit_event WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1", transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                lastId = reader.GetInt64(0);
                previous = reader.GetFieldValue<byte[]>(1);
            }
        }

        var unhashed = new List<StoredAuditEvent>();
        await using (var read = connection.Command("SELECT id, at, actor, action, subject, before, after, reason FROM audit_event WHERE id > @id ORDER BY id", transaction))
        {
            read.Int64("@id", lastId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                unhashed.Add(new StoredAuditEvent(reader.GetInt64(0), ReadAuditEvent(reader)));
            }
        }

        if (unhashed.Count == 0)
        {
            return previous;
        }

        await using var seal = SealCommand(connection, transaction, out var sealId, out var sealHash);
        var sealPrev = seal.Bytes("@prev");
        seal.CommandText = "UPDATE audit_event SET prev_hash = @prev, hash = @hash WHERE id = @id";
        foreach (var stored in unhashed)
        {
            var hash = AuditHash.Compute(previous, stored.Id, stored.Event);
            sealId.Value = stored.Id;
            sealHash.Value = hash;
            sealPrev.Value = previous;
            await seal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            previous = hash;
        }

        return previous;
    }

    private static DbCommand SealCommand(DbConnection connection, DbTransaction transaction, out DbParameter id, out DbParameter hash)
    {
        var command = connection.Command("UPDATE audit_event SET hash = @hash WHERE id = @id", transaction);
        id = command.Int64("@id");
        hash = command.Bytes("@hash");
        return command;
    }

    /// <summary>Columns 1–7 (at, actor, action, subject, before, after, reason) of an audit row.</summary>
    private static AuditEvent ReadAuditEvent(DbDataReader reader) => new(
        reader.GetFieldValue<DateTimeOffset>(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        NullableString(reader, 5),
        NullableString(reader, 6),
        NullableString(reader, 7));
}
