using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Connector.Mapping.Canonical;
using Connector.Store.Migrations;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>
/// Everything the SQLite and PostgreSQL stores share: one SQL dialect (both speak <c>INSERT … ON CONFLICT</c> and
/// <c>RETURNING</c>), typed parameters, the migration runner. A provider supplies connections, the bulk ledger
/// write (the hot path) and how migrations are serialized between instances.
/// </summary>
public abstract partial class RelationalConnectorStore : IConnectorStore
{
    private const string Open = "open";
    private const string Resolved = "resolved";

    /// <summary>Who the audit journal names for what an ingest decides about dead letters on its own.</summary>
    private const string IngestActor = "ingest";

    private readonly IReadOnlyList<Migration> migrations;

    private protected RelationalConnectorStore(TimeProvider time, string dialect)
    {
        ArgumentNullException.ThrowIfNull(time);
        Time = time;
        migrations = MigrationScripts.For(dialect);
    }

    public abstract string Description { get; }

    private protected TimeProvider Time { get; }

    /// <summary>The DDL creating <c>schema_migrations</c> when it does not exist yet.</summary>
    private protected abstract string MigrationsTableSql { get; }

    /// <summary>An open connection with the provider's session settings applied.</summary>
    private protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Serializes migrating instances inside <paramref name="transaction"/> (SQLite's write lock already does).</summary>
    private protected abstract Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Writes the source hashes of unchanged rows (<see cref="LedgerBatch.SourceHashes"/>): nothing else of the row.</summary>
    private protected abstract Task WriteSourceHashesAsync(DbConnection connection, DbTransaction transaction, LedgerBatch batch, CancellationToken cancellationToken);

    /// <summary>Inserts or updates the batch's records: a row whose hash is unchanged is not rewritten.</summary>
    private protected abstract Task WriteUpsertsAsync(DbConnection connection, DbTransaction transaction, LedgerBatch batch, DateTimeOffset now, CancellationToken cancellationToken);

    public Task MigrateAsync(CancellationToken cancellationToken) => MigrateToAsync(int.MaxValue, cancellationToken);

    /// <summary>Applies the migrations up to <paramref name="version"/> (tests build the schema an older release left).</summary>
    internal async Task MigrateToAsync(int version, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockMigrationsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using (var create = connection.Command(MigrationsTableSql, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var applied = new HashSet<int>();
        await using (var read = connection.Command("SELECT version FROM schema_migrations", transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        foreach (var migration in migrations.Where(m => m.Version <= version && !applied.Contains(m.Version)))
        {
            await using (var script = connection.Command(migration.Sql, transaction))
            {
                await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var record = connection.Command("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @now)", transaction);
            record.Add("@version", DbType.Int32, migration.Version);
            record.Text("@name", migration.Name);
            record.Time("@now", Time.GetUtcNow());
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (migration.Version == AuditChainMigration)
            {
                await ChainUnhashedAuditAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LedgerKeepsSources = version >= LedgerSourceMigration || applied.Contains(LedgerSourceMigration);
        LedgerKeepsSourceHashes = version >= LedgerSourceHashMigration || applied.Contains(LedgerSourceHashMigration);
    }

    /// <summary>The newest migration applied to this store and the newest this build knows (the store must be reachable).</summary>
    internal async Task<StoreSchemaStatus> ReadSchemaStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var read = connection.Command("SELECT MAX(version) FROM schema_migrations", null);
        var applied = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return new StoreSchemaStatus(
            applied is null or DBNull ? 0 : Convert.ToInt32(applied, System.Globalization.CultureInfo.InvariantCulture),
            migrations.Count == 0 ? 0 : migrations[^1].Version);
    }

    public async Task<Dictionary<string, UInt128>> ReadHashesAsync(CanonicalEntity entity, CancellationToken cancellationToken)
    {
        var hashes = new Dictionary<string, UInt128>(StringComparer.Ordinal);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ReadKeyHashesAsync(connection, null, "SELECT key, row_hash FROM ledger WHERE entity = @value", NameOf(entity), (key, hash) => hashes[key] = hash, cancellationToken).ConfigureAwait(false);
        return hashes;
    }

    public async Task ReadHashesIntoAsync(CanonicalEntity entity, LedgerKeyHash add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(add);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ReadKeyHashesInPlaceAsync(connection, "SELECT key, row_hash FROM ledger WHERE entity = @value", NameOf(entity), add, cancellationToken).ConfigureAwait(false);
    }

    public async Task ReadHashesWithSourcesIntoAsync(CanonicalEntity entity, LedgerKeyHashes add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(add);
        if (!LedgerKeepsSourceHashes)
        {
            await ReadHashesIntoAsync(entity, (key, hash) => add(key, hash, null), cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ReadKeySourceHashesInPlaceAsync(connection, "SELECT key, row_hash, source_hash FROM ledger WHERE entity = @value", NameOf(entity), add, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<CanonicalRecord> ReadRecordsAsync(CanonicalEntity entity, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = CanonicalSchema.Of(entity).Fields.Count;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT key, field_values FROM ledger WHERE entity = @entity ORDER BY key");
        command.Text("@entity", NameOf(entity));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new CanonicalRecord(entity, reader.GetString(0), FieldValues.Decode(reader.GetString(1), count));
        }
    }

    public async Task<CanonicalRecord?> FindRecordAsync(CanonicalEntity entity, string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT field_values FROM ledger WHERE entity = @entity AND key = @key");
        command.Text("@entity", NameOf(entity));
        command.Text("@key", key);
        var values = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        return values is null ? null : new CanonicalRecord(entity, key, FieldValues.Decode(values, CanonicalSchema.Of(entity).Fields.Count));
    }

    public async Task<long> CountRecordsAsync(CanonicalEntity entity, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT COUNT(*) FROM ledger WHERE entity = @entity");
        command.Text("@entity", NameOf(entity));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task CommitAsync(LedgerBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var upsert in batch.Upserts)
        {
            if (upsert.Record.Entity != batch.Entity)
            {
                throw new ArgumentException($"A {NameOf(batch.Entity)} batch holds a {NameOf(upsert.Record.Entity)} record (key {upsert.Record.Key}).", nameof(batch));
            }
        }

        var now = Time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (batch.Upserts.Count > 0)
        {
            await WriteUpsertsAsync(connection, transaction, batch, now, cancellationToken).ConfigureAwait(false);
        }

        if (batch.SourceHashes.Count > 0 && LedgerKeepsSourceHashes)
        {
            await WriteSourceHashesAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        }

        // Superseded before this batch's letters are written: a row quarantined after its key landed (a duplicate) stays open.
        await SupersedeAsync(connection, transaction, batch, now, cancellationToken).ConfigureAwait(false);
        await WriteDeadLettersAsync(connection, transaction, batch.DeadLetters, now, cancellationToken).ConfigureAwait(false);
        await ResolveDeadLettersAsync(connection, transaction, batch, now, cancellationToken).ConfigureAwait(false);
        if (batch.WithdrawnSourceKey is { } withdrawn)
        {
            await WithdrawAsync(connection, transaction, batch.Entity, withdrawn, cancellationToken).ConfigureAwait(false);
        }

        await ResolveUnitLettersAsync(connection, transaction, batch, now, cancellationToken).ConfigureAwait(false);
        if (batch.Checkpoint is { } checkpoint)
        {
            await WriteCheckpointAsync(connection, transaction, checkpoint, now, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> ReadCheckpointAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT value FROM sync_checkpoint WHERE key = @key");
        command.Text("@key", key);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(string.Empty);
        var sql = new StringBuilder(DeadLetterColumns).Append(" WHERE 1 = 1");
        if (query.Entity is { } entity)
        {
            sql.Append(" AND entity = @entity");
            command.Text("@entity", NameOf(entity));
        }

        if (query.Status is { } status)
        {
            sql.Append(" AND status = @status");
            command.Text("@status", NameOf(status));
        }

        command.CommandText = sql.Append(" ORDER BY id LIMIT @limit").ToString();
        command.Int64("@limit", Math.Max(0, query.Limit));
        return await ReadDeadLettersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeadLetter?> FindDeadLetterAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(DeadLetterColumns + " WHERE id = @id");
        command.Int64("@id", id);
        var letters = await ReadDeadLettersAsync(command, cancellationToken).ConfigureAwait(false);
        return letters.Count == 0 ? null : letters[0];
    }

    public async Task<long> CountDeadLettersAsync(CanonicalEntity? entity, DeadLetterStatus status, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT COUNT(*) FROM dead_letter WHERE status = @status");
        command.Text("@status", NameOf(status));
        if (entity is { } e)
        {
            command.CommandText += " AND entity = @entity";
            command.Text("@entity", NameOf(e));
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<DeadLetterGroup>> GroupDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(string.Empty);
        var sql = new StringBuilder(
            "SELECT entity, status, field, reason, COUNT(*), MIN(id), MAX(id), MIN(source), MAX(source), MIN(line), MAX(line) FROM dead_letter WHERE 1 = 1");
        if (query.Entity is { } entity)
        {
            sql.Append(" AND entity = @entity");
            command.Text("@entity", NameOf(entity));
        }

        if (query.Status is { } status)
        {
            sql.Append(" AND status = @status");
            command.Text("@status", NameOf(status));
        }

        command.CommandText = sql.Append(" GROUP BY entity, status, field, reason ORDER BY MIN(id) LIMIT @limit").ToString();
        command.Int64("@limit", Math.Max(0, query.Limit));
        var groups = new List<DeadLetterGroup>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var schema = CanonicalSchema.Find(reader.GetString(0))
                ?? throw new InvalidDataException($"Dead letters name an unknown entity '{reader.GetString(0)}'.");
            groups.Add(new DeadLetterGroup(
                schema.Entity,
                reader.GetString(1) == Resolved ? DeadLetterStatus.Resolved : DeadLetterStatus.Open,
                NullableString(reader, 2),
                reader.GetString(3),
                Convert.ToInt64(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture),
                reader.GetString(7),
                reader.GetString(8),
                reader.IsDBNull(9) ? null : Convert.ToInt64(reader.GetValue(9), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(10) ? null : Convert.ToInt64(reader.GetValue(10), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return groups;
    }

    public async Task<HashSet<string>> ReadOpenLetterKeysAsync(CanonicalEntity entity, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT DISTINCT key FROM dead_letter WHERE entity = @entity AND status = '{Open}' AND key IS NOT NULL");
        command.Text("@entity", NameOf(entity));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public async Task<int> PurgeDeadLettersAsync(IReadOnlyList<long>? ids, CanonicalEntity? entity, DeadLetterStatus? status, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(string.Empty, transaction);
        var filter = new StringBuilder("DELETE FROM dead_letter WHERE 1 = 1");
        if (entity is { } e)
        {
            filter.Append(" AND entity = @entity");
            command.Text("@entity", NameOf(e));
        }

        if (status is { } s)
        {
            filter.Append(" AND status = @status");
            command.Text("@status", NameOf(s));
        }

        var purged = 0;
        if (ids is null || ids.Count == 0)
        {
            command.CommandText = filter.ToString();
            purged = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            command.CommandText = filter.Append(" AND id = @id").ToString();
            var id = command.Int64("@id");
            foreach (var value in ids.Distinct())
            {
                id.Value = value;
                purged += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return purged;
    }

    public async Task<IReadOnlyList<StoredAuditEvent>> ReadAuditAsync(string? subject, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(string.Empty);
        var sql = new StringBuilder("SELECT id, at, actor, action, subject, before, after, reason FROM audit_event");
        if (subject is not null)
        {
            sql.Append(" WHERE subject = @subject");
            command.Text("@subject", subject);
        }

        command.CommandText = sql.Append(" ORDER BY id DESC LIMIT @limit").ToString();
        command.Int64("@limit", Math.Max(0, limit));
        var events = new List<StoredAuditEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new StoredAuditEvent(
                reader.GetInt64(0),
                new AuditEvent(
                    reader.GetFieldValue<DateTimeOffset>(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    NullableString(reader, 5),
                    NullableString(reader, 6),
                    NullableString(reader, 7))));
        }

        return events;
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// Reads the rows (key, 16-byte hash) of <paramref name="sql"/>, whose one parameter is <c>@value</c>, into
    /// <paramref name="hashes"/>. The change detections read a million of them at a time: SQLite steps the statement by hand.
    /// </summary>
    private protected virtual async Task ReadKeyHashesAsync(DbConnection connection, DbTransaction? transaction, string sql, string value, Action<string, UInt128> add, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql, transaction);
        command.Text("@value", value);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[16];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = reader.GetString(0);
            reader.GetBytes(1, 0, buffer, 0, 16);
            add(key, HashBytes.Read(buffer));
        }
    }

    /// <summary><see cref="ReadKeyHashesAsync"/> with each key handed in place: SQLite decodes it into a reused buffer, no string per key.</summary>
    private protected virtual Task ReadKeyHashesInPlaceAsync(DbConnection connection, string sql, string value, LedgerKeyHash add, CancellationToken cancellationToken) =>
        ReadKeyHashesAsync(connection, null, sql, value, (key, hash) => add(key, hash), cancellationToken);

    /// <summary>
    /// The rows (key, 16-byte hash, 16-byte source hash or null) of <paramref name="sql"/>, whose one parameter is <c>@value</c>, handed
    /// to <paramref name="add"/>; SQLite hands each key in place.
    /// </summary>
    private protected virtual async Task ReadKeySourceHashesInPlaceAsync(DbConnection connection, string sql, string value, LedgerKeyHashes add, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql);
        command.Text("@value", value);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[16];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = reader.GetString(0);
            reader.GetBytes(1, 0, buffer, 0, 16);
            var hash = HashBytes.Read(buffer);
            UInt128? sourceHash = null;
            if (!reader.IsDBNull(2))
            {
                reader.GetBytes(2, 0, buffer, 0, 16);
                sourceHash = HashBytes.Read(buffer);
            }

            add(key, hash, sourceHash);
        }
    }

    private static async Task WriteCheckpointAsync(DbConnection connection, DbTransaction transaction, Checkpoint checkpoint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "INSERT INTO sync_checkpoint (key, value, updated_at) VALUES (@key, @value, @now) " +
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at", transaction);
        command.Text("@key", checkpoint.Key);
        command.Text("@value", checkpoint.Value);
        command.Time("@now", now);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected static string NameOf(CanonicalEntity entity) => CanonicalSchema.Of(entity).Name;

    private static string NameOf(DeadLetterStatus status) => status == DeadLetterStatus.Open ? Open : Resolved;

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private const string DeadLetterColumns =
        "SELECT id, entity, source, source_key, locator, line, key, field, reason, raw, status, attempts, created_at, updated_at FROM dead_letter";

    private static async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var entity = CanonicalSchema.Find(reader.GetString(1))
                ?? throw new InvalidDataException($"Dead letter {reader.GetInt64(0)} names an unknown entity '{reader.GetString(1)}'.");
            letters.Add(new DeadLetter(
                reader.GetInt64(0),
                entity.Entity,
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5),
                NullableString(reader, 6),
                NullableString(reader, 7),
                reader.GetString(8),
                RawRowJson.Read(reader.GetString(9)),
                reader.GetString(10) == Resolved ? DeadLetterStatus.Resolved : DeadLetterStatus.Open,
                reader.GetInt32(11),
                reader.GetFieldValue<DateTimeOffset>(12),
                reader.GetFieldValue<DateTimeOffset>(13)));
        }

        return letters;
    }

    private static async Task WriteDeadLettersAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<DeadLetterDraft> drafts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (drafts.Count == 0)
        {
            return;
        }

        // Quarantining the same row again (same entity, source key and locator) keeps one letter with the new reason.
        await using var command = connection.Command(
            "INSERT INTO dead_letter (entity, source, source_key, locator, line, key, field, reason, raw, status, attempts, created_at, updated_at) " +
            "VALUES (@entity, @source, @source_key, @locator, @line, @key, @field, @reason, @raw, 'open', 0, @now, @now) " +
            "ON CONFLICT (entity, source_key, locator) DO UPDATE SET source = excluded.source, line = excluded.line, key = excluded.key, " +
            "field = excluded.field, reason = excluded.reason, raw = excluded.raw, status = 'open', updated_at = excluded.updated_at", transaction);
        var entity = command.Text("@entity");
        var source = command.Text("@source");
        var sourceKey = command.Text("@source_key");
        var locator = command.Text("@locator");
        var line = command.Int64("@line");
        var key = command.Text("@key");
        var field = command.Text("@field");
        var reason = command.Text("@reason");
        var raw = command.Text("@raw");
        command.Time("@now", now);
        foreach (var draft in drafts)
        {
            entity.Value = NameOf(draft.Entity);
            source.Set(draft.Source);
            sourceKey.Set(draft.SourceKey);
            locator.Set(draft.Locator);
            line.Set(draft.Line);
            key.Set(draft.Key);
            field.Set(draft.Field);
            reason.Set(draft.Reason);
            raw.Value = RawRowJson.Write(draft.Raw);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ResolveDeadLettersAsync(DbConnection connection, DbTransaction transaction, LedgerBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (batch.ResolvedDeadLetters.Count > 0)
        {
            await using var resolve = connection.Command(
                $"UPDATE dead_letter SET status = '{Resolved}', attempts = attempts + 1, updated_at = @now WHERE id = @id", transaction);
            var id = resolve.Int64("@id");
            resolve.Time("@now", now);
            foreach (var letter in batch.ResolvedDeadLetters)
            {
                id.Value = letter;
                await ExpectOneAsync(resolve, letter, cancellationToken).ConfigureAwait(false);
            }
        }

        if (batch.RetryFailures.Count > 0)
        {
            await using var fail = connection.Command(
                "UPDATE dead_letter SET attempts = attempts + 1, field = @field, reason = @reason, updated_at = @now WHERE id = @id", transaction);
            var id = fail.Int64("@id");
            var field = fail.Text("@field");
            var reason = fail.Text("@reason");
            fail.Time("@now", now);
            foreach (var failure in batch.RetryFailures)
            {
                id.Value = failure.Id;
                field.Set(failure.Field);
                reason.Set(failure.Reason);
                await ExpectOneAsync(fail, failure.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The open letters and the checkpoint of a unit whose content changed while it was read: that content is gone.</summary>
    private static async Task WithdrawAsync(DbConnection connection, DbTransaction transaction, CanonicalEntity entity, string sourceKey, CancellationToken cancellationToken)
    {
        await using (var letters = connection.Command($"DELETE FROM dead_letter WHERE entity = @entity AND source_key = @source_key AND status = '{Open}'", transaction))
        {
            letters.Text("@entity", NameOf(entity));
            letters.Text("@source_key", sourceKey);
            await letters.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var checkpoint = connection.Command("DELETE FROM sync_checkpoint WHERE key = @key", transaction);
        checkpoint.Text("@key", sourceKey);
        await checkpoint.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves the open whole-unit letters of units now read in full, one audit event each.</summary>
    private async Task ResolveUnitLettersAsync(DbConnection connection, DbTransaction transaction, LedgerBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (batch.ResolvedUnitLetters.Count == 0)
        {
            return;
        }

        await using var command = connection.Command(
            $"UPDATE dead_letter SET status = '{Resolved}', updated_at = @now WHERE entity = @entity AND locator = 'file' AND source_key = @source_key AND status = '{Open}' RETURNING id",
            transaction);
        command.Time("@now", now);
        command.Text("@entity", NameOf(batch.Entity));
        var sourceKey = command.Text("@source_key");
        var audit = new List<AuditEvent>();
        foreach (var key in batch.ResolvedUnitLetters)
        {
            sourceKey.Value = key;
            foreach (var id in await ReturnedIdsAsync(command, cancellationToken).ConfigureAwait(false))
            {
                audit.Add(new AuditEvent(now, IngestActor, "deadletter.resolved", LetterSubject(id), Open, Resolved, $"read in full from {batch.Source}"));
            }
        }

        await AppendAuditAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resolves the open letters (of other units) that recorded a key which has now landed, the reason saying by what,
    /// one audit event each: the corrected row arrived in a later export, so retrying the old one would only fail again.
    /// </summary>
    private async Task SupersedeAsync(DbConnection connection, DbTransaction transaction, LedgerBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (batch.Supersessions.Count == 0)
        {
            return;
        }

        // '' is never a source key: "except no unit".
        await using var command = connection.Command(
            $"UPDATE dead_letter SET status = '{Resolved}', reason = reason || @suffix, updated_at = @now " +
            $"WHERE entity = @entity AND key = @key AND status = '{Open}' AND source_key <> @except RETURNING id",
            transaction);
        command.Time("@now", now);
        command.Text("@entity", NameOf(batch.Entity));
        var suffix = command.Text("@suffix");
        var key = command.Text("@key");
        var except = command.Text("@except");
        var audit = new List<AuditEvent>();
        foreach (var supersession in batch.Supersessions)
        {
            suffix.Value = "; superseded by " + supersession.By;
            key.Value = supersession.Key;
            except.Value = supersession.ExceptSourceKey ?? string.Empty;
            foreach (var id in await ReturnedIdsAsync(command, cancellationToken).ConfigureAwait(false))
            {
                audit.Add(new AuditEvent(now, IngestActor, "deadletter.superseded", LetterSubject(id), Open, Resolved, "superseded by " + supersession.By));
            }
        }

        await AppendAuditAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<long>> ReturnedIdsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return ids;
    }

    private static string LetterSubject(long id) => "deadletter:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task ExpectOneAsync(DbCommand command, long id, CancellationToken cancellationToken)
    {
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            // The letter was purged while the retry ran: fail the batch rather than land rows for a letter that is gone.
            throw new InvalidOperationException($"Dead letter {id} does not exist any more (purged during the retry?); nothing of this batch was stored.");
        }
    }
}
