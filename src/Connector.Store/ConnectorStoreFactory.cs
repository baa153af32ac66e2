using Connector.Store.Postgres;
using Connector.Store.Sqlite;
using Connector.Sync.Ports;
using Microsoft.Data.Sqlite;

namespace Connector.Store;

/// <summary>Opens the configured store and brings its schema up to date, ready to use.</summary>
public static class ConnectorStoreFactory
{
    public static async Task<IConnectorStore> OpenAsync(StoreOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
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
