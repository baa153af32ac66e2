namespace Connector.Sync.Ports;

/// <summary>Opens the configured store (migrated); the caller disposes it. One per cycle, command or order pass.</summary>
public interface IConnectorStoreFactory
{
    /// <summary>Provider and location for people to read, never the password (<c>sqlite data/connector.db</c>).</summary>
    string Description { get; }

    /// <summary>Opens the store, applying the migrations not applied yet.</summary>
    Task<IConnectorStore> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens the store only when it already exists (a SQLite file that is there, or a server database), so commands that
    /// only read — previews, reports — never create one; <c>null</c> when there is none yet.
    /// </summary>
    Task<IConnectorStore?> OpenExistingAsync(CancellationToken cancellationToken);
}
