namespace Connector.Sync.Ports;

/// <summary>
/// The credit snapshots instances publish to each other, one numbered version per publication: a whole evaluation
/// (<see cref="NewCreditSnapshotVersion.Figures"/>), or only the releases and overrides in force on top of an earlier
/// evaluation. Versions only grow; the store keeps the newest few and always the evaluation the newest one builds on.
/// </summary>
public interface ICreditSnapshotVersions
{
    /// <summary>
    /// Stores a version, drops all but the newest <paramref name="keep"/> (and the evaluation the newest builds on) and
    /// tells the other instances (PostgreSQL <c>NOTIFY</c>, at commit); returns its number.
    /// </summary>
    Task<long> AddCreditSnapshotVersionAsync(NewCreditSnapshotVersion version, int keep, CancellationToken cancellationToken);

    /// <summary>The newest version, without its payload; <c>null</c> when nothing was published yet. Cheap enough to poll.</summary>
    Task<CreditSnapshotVersionInfo?> ReadNewestCreditSnapshotVersionAsync(CancellationToken cancellationToken);

    /// <summary>A version with its payload; <c>null</c> when it is gone (dropped as too old).</summary>
    Task<StoredCreditSnapshotVersion?> ReadCreditSnapshotVersionAsync(long version, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="published"/> with each version number another connection publishes, until disposed; <c>null</c>
    /// when the store cannot push (SQLite): the caller polls. The callback runs on the listener's thread and must be quick.
    /// </summary>
    Task<IAsyncDisposable?> ListenForCreditSnapshotsAsync(Action<long> published, CancellationToken cancellationToken);
}

/// <summary>A version to publish.</summary>
/// <param name="BasedOn">The version holding the figures when this one carries only actions; <c>null</c> with <paramref name="Figures"/>.</param>
/// <param name="Figures">The evaluation, serialized; <c>null</c> for an actions-only version.</param>
/// <param name="Actions">The releases, overrides and manual holds in force, serialized.</param>
/// <param name="Instance">Who published it, for people reading the table.</param>
public sealed record NewCreditSnapshotVersion(long? BasedOn, byte[]? Figures, byte[] Actions, DateTimeOffset EvaluatedAt, DateTimeOffset PublishedAt, string Instance);

/// <summary>A published version without its payload.</summary>
/// <param name="FiguresVersion">The version that carries the figures: itself, or the evaluation an actions-only version builds on.</param>
public sealed record CreditSnapshotVersionInfo(long Version, long FiguresVersion, DateTimeOffset EvaluatedAt, DateTimeOffset PublishedAt, string Instance);

/// <summary>A published version with its payload.</summary>
public sealed record StoredCreditSnapshotVersion(CreditSnapshotVersionInfo Info, byte[]? Figures, byte[] Actions);
