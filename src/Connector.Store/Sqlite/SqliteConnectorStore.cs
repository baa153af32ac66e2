using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Connector.Mapping.Canonical;
using Connector.Store.Relational;
using Connector.Sync.Ports;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Connector.Store.Sqlite;

/// <summary>
/// The store in one SQLite file (the default: <c>data/connector.db</c>). WAL journal so readers never wait for the
/// writer, <c>synchronous=NORMAL</c> (durable at checkpoints, never corrupt), and a reused prepared statement per
/// batch for the ledger write.
/// </summary>
public sealed partial class SqliteConnectorStore : RelationalConnectorStore
{
    // Per connection: WAL makes NORMAL safe; 64 MB of page cache keeps a large batch's b-tree pages in memory. A writer
    // that finds the write lock taken waits in SQLite's own busy handler (1, 2, 5 … ms steps, up to the connection string's
    // Default Timeout, 30 s unless set) instead of Microsoft.Data.Sqlite's retry loop, which sleeps 150 ms between attempts
    // (dotnet/efcore#36658): with many concurrent one-row commits (the task writer's) those sleeps cost more than the work.
    private const string SessionPragmas = "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536; PRAGMA busy_timeout = ";

    // The source hash is written with the record (decision 139); an unchanged record's is written on its own (SourceHashSql).
    private const string UpsertSql =
        "INSERT INTO ledger (entity, key, row_hash, field_values, source, updated_at, source_id, source_line, source_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) " +
        "ON CONFLICT (entity, key) DO UPDATE SET row_hash = excluded.row_hash, field_values = excluded.field_values, " +
        "source = excluded.source, updated_at = excluded.updated_at, source_id = excluded.source_id, source_line = excluded.source_line, " +
        "source_hash = excluded.source_hash WHERE ledger.row_hash <> excluded.row_hash";

    private const string SourceHashSql = "UPDATE ledger SET source_hash = ?3 WHERE entity = ?1 AND key = ?2 AND row_hash = ?4";

    // A store left at migration 0017–0019 (tests of the upgrades): no source hash.
    private const string UpsertSqlBeforeSourceHashes =
        "INSERT INTO ledger (entity, key, row_hash, field_values, source, updated_at, source_id, source_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) " +
        "ON CONFLICT (entity, key) DO UPDATE SET row_hash = excluded.row_hash, field_values = excluded.field_values, " +
        "source = excluded.source, updated_at = excluded.updated_at, source_id = excluded.source_id, source_line = excluded.source_line " +
        "WHERE ledger.row_hash <> excluded.row_hash";

    // A store left at an older release's schema (tests of the upgrades) writes the ledger as that release did.
    private const string UpsertSqlBeforeSources =
        "INSERT INTO ledger (entity, key, row_hash, field_values, source, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) " +
        "ON CONFLICT (entity, key) DO UPDATE SET row_hash = excluded.row_hash, field_values = excluded.field_values, " +
        "source = excluded.source, updated_at = excluded.updated_at WHERE ledger.row_hash <> excluded.row_hash";

    // Set before the file is created (ignored afterwards): large pages make bulk inserts and full scans of the
    // ledger markedly cheaper; the small tables do not notice.
    private const string NewFilePragmas = "PRAGMA page_size = 65536; PRAGMA journal_mode = WAL; ";

    private readonly string connectionString;
    private readonly string sessionPragmas;
    private bool journalSet;

    public SqliteConnectorStore(string connectionString, TimeProvider time)
        : base(time, "sqlite")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        this.connectionString = builder.ConnectionString;
        Description = "sqlite " + builder.DataSource;
        LockTimeout = TimeSpan.FromSeconds(builder.DefaultTimeout);
        sessionPragmas = SessionPragmas + ((long)LockTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + ";";
    }

    public override string Description { get; }

    /// <summary>How long a write waits for another program's write lock before it fails (the connection string's <c>Default Timeout</c>).</summary>
    public TimeSpan LockTimeout { get; }

    private protected override string MigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

    private protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = journalSet ? sessionPragmas : NewFilePragmas + sessionPragmas;
            command.ExecuteNonQuery();
            journalSet = true;
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default) takes the write lock at once, so two instances migrate one after the other.
    private protected override Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every transaction here begins IMMEDIATE: it holds the write lock, so appends are already serialized.</summary>
    private protected override Task LockAuditAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    private protected override Task WriteUpsertsAsync(DbConnection connection, DbTransaction transaction, LedgerBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The hot path (a million rows per ingest): one statement prepared per batch, bound by index with UTF-8
        // bytes straight from a reused buffer, stepped and reset per row. Synchronous on purpose: SQLite has no
        // asynchronous I/O, and ADO.NET's per-call parameter lookup costs more than the insert itself.
        var db = ((SqliteConnection)connection).Handle!;
        var sources = LedgerKeepsSources;
        var sourceHashes = sources && LedgerKeepsSourceHashes;
        Check(raw.sqlite3_prepare_v2(db, sourceHashes ? UpsertSql : sources ? UpsertSqlBeforeSourceHashes : UpsertSqlBeforeSources, out var statement), db);
        using (statement)
        {
            Check(raw.sqlite3_bind_text(statement, 1, NameOf(batch.Entity)), db);
            Check(batch.Source is null ? raw.sqlite3_bind_null(statement, 5) : raw.sqlite3_bind_text(statement, 5, batch.Source), db);
            Check(raw.sqlite3_bind_text(statement, 6, SqliteTime.Format(now)), db);
            if (sources)
            {
                Check(batch.SourceId is { } sourceId ? raw.sqlite3_bind_int64(statement, 7, sourceId) : raw.sqlite3_bind_null(statement, 7), db);
            }

            Span<byte> hash = stackalloc byte[16];
            Span<byte> sourceHash = stackalloc byte[16];
            var buffer = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                var upserts = batch.Upserts;
                for (var i = 0; i < upserts.Count; i++)
                {
                    if ((i & 0x3FF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    var upsert = upserts[i];
                    var key = upsert.Record.Key;
                    if (Encoding.UTF8.GetMaxByteCount(key.Length) > buffer.Length)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(key.Length));
                    }

                    var keyLength = Encoding.UTF8.GetBytes(key, buffer);
                    var valuesLength = FieldValues.EncodeUtf8(upsert.Record.Values, ref buffer, keyLength);
                    HashBytes.Write(upsert.Hash, hash);
                    Check(raw.sqlite3_bind_text(statement, 2, buffer.AsSpan(0, keyLength)), db);
                    Check(raw.sqlite3_bind_blob(statement, 3, hash), db);
                    Check(raw.sqlite3_bind_text(statement, 4, buffer.AsSpan(keyLength, valuesLength)), db);
                    if (sources)
                    {
                        Check(upsert.Line > 0 ? raw.sqlite3_bind_int64(statement, 8, upsert.Line) : raw.sqlite3_bind_null(statement, 8), db);
                    }

                    if (sourceHashes)
                    {
                        if (upsert.SourceHash is { } made)
                        {
                            HashBytes.Write(made, sourceHash);
                            Check(raw.sqlite3_bind_blob(statement, 9, sourceHash), db);
                        }
                        else
                        {
                            Check(raw.sqlite3_bind_null(statement, 9), db);
                        }
                    }

                    var result = raw.sqlite3_step(statement);
                    if (result != raw.SQLITE_DONE)
                    {
                        Check(result, db);
                    }

                    Check(raw.sqlite3_reset(statement), db);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return Task.CompletedTask;
    }

    private protected override Task WriteSourceHashesAsync(DbConnection connection, DbTransaction transaction, LedgerBatch batch, CancellationToken cancellationToken)
    {
        // Unchanged rows stored before migration 0020 (or under another mapping file): only their source hash, by key.
        var db = ((SqliteConnection)connection).Handle!;
        Check(raw.sqlite3_prepare_v2(db, SourceHashSql, out var statement), db);
        using (statement)
        {
            Check(raw.sqlite3_bind_text(statement, 1, NameOf(batch.Entity)), db);
            Span<byte> hash = stackalloc byte[16];
            Span<byte> row = stackalloc byte[16];
            for (var i = 0; i < batch.SourceHashes.Count; i++)
            {
                if ((i & 0x3FF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var (key, rowHash, sourceHash) = batch.SourceHashes[i];
                HashBytes.Write(sourceHash, hash);
                HashBytes.Write(rowHash, row);
                Check(raw.sqlite3_bind_text(statement, 2, key), db);
                Check(raw.sqlite3_bind_blob(statement, 3, hash), db);
                Check(raw.sqlite3_bind_blob(statement, 4, row), db);
                var result = raw.sqlite3_step(statement);
                if (result != raw.SQLITE_DONE)
                {
                    Check(result, db);
                }

                Check(raw.sqlite3_reset(statement), db);
            }
        }

        return Task.CompletedTask;
    }

    private protected override Task ReadKeySourceHashesInPlaceAsync(DbConnection connection, string sql, string value, LedgerKeyHashes add, CancellationToken cancellationToken)
    {
        StepKeyHashes(connection, sql, value, add, cancellationToken);
        return Task.CompletedTask;
    }

    private protected override Task ReadKeyHashesInPlaceAsync(DbConnection connection, string sql, string value, LedgerKeyHash add, CancellationToken cancellationToken)
    {
        StepKeyHashes(connection, sql, value, (key, hash, _) => add(key, hash), cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Steps <paramref name="sql"/> (key, row hash[, source hash]) by hand. Ingest's key table copies each key into its own
    /// arena: decoded into one reused buffer, no string per key (a million strings read at the start of a re-ingest all survive
    /// into gen 2, and copying them there cost more than the read). A query without the third column hands no source hash.
    /// </summary>
    private static void StepKeyHashes(DbConnection connection, string sql, string value, LedgerKeyHashes add, CancellationToken cancellationToken)
    {
        var db = ((SqliteConnection)connection).Handle!;
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        var chars = ArrayPool<char>.Shared.Rent(256);
        try
        {
            using (statement)
            {
                var withSource = raw.sqlite3_column_count(statement) > 2;
                Check(raw.sqlite3_bind_text(statement, 1, value), db);
                int result;
                var rows = 0;
                while ((result = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                    if ((++rows & 0xFFFF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    var bytes = raw.sqlite3_column_blob(statement, 0);
                    if (bytes.Length > chars.Length)
                    {
                        ArrayPool<char>.Shared.Return(chars);
                        chars = ArrayPool<char>.Shared.Rent(bytes.Length);
                    }

                    var length = Encoding.UTF8.GetChars(bytes, chars);
                    var sourceHash = withSource ? raw.sqlite3_column_blob(statement, 2) : default;
                    add(chars.AsSpan(0, length), HashBytes.Read(raw.sqlite3_column_blob(statement, 1)), sourceHash.Length == 16 ? HashBytes.Read(sourceHash) : null);
                }

                if (result != raw.SQLITE_DONE)
                {
                    Check(result, db);
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private protected override Task ReadKeyHashesAsync(DbConnection connection, DbTransaction? transaction, string sql, string value, Action<string, UInt128> add, CancellationToken cancellationToken)
    {
        // Change detection reads every key and hash of an entity or target (a million of them): straight from the
        // statement, without a data reader's per-value boxing. Synchronous, as SQLite is; the transaction, if any,
        // is the connection's own.
        var db = ((SqliteConnection)connection).Handle!;
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            Check(raw.sqlite3_bind_text(statement, 1, value), db);
            int result;
            var rows = 0;
            while ((result = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if ((++rows & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var key = Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, 0));
                add(key, HashBytes.Read(raw.sqlite3_column_blob(statement, 1)));
            }

            if (result != raw.SQLITE_DONE)
            {
                Check(result, db);
            }
        }

        return Task.CompletedTask;
    }

    // Text (upper-case, as Microsoft.Data.Sqlite and EF Core write a Guid as TEXT) rather than the default 16-byte blob: readable with sqlite3.
    private protected override DbParameter GuidParameter(DbCommand command, string name)
    {
        var parameter = (SqliteParameter)command.Add(name, DbType.Guid);
        parameter.SqliteType = SqliteType.Text;
        return parameter;
    }

    // The decimal's own invariant text, scale included ("1234.50"), as the ledger keeps money: exact, where a NUMERIC
    // column would go through a double and Microsoft.Data.Sqlite's own decimal format drops the trailing zeros.
    private protected override object AmountValue(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    // Microsoft.Data.Sqlite finds each parameter by name in a list: a multi-row insert costs the square of its parameters.
    private protected override int DailyRowsPerInsert => 1;

    private static int Check(int result, sqlite3 db)
    {
        SqliteException.ThrowExceptionForRC(result, db);
        return result;
    }

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open: release them so the file can be moved or deleted.
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
