using System.Data.Common;
using Connector.Store.Relational;
using Connector.Sync.Ports;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Store.Postgres;

/// <summary>
/// The store on PostgreSQL, for several connector instances sharing one database. The ledger write streams a batch of new keys
/// straight in with binary <c>COPY</c>, otherwise into a temporary table upserted with one <c>INSERT … SELECT … ON CONFLICT</c>;
/// migrations hold an advisory lock, so instances starting together migrate once.
/// </summary>
public sealed partial class PostgresConnectorStore : RelationalConnectorStore
{
    // Any fixed number: the advisory lock key all instances of the connector agree on ('conn' 'migr' as ASCII).
    private const long MigrationLock = 0x636F6E6E_6D696772;

    /// <summary>The advisory lock serializing audit appends ("connaudt").</summary>
    private const long AuditLock = 0x636F6E6E_61756474;

    private const string StageSql =
        "CREATE TEMPORARY TABLE ledger_stage (seq integer NOT NULL, key text COLLATE \"C\" NOT NULL, row_hash bytea NOT NULL, field_values text NOT NULL, source_line bigint, source_hash bytea) ON COMMIT DROP";

    private static readonly System.Text.CompositeFormat UpsertFormat = System.Text.CompositeFormat.Parse(UpsertSql);

    // A store left at an older release's schema (tests of the upgrades) writes the ledger as that release did, through the stage.
    private static readonly System.Text.CompositeFormat UpsertFormatBeforeSources = System.Text.CompositeFormat.Parse(
        "INSERT INTO ledger (entity, key, row_hash, field_values, source, updated_at) " +
        "SELECT @entity, key, row_hash, field_values, @source, @now FROM {0} " +
        "ON CONFLICT (entity, key) DO UPDATE SET row_hash = excluded.row_hash, field_values = excluded.field_values, " +
        "source = excluded.source, updated_at = excluded.updated_at WHERE ledger.row_hash <> excluded.row_hash");

    private static readonly System.Text.CompositeFormat UpsertFormatBeforeSourceHashes = System.Text.CompositeFormat.Parse(
        "INSERT INTO ledger (entity, key, row_hash, field_values, source, updated_at, source_id, source_line) " +
        "SELECT @entity, key, row_hash, field_values, @source, @now, @source_id, source_line FROM {0} " +
        "ON CONFLICT (entity, key) DO UPDATE SET row_hash = excluded.row_hash, field_values = excluded.field_values, " +
        "source = excluded.source, updated_at = excluded.updated_at, source_id = excluded.source_id, source_line = excluded.source_line " +
        "WHERE ledger.row_hash <> excluded.row_hash");

    private const string UpsertSql =
        "INSERT INTO ledger (entity, key, row_hash, field_values, source, updated_at, source_id, source_line, source_hash) " +
        "SELECT @entity, key, row_hash, field_values, @source, @now, @source_id, source_line, source_hash FROM {0} " +
        "ON CONFLICT (entity, key) DO UPDATE SET row_hash = excluded.row_hash, field_values = excluded.field_values, " +
        "source = excluded.source, updated_at = excluded.updated_at, source_id = excluded.source_id, source_line = excluded.source_line, " +
        "source_hash = excluded.source_hash WHERE ledger.row_hash <> excluded.row_hash";

    // When a batch holds a key twice, the last row wins (as on SQLite, which applies the rows in order).
    private const string LastPerKey = "(SELECT DISTINCT ON (key) key, row_hash, field_values, source_line, source_hash FROM ledger_stage ORDER BY key, seq DESC) AS last_per_key";

    // Unchanged rows' source hashes (decision 139), by key: one statement per batch.
    private const string SourceHashSql =
        "UPDATE ledger SET source_hash = s.source_hash FROM unnest(@keys, @rows, @hashes) AS s(key, row_hash, source_hash) " +
        "WHERE ledger.entity = @entity AND ledger.key = s.key AND ledger.row_hash = s.row_hash";

    // Dropped at commit: an enqueue runs at most once per transaction.
    private const string OutboxStageSql =
        "CREATE TEMPORARY TABLE outbox_stage (seq integer NOT NULL, target text COLLATE \"C\" NOT NULL, key text COLLATE \"C\" NOT NULL, " +
        "payload text NOT NULL, payload_hash bytea NOT NULL) ON COMMIT DROP";

    private readonly NpgsqlDataSource dataSource;

    public PostgresConnectorStore(string connectionString, TimeProvider time)
        : base(time, "postgresql")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"postgresql {builder.Host}:{builder.Port}/{builder.Database} as {builder.Username}";
        dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string Description { get; }

    /// <summary>
    /// Whether a batch of only new keys also goes through the staging table and one <c>INSERT … ON CONFLICT</c> (decision 140)
    /// instead of binary <c>COPY</c> straight into the ledger; the benchmark measures both in one run.
    /// </summary>
    internal bool FirstLoadThroughStage { get; set; }

    private protected override string MigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";

    private protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    private protected override async Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // Released at commit or rollback; a second instance waits here, then finds the migrations applied.
        await using var command = connection.Command("SELECT pg_advisory_xact_lock(@lock)", transaction);
        command.Int64("@lock", MigrationLock);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override async Task LockAuditAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // Held to commit: a second instance appends after this one's events are visible, so the chain never forks.
        await using var command = connection.Command("SELECT pg_advisory_xact_lock(@lock)", transaction);
        command.Int64("@lock", AuditLock);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override async Task WriteUpsertsAsync(DbConnection connection, DbTransaction transaction, LedgerBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var npgsqlTransaction = (NpgsqlTransaction)transaction;

        // A first load (every key new) streams straight into the ledger; should a key exist after all (another
        // instance, a key twice in the batch), roll back to the savepoint and take the upsert path. When the caller
        // already found every key new (its view of the ledger), it is not asked again: a million index probes less.
        if (LedgerKeepsSources && !FirstLoadThroughStage && (batch.KeysNew || !await AnyKeyStoredAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false)))
        {
            await npgsqlTransaction.SaveAsync("direct", cancellationToken).ConfigureAwait(false);
            try
            {
                await CopyAsync(
                    npgsql,
                    LedgerKeepsSourceHashes
                        ? "COPY ledger (key, row_hash, field_values, source_line, source_hash, entity, source, updated_at, source_id) FROM STDIN (FORMAT BINARY)"
                        : "COPY ledger (key, row_hash, field_values, source_line, entity, source, updated_at, source_id) FROM STDIN (FORMAT BINARY)",
                    batch,
                    now,
                    LedgerKeepsSourceHashes,
                    cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await npgsqlTransaction.RollbackAsync("direct", cancellationToken).ConfigureAwait(false);
            }
        }

        await using (var stage = connection.Command(StageSql, transaction))
        {
            await stage.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await CopyAsync(npgsql, "COPY ledger_stage (key, row_hash, field_values, source_line, source_hash, seq) FROM STDIN (FORMAT BINARY)", batch, null, true, cancellationToken).ConfigureAwait(false);

        // Keys are unique in almost every batch: upsert straight from the stage, and only when PostgreSQL reports a
        // key twice ("cannot affect row a second time") roll back to the savepoint and keep the last row per key.
        await npgsqlTransaction.SaveAsync("stage", cancellationToken).ConfigureAwait(false);
        try
        {
            await UpsertFromAsync(connection, transaction, "ledger_stage", batch, now, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CardinalityViolation)
        {
            await npgsqlTransaction.RollbackAsync("stage", cancellationToken).ConfigureAwait(false);
            await UpsertFromAsync(connection, transaction, LastPerKey, batch, now, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> AnyKeyStoredAsync(DbConnection connection, DbTransaction transaction, LedgerBatch batch, CancellationToken cancellationToken)
    {
        await using var command = (NpgsqlCommand)connection.Command("SELECT EXISTS (SELECT 1 FROM ledger WHERE entity = @entity AND key = ANY(@keys))", transaction);
        command.Text("@entity", NameOf(batch.Entity));
        var keys = new string[batch.Upserts.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = batch.Upserts[i].Record.Key;
        }

        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = keys });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Streams the batch with binary COPY: key, hash, values, line, the source hash (when <paramref name="sourceHashes"/>), then either
    /// the row's position (stage) or entity, source, time and import (ledger).
    /// </summary>
    private static async Task CopyAsync(NpgsqlConnection connection, string copy, LedgerBatch batch, DateTimeOffset? now, bool sourceHashes, CancellationToken cancellationToken)
    {
        var entity = NameOf(batch.Entity);
        var hash = new byte[16];
        var sourceHash = new byte[16];
        await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken).ConfigureAwait(false);
        var upserts = batch.Upserts;
        for (var i = 0; i < upserts.Count; i++)
        {
            var upsert = upserts[i];
            HashBytes.Write(upsert.Hash, hash);
            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(upsert.Record.Key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(hash, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(FieldValues.Encode(upsert.Record.Values), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            if (upsert.Line > 0)
            {
                await writer.WriteAsync(upsert.Line, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }

            if (sourceHashes)
            {
                if (upsert.SourceHash is { } made)
                {
                    HashBytes.Write(made, sourceHash);
                    await writer.WriteAsync(sourceHash, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (now is { } time)
            {
                await writer.WriteAsync(entity, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                if (batch.Source is null)
                {
                    await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await writer.WriteAsync(batch.Source, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }

                await writer.WriteAsync(time, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                if (batch.SourceId is { } sourceId)
                {
                    await writer.WriteAsync(sourceId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await writer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task UpsertFromAsync(DbConnection connection, DbTransaction transaction, string from, LedgerBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sources = LedgerKeepsSources;
        var format = !sources ? UpsertFormatBeforeSources : LedgerKeepsSourceHashes ? UpsertFormat : UpsertFormatBeforeSourceHashes;
        await using var upsert = connection.Command(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, from), transaction);
        upsert.Text("@entity", NameOf(batch.Entity));
        upsert.Text("@source", batch.Source);
        if (sources)
        {
            upsert.Int64("@source_id", batch.SourceId);
        }

        upsert.Time("@now", now);
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override async Task WriteSourceHashesAsync(DbConnection connection, DbTransaction transaction, LedgerBatch batch, CancellationToken cancellationToken)
    {
        var keys = new string[batch.SourceHashes.Count];
        var rows = new byte[keys.Length][];
        var hashes = new byte[keys.Length][];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = batch.SourceHashes[i].Key;
            rows[i] = HashBytes.ToBytes(batch.SourceHashes[i].RowHash);
            hashes[i] = HashBytes.ToBytes(batch.SourceHashes[i].SourceHash);
        }

        await using var command = (NpgsqlCommand)connection.Command(SourceHashSql, transaction);
        command.Text("@entity", NameOf(batch.Entity));
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = keys });
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("rows", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = rows });
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = hashes });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override async Task WriteOutboxAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(string Target, string Key)> drops, IReadOnlyList<OutboxItem> inserts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One statement per target for the deletes, one COPY and one INSERT … SELECT for the inserts (in their order, so ids follow it).
        foreach (var group in drops.GroupBy(d => d.Target, StringComparer.Ordinal))
        {
            await using var drop = (NpgsqlCommand)connection.Command("DELETE FROM outbox WHERE target = @target AND key = ANY(@keys)", transaction);
            drop.Text("@target", group.Key);
            drop.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. group.Select(d => d.Key)] });
            await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (inserts.Count == 0)
        {
            return;
        }

        await using (var stage = connection.Command(OutboxStageSql, transaction))
        {
            await stage.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var hash = new byte[16];
        await using (var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync("COPY outbox_stage (seq, target, key, payload, payload_hash) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < inserts.Count; i++)
            {
                var item = inserts[i];
                HashBytes.Write(item.PayloadHash, hash);
                await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(item.Target, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(item.Key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(item.Payload, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(hash, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var insert = connection.Command(
            "INSERT INTO outbox (target, key, payload, payload_hash, attempts, created_at, updated_at) " +
            "SELECT target, key, payload, payload_hash, 0, @now, @now FROM outbox_stage ORDER BY seq ON CONFLICT (target, key) DO NOTHING", transaction);
        insert.Time("@now", now);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override async Task NotifyCreditSnapshotAsync(DbConnection connection, DbTransaction transaction, long version, CancellationToken cancellationToken)
    {
        // Delivered at commit, to every connection listening, never for a rolled-back version.
        await using var command = connection.Command("SELECT pg_notify(@channel, @version)", transaction);
        command.Text("@channel", PostgresCreditSnapshotListener.Channel);
        command.Text("@version", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task<IAsyncDisposable?> ListenForCreditSnapshotsAsync(Action<long> published, CancellationToken cancellationToken) =>
        await PostgresCreditSnapshotListener.StartAsync(dataSource, published, Time, cancellationToken).ConfigureAwait(false);

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
