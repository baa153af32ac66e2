using Connector.Store.Postgres;
using Connector.Store.Relational;
using Connector.Store.Sqlite;
using Connector.Sync.Settings;

namespace Connector.Store;

/// <summary>
/// Reads whether the configured store answers and how far its schema is migrated, without migrating or creating it:
/// what <c>/health/ready</c> asks every few seconds. One store object (one PostgreSQL pool) for the probe's life.
/// </summary>
public sealed class StoreProbe(StoreOptions options, TimeProvider time) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private RelationalConnectorStore? store;

    /// <summary>The store for people to read (<c>postgresql db:5432/connector as connector</c>); never the password.</summary>
    public string Description => ConnectorStoreFactory.Describe(options);

    /// <summary>The schema's status; <c>null</c> when a SQLite store has not been created yet. Throws what the provider throws when unreachable.</summary>
    public async Task<StoreSchemaStatus?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!ConnectorStoreFactory.Exists(options))
        {
            return null;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            store ??= Open();
            return await store.ReadSchemaStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }

        gate.Dispose();
    }

    private RelationalConnectorStore Open()
    {
        var errors = SettingsValidation.Failures(options, new StoreOptionsValidator(), new StoreOptionsCrossFieldValidator());
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        var connectionString = options.ResolveConnectionString();
        return options.IsPostgreSql ? new PostgresConnectorStore(connectionString, time) : new SqliteConnectorStore(connectionString, time);
    }
}
