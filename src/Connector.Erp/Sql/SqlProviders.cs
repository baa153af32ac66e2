using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Connector.Erp.Sql;

/// <summary>The ADO.NET providers an SQL source may name in <c>Erp:Provider</c>.</summary>
internal static class SqlProviders
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";
    public const string SqlServer = "sqlserver";

    public static DbProviderFactory? Find(string? name) => Canonical(name) switch
    {
        Sqlite => SqliteFactory.Instance,
        PostgreSql => NpgsqlFactory.Instance,
        SqlServer => SqlClientFactory.Instance,
        _ => null,
    };

    /// <summary>The provider's one name (<see cref="Sqlite"/>, <see cref="PostgreSql"/>, <see cref="SqlServer"/>) for any name it is known by; null when unknown.</summary>
    public static string? Canonical(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "sqlite" => Sqlite,
        "postgresql" or "postgres" or "npgsql" => PostgreSql,
        "sqlserver" or "mssql" => SqlServer,
        _ => null,
    };
}
