using Connector.Domain.Policies;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Connector.Store;

/// <summary>
/// Configuration section <c>Store</c>: which database holds the ledger, dead letters, audit journal and outbox.
/// SQLite (one file under <see cref="DataDirectory"/>) by default; PostgreSQL when several instances share it.
/// </summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>The provider's connection string; for SQLite empty means <c>Data Source={DataDirectory}/connector.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the connector keeps its files (the default SQLite database among them).</summary>
    public string DataDirectory { get; set; } = "data";

    public bool IsPostgreSql => string.Equals(Provider?.Trim(), PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string to use: the configured one, or the default SQLite file under the data directory.</summary>
    public string ResolveConnectionString() =>
        !string.IsNullOrWhiteSpace(ConnectionString) || IsPostgreSql
            ? ConnectionString ?? string.Empty
            : $"Data Source={Path.Combine(DataDirectory, "connector.db")}";

    /// <summary>Every problem, each naming the setting (<c>Store:Provider</c>); the connection string's value is never echoed (it may hold a password).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new PolicyErrors(SectionName);
        var provider = Provider?.Trim();
        var isSqlite = string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase);
        if (!isSqlite && !IsPostgreSql)
        {
            errors.Add(nameof(Provider), $"must be '{Sqlite}' or '{PostgreSql}'", Provider);
            return errors.Errors;
        }

        if (IsPostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add(nameof(ConnectionString), "is required when Store:Provider is 'postgresql', such as 'Host=db;Database=connector;Username=connector;Password=…'", null);
            return errors.Errors;
        }

        if (isSqlite && string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add(nameof(DataDirectory), "is required for the default SQLite database (or set Store:ConnectionString)", DataDirectory);
        }

        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            try
            {
                _ = IsPostgreSql
                    ? (System.Data.Common.DbConnectionStringBuilder)new NpgsqlConnectionStringBuilder(ConnectionString)
                    : new SqliteConnectionStringBuilder(ConnectionString);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                errors.Add(nameof(ConnectionString), $"is not a valid {provider!.ToLowerInvariant()} connection string: {e.Message.TrimEnd('.')}", "not shown: it may hold a password");
            }
        }

        return errors.Errors;
    }
}
