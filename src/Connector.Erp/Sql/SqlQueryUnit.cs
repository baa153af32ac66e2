using System.Data;
using System.Data.Common;
using Connector.Mapping.Sources;
using Connector.Sync.Ports;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Erp.Sql;

/// <summary>One run of an entity's query, from the stored watermark on.</summary>
internal sealed class SqlQueryUnit : ISourceUnit
{
    private const string WatermarkParameter = "@watermark";
    private readonly string entity;
    private readonly SqlSourceSpec spec;
    private readonly DbProviderFactory factory;
    private readonly string connectionString;
    private readonly int commandTimeoutSeconds;

    public SqlQueryUnit(string entity, SqlSourceSpec spec, DbProviderFactory factory, string connectionString, int commandTimeoutSeconds)
    {
        this.entity = entity;
        this.spec = spec;
        this.factory = factory;
        this.connectionString = connectionString;
        this.commandTimeoutSeconds = commandTimeoutSeconds;
        Name = $"sql:{entity}";
        CheckpointKey = Name;
    }

    public string Name { get; }

    public string CheckpointKey { get; }

    public bool IsFile => false;

    /// <summary>Never: every run asks the database for what changed since the watermark.</summary>
    public bool IsComplete(string? checkpoint) => false;

    public string? NotReady => null;

    /// <summary>Nothing to keep: a query that fails throws, and a retry runs the query again.</summary>
    public string? KeptAs => null;

    public IReadOnlyList<string> LetterKeys => [CheckpointKey];

    public async Task<ISourceReader> OpenAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        var watermark = checkpoint ?? spec.InitialWatermark;
        DbConnection? connection = null;
        DbCommand? command = null;
        DbDataReader? reader = null;
        try
        {
            connection = factory.CreateConnection() ?? throw new InvalidOperationException("the provider gave no connection");
            connection.ConnectionString = connectionString;
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            command = connection.CreateCommand();
#pragma warning disable CA2100 // The query is the admin's own mapping file; the only input, the watermark, is a parameter.
            command.CommandText = spec.Query;
#pragma warning restore CA2100
            command.CommandTimeout = commandTimeoutSeconds;
            if (spec.Query.Contains(WatermarkParameter, StringComparison.OrdinalIgnoreCase))
            {
                command.Parameters.Add(Watermark(command, watermark));
            }

            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var header = new string[reader.FieldCount];
            for (var i = 0; i < header.Length; i++)
            {
                header[i] = reader.GetName(i).Trim();
            }

            var watermarkOrdinal = -1;
            if (!string.IsNullOrWhiteSpace(spec.WatermarkColumn))
            {
                watermarkOrdinal = Array.FindIndex(header, name => string.Equals(name, spec.WatermarkColumn.Trim(), StringComparison.OrdinalIgnoreCase));
                if (watermarkOrdinal < 0)
                {
                    throw new ErpSourceException(
                        $"SQL source for {entity}: the watermark column '{spec.WatermarkColumn}' is not in the query's result (columns: {string.Join(", ", header)}); query: {SqlErrors.Shorten(spec.Query)}")
                    {
                        Entity = entity,
                    };
                }
            }

            return new SqlQueryReader(entity, spec.Query, connection, command, reader, header, watermarkOrdinal, watermark, connectionString);
        }
        catch (Exception e) when (e is not ErpSourceException and not OperationCanceledException)
        {
            await DisposeAllAsync(reader, command, connection).ConfigureAwait(false);
            throw SqlErrors.Wrap(entity, spec.Query, connectionString, e);
        }
        catch
        {
            await DisposeAllAsync(reader, command, connection).ConfigureAwait(false);
            throw;
        }
    }

    public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetAsideAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The watermark goes as text. PostgreSQL gets it untyped, so <c>changed_at &gt; @watermark</c> works on a
    /// timestamp column without a CAST; the other providers convert text themselves.
    /// </summary>
    private static DbParameter Watermark(DbCommand command, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = WatermarkParameter;
        parameter.DbType = DbType.String;
        parameter.Value = value;
        if (parameter is NpgsqlParameter npgsql)
        {
            npgsql.NpgsqlDbType = NpgsqlDbType.Unknown;
        }

        return parameter;
    }

    private static async ValueTask DisposeAllAsync(DbDataReader? reader, DbCommand? command, DbConnection? connection)
    {
        if (reader is not null)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }

        if (command is not null)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
