using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Connector.Erp.Sql;

/// <summary>The ADO.NET providers an SQL source may name in <c>Erp:Provider</c>.</summary>
internal static class SqlProviders
{
    public static DbProviderFactory? Find(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "sqlite" => SqliteFactory.Instance,
        "postgresql" or "postgres" or "npgsql" => NpgsqlFactory.Instance,
        "sqlserver" or "mssql" => SqlClientFactory.Instance,
        _ => null,
    };
}
