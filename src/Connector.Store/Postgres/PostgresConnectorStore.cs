using System.Data.Common;
using Connector.Store.Relational;
using Connector.Sync.Ports;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Store.Postgres;

/// <summary>
/// The store on PostgreSQL, for several connector instances sharing one database. The ledger write streams the batch
/// with binary <c>COPY</c> into a temporary table and upserts it with one <c>INSERT … SELECT … ON CONFLICT</c>;
/// migrations hold an advisory lock, so instances starting together migrate once.
/// </summary>
public sealed class PostgresConnectorStore : RelationalConnectorStore
{
    // Any fixed number: the advisory lock key all instances of the connector agree on ('conn' 'migr' as ASCII).
    private const long MigrationLock = 0x636F6E6E_6D696772;

    private const string StageSql =
        "CREATE TEMPORARY TABLE ledger_stage (seq integer NOT NULL, key text COLLATE \"C\" NOT NULL, row_hash bytea NOT NULL, field_values text NOT NULL) ON COMMIT DROP";

    private const string UpsertSql =
        "INSERT INTO ledger (entity, key, row_hash, field_values, source, updated_at) " +
        "SELECT @entity, key, row_hash, field_values, @source, @now FROM {0} " +
        "ON CONFLICT (entity, key) DO UPDATE SET row_hash = excluded.row_hash, field_values = excluded.field_values, " +
        "source = excluded.source, updated_at = excluded.updated_at WHERE ledger.row_hash <> excluded.row_hash";

    // When a batch holds a key twice, the last row wins (as on SQLite, which applies the rows in order).
    private const string LastPerKey = "(SELECT DISTINCT ON (key) key, row_hash, field_values FROM ledger_stage ORDER BY key, seq DESC) AS last_per_key";

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

    private protected override async Task WriteUpsertsAsync(DbConnection connection, DbTransaction transaction, LedgerBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        await using (var stage = connection.Command(StageSql, transaction))
        {
            await stage.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var hash = new byte[16];
        await using (var copy = await npgsql.BeginBinaryImportAsync("COPY ledger_stage (seq, key, row_hash, field_values) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            var upserts = batch.Upserts;
            for (var i = 0; i < upserts.Count; i++)
            {
                var upsert = upserts[i];
                HashBytes.Write(upsert.Hash, hash);
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(upsert.Record.Key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(hash, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(FieldValues.Encode(upsert.Record.Values), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        // Keys are unique in almost every batch: upsert straight from the stage, and only when PostgreSQL reports a
        // key twice ("cannot affect row a second time") roll back to the savepoint and keep the last row per key.
        var npgsqlTransaction = (NpgsqlTransaction)transaction;
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

    private static async Task UpsertFromAsync(DbConnection connection, DbTransaction transaction, string from, LedgerBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var upsert = connection.Command(string.Format(System.Globalization.CultureInfo.InvariantCulture, UpsertSql, from), transaction);
        upsert.Text("@entity", NameOf(batch.Entity));
        upsert.Text("@source", batch.Source);
        upsert.Time("@now", now);
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
