using System.Globalization;
using Connector.Mapping.Canonical;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>
/// Where each ledger row's current version came from (decision 115): the imports (<c>ledger_source</c>, one per unit content and
/// name) and, per row, the import's id and the line — what the evidence pack prints as "ERP file X line N".
/// </summary>
public abstract partial class RelationalConnectorStore
{
    /// <summary>The migration that added <c>ledger.source_id</c> and <c>source_line</c>.</summary>
    private const int LedgerSourceMigration = 17;

    /// <summary>
    /// Whether the ledger has the import and line columns (migration 0017): only a store a test left at an older release's
    /// schema (<see cref="MigrateToAsync"/>) writes the ledger as that release did.
    /// </summary>
    private protected bool LedgerKeepsSources { get; private set; } = true;

    /// <summary>The migration that added <c>ledger.source_hash</c> (decision 139).</summary>
    private const int LedgerSourceHashMigration = 20;

    /// <summary>Whether the ledger has the source hash column (migration 0020); a store left at an older schema neither reads nor writes it.</summary>
    private protected bool LedgerKeepsSourceHashes { get; private set; } = true;

    private const string SourcesQuery =
        "SELECT l.key, l.source, l.source_line, s.id, s.name, s.unit_key, s.is_file, s.archived_as, s.first_read_at " +
        "FROM ledger l LEFT JOIN ledger_source s ON s.id = l.source_id WHERE l.entity = @entity";

    /// <summary>Keys per query of <see cref="ReadSourcesAsync(CanonicalEntity, IReadOnlyCollection{string}, CancellationToken)"/>.</summary>
    private const int SourceKeysPerQuery = 500;

    public async Task<IReadOnlyDictionary<string, LedgerRowSource>> ReadSourcesAsync(CanonicalEntity entity, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(SourcesQuery);
        command.Text("@entity", NameOf(entity));
        var sources = new Dictionary<string, LedgerRowSource>(StringComparer.Ordinal);
        await ReadSourcesAsync(command, sources, new Dictionary<long, LedgerImport>(), cancellationToken).ConfigureAwait(false);
        return sources;
    }

    public async Task<IReadOnlyDictionary<string, LedgerRowSource>> ReadSourcesAsync(
        CanonicalEntity entity, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var sources = new Dictionary<string, LedgerRowSource>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return sources;
        }

        var imports = new Dictionary<long, LedgerImport>();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(SourceKeysPerQuery))
        {
            await using var command = connection.Command(string.Empty);
            command.Text("@entity", NameOf(entity));
            var names = new string[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                names[i] = "@k" + i.ToString(CultureInfo.InvariantCulture);
                command.Text(names[i], chunk[i]);
            }

            command.CommandText = $"{SourcesQuery} AND l.key IN ({string.Join(", ", names)})";
            await ReadSourcesAsync(command, sources, imports, cancellationToken).ConfigureAwait(false);
        }

        return sources;
    }

    private static async Task ReadSourcesAsync(
        System.Data.Common.DbCommand command, Dictionary<string, LedgerRowSource> sources, Dictionary<long, LedgerImport> imports, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            LedgerImport? import = null;
            if (!reader.IsDBNull(3))
            {
                var id = reader.GetInt64(3);
                if (!imports.TryGetValue(id, out import))
                {
                    import = new LedgerImport(
                        id,
                        reader.GetString(4),
                        reader.GetString(5),
                        Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture) != 0,
                        NullableString(reader, 7),
                        reader.GetFieldValue<DateTimeOffset>(8));
                    imports.Add(id, import);
                }
            }

            sources[reader.GetString(0)] = new LedgerRowSource(NullableString(reader, 1), import, reader.IsDBNull(2) ? null : reader.GetInt64(2));
        }
    }

    public async Task<long?> RegisterLedgerSourceAsync(string name, string unitKey, bool isFile, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(unitKey);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The same content under the same name (a resumed read, the file dropped again) is the same import: its id and first read stay.
        await using var command = connection.Command(
            "INSERT INTO ledger_source (name, unit_key, is_file, first_read_at) VALUES (@name, @unit_key, @is_file, @now) " +
            "ON CONFLICT (unit_key, name) DO UPDATE SET is_file = excluded.is_file RETURNING id",
            transaction);
        command.Text("@name", name);
        command.Text("@unit_key", unitKey);
        command.Int64("@is_file", isFile ? 1 : 0);
        command.Time("@now", Time.GetUtcNow());
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    public async Task RecordLedgerSourceArchivedAsync(string name, string unitKey, string archivedAs, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("UPDATE ledger_source SET archived_as = @archived_as WHERE unit_key = @unit_key AND name = @name");
        command.Text("@archived_as", archivedAs);
        command.Text("@unit_key", unitKey);
        command.Text("@name", name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
