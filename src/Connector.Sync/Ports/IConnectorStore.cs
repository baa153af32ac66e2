namespace Connector.Sync.Ports;

/// <summary>The connector's one database (SQLite by default, PostgreSQL to scale out).</summary>
public interface IConnectorStore : ILedgerStore, IDeadLetterStore, IAuditLog, IOutbox, IPushState, ICollectionsState, IOrderCreditState, IRunJournalStore, ICreditSnapshotVersions, IBankStatementStore, ICashApplicationState, IPaymentTwinState, IDailySnapshotStore, IStatementState, IAsyncDisposable
{
    /// <summary>Provider and location for people to read, never the password (<c>sqlite data/connector.db</c>).</summary>
    string Description { get; }

    /// <summary>Applies the versioned migrations not applied yet; safe to call at every start and from several instances.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);
}
