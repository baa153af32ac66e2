using System.Data.Common;
using Connector.Store.Relational;
using Connector.Sync.Ports;
using Microsoft.Data.Sqlite;

namespace Connector.Store.Sqlite;

/// <summary>
/// The store in one SQLite file (the default: <c>data/connector.db</c>). WAL journal so readers never wait for the
/// writer, <c>synchronous=NORMAL</c> (durable at checkpoints, never corrupt), and a reused prepared statement per
/// batch for the ledger write.
/// </summary>
public sealed class SqliteConnectorStore : RelationalConnectorStore
{
    // Per connection: WAL makes NORMAL safe; 64 MB of page cache keeps a large batch's b-tree pages in memory.
    private const string SessionPragmas = "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;";

    private const string UpsertSql =
        "INSERT INTO ledger (entity, key, row_hash, field_values, source, updated_at) VALUES (@entity, @key, @hash, @values, @source, @now) " +
        "ON CONFLICT (entity, key) DO UPDATE SET row_hash = excluded.row_hash, field_values = excluded.field_values, " +
        "source = excluded.source, updated_at = excluded.updated_at WHERE ledger.row_hash <> excluded.row_hash";

    private readonly string connectionString;
    private bool journalSet;

    public SqliteConnectorStore(string connectionString, TimeProvider time)
        : base(time, "sqlite")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        this.connectionString = builder.ConnectionString;
        Description = "sqlite " + builder.DataSource;
    }

    public override string Description { get; }

    private protected override string MigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

    private protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = journalSet ? SessionPragmas : "PRAGMA journal_mode = WAL; " + SessionPragmas;
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

    private protected override Task WriteUpsertsAsync(DbConnection connection, DbTransaction transaction, LedgerBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Synchronous on purpose: SQLite has no asynchronous I/O, and the async wrappers cost more than the insert.
        using var command = (SqliteCommand)connection.Command(UpsertSql, transaction);
        command.Text("@entity", NameOf(batch.Entity));
        var key = command.Text("@key");
        var hash = command.Bytes("@hash");
        var values = command.Text("@values");
        command.Text("@source", batch.Source);
        command.Time("@now", now);
        command.Prepare();
        var upserts = batch.Upserts;
        for (var i = 0; i < upserts.Count; i++)
        {
            if ((i & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var upsert = upserts[i];
            key.Value = upsert.Record.Key;
            hash.Value = HashBytes.ToBytes(upsert.Hash);
            values.Value = FieldValues.Encode(upsert.Record.Values);
            command.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open: release them so the file can be moved or deleted.
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
