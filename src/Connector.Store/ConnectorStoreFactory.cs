using Connector.Store.Postgres;
using Connector.Store.Sqlite;
using Connector.Sync.Ports;
using Connector.Sync.Settings;
using Microsoft.Data.Sqlite;

namespace Connector.Store;

/// <summary>Opens the configured store and brings its schema up to date, ready to use.</summary>
public static class ConnectorStoreFactory
{
    /// <summary>The configured store for people to read, without opening it (<c>sqlite data/connector.db</c>); never the password.</summary>
    public static string Describe(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.ResolveConnectionString();
        if (options.IsPostgreSql)
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return $"postgresql {builder.Host}:{builder.Port}/{builder.Database} as {builder.Username}";
        }

        return "sqlite " + new SqliteConnectionStringBuilder(connectionString).DataSource;
    }

    /// <summary>
    /// Whether the store is there to be read: a SQLite file that exists (or an in-memory one), or any PostgreSQL database
    /// (a server is there by configuration). Commands that only read do not create a SQLite file.
    /// </summary>
    public static bool Exists(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IsPostgreSql)
        {
            return true;
        }

        var source = new SqliteConnectionStringBuilder(options.ResolveConnectionString()).DataSource;
        return source.Contains(":memory:", StringComparison.OrdinalIgnoreCase) || File.Exists(Path.GetFullPath(source));
    }

    public static async Task<IConnectorStore> OpenAsync(StoreOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = SettingsValidation.Failures(options, new StoreOptionsValidator(), new StoreOptionsCrossFieldValidator());
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        var connectionString = options.ResolveConnectionString();
        IConnectorStore store;
        if (options.IsPostgreSql)
        {
            store = new PostgresConnectorStore(connectionString, time);
        }
        else
        {
            // SQLite creates the file but not its folder.
            var folder = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource));
            if (!string.IsNullOrEmpty(folder) && !connectionString.Contains(":memory:", StringComparison.OrdinalIgnoreCase))
            {
                Directory.CreateDirectory(folder);
            }

            store = new SqliteConnectorStore(connectionString, time);
        }

        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
