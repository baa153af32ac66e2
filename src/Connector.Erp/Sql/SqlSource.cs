using System.Data.Common;
using Connector.Mapping.Sources;
using Connector.Sync.Ports;

namespace Connector.Erp.Sql;

/// <summary>
/// An ERP database read through ADO.NET: per entity one query run, incremental through its <c>@watermark</c>
/// parameter. The watermark advances only when the caller has stored every row of the run.
/// </summary>
public sealed class SqlSource : IErpSource
{
    private readonly DbProviderFactory factory;
    private readonly string connectionString;
    private readonly int commandTimeoutSeconds;

    public SqlSource(DbProviderFactory factory, string connectionString, int commandTimeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        this.factory = factory;
        this.connectionString = connectionString;
        this.commandTimeoutSeconds = commandTimeoutSeconds;
    }

    public Task<IReadOnlyList<ISourceUnit>> DiscoverAsync(string entity, SourceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entity);
        ArgumentNullException.ThrowIfNull(spec);
        IReadOnlyList<ISourceUnit> units = spec.Sql is { } sql
            ? [new SqlQueryUnit(entity, sql, factory, connectionString, commandTimeoutSeconds)]
            : [];
        return Task.FromResult(units);
    }

    /// <summary>Nothing: a query run is not kept; the next run asks the database again.</summary>
    public Task<ISourceUnit?> FindKeptAsync(string entity, SourceSpec spec, string name, string keptAs, CancellationToken cancellationToken) =>
        Task.FromResult<ISourceUnit?>(null);
}
