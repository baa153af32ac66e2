using System.Data.Common;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>
/// The numbered credit snapshot versions instances publish to each other (<see cref="ICreditSnapshotVersions"/>): one
/// insert, the pruning of the old ones and, on PostgreSQL, the notification — all in one transaction, so a listener never
/// hears of a version it cannot read yet.
/// </summary>
public abstract partial class RelationalConnectorStore
{
    private const string VersionColumns = "version, COALESCE(based_on, version), evaluated_at, published_at, instance";

    public async Task<long> AddCreditSnapshotVersionAsync(NewCreditSnapshotVersion version, int keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        if ((version.Figures is null) == (version.BasedOn is null))
        {
            throw new ArgumentException("A version carries either the figures or the version it builds on, not both.", nameof(version));
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long number;
        await using (var insert = connection.Command(
            "INSERT INTO credit_snapshot (based_on, figures, actions, evaluated_at, published_at, instance) " +
            "VALUES (@based_on, @figures, @actions, @evaluated_at, @published_at, @instance) RETURNING version", transaction))
        {
            insert.Int64("@based_on", version.BasedOn);
            insert.Bytes("@figures", version.Figures);
            insert.Bytes("@actions", version.Actions);
            insert.Time("@evaluated_at", version.EvaluatedAt.ToUniversalTime());
            insert.Time("@published_at", version.PublishedAt.ToUniversalTime());
            insert.Text("@instance", version.Instance);
            number = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        // The newest few stay, and the evaluations they build on.
        await using (var prune = connection.Command(
            "DELETE FROM credit_snapshot WHERE version NOT IN (SELECT version FROM (SELECT version FROM credit_snapshot ORDER BY version DESC LIMIT @keep) AS newest) " +
            "AND version NOT IN (SELECT based_on FROM (SELECT based_on FROM credit_snapshot ORDER BY version DESC LIMIT @keep) AS kept WHERE based_on IS NOT NULL)", transaction))
        {
            prune.Int64("@keep", keep);
            await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await NotifyCreditSnapshotAsync(connection, transaction, number, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return number;
    }

    public async Task<CreditSnapshotVersionInfo?> ReadNewestCreditSnapshotVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {VersionColumns} FROM credit_snapshot ORDER BY version DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? VersionInfo(reader) : null;
    }

    public async Task<StoredCreditSnapshotVersion?> ReadCreditSnapshotVersionAsync(long version, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {VersionColumns}, figures, actions FROM credit_snapshot WHERE version = @version");
        command.Int64("@version", version);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StoredCreditSnapshotVersion(
            VersionInfo(reader),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5),
            reader.GetFieldValue<byte[]>(6));
    }

    /// <summary>Only PostgreSQL pushes; the SQLite store answers <c>null</c> and its readers poll.</summary>
    public virtual Task<IAsyncDisposable?> ListenForCreditSnapshotsAsync(Action<long> published, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(null);

    /// <summary>Tells listening instances of <paramref name="version"/> when the transaction commits; nothing on SQLite.</summary>
    private protected virtual Task NotifyCreditSnapshotAsync(DbConnection connection, DbTransaction transaction, long version, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    private static CreditSnapshotVersionInfo VersionInfo(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetInt64(1),
        reader.GetFieldValue<DateTimeOffset>(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetString(4));
}
