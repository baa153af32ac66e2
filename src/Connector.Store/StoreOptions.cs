using Connector.Domain.Policies;

namespace Connector.Store;

/// <summary>
/// Configuration section <c>Store</c>: which database holds the ledger, dead letters, audit journal and outbox.
/// SQLite (one file under <see cref="DataDirectory"/>) by default; PostgreSQL when several instances share it.
/// <see cref="StoreOptionsCrossFieldValidator"/> checks what depends on the provider; the connection string is never echoed (it may hold a password).
/// </summary>
[SettingsSection(SectionName)]
public sealed class StoreOptions
{
    public const string SectionName = "Store";
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    [SettingOneOf(Sqlite, PostgreSql)]
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
}
