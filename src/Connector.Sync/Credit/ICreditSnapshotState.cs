namespace Connector.Sync.Credit;

/// <summary>
/// Which credit snapshot this instance's order webhooks decide from, and how fresh it is: for health checks and metrics
/// (read-only, lock-free, cheap). Times are UTC; all <c>null</c> until the first snapshot is loaded or published.
/// </summary>
public interface ICreditSnapshotState
{
    /// <summary>The store's version number of the snapshot in use; <c>null</c> when none, or one not (yet) published to the store.</summary>
    long? Version { get; }

    /// <summary>When the evaluation behind the figures ran: the age of the figures (<c>Credit:StaleSnapshotMinutes</c> limits it).</summary>
    DateTimeOffset? EvaluatedAt { get; }

    /// <summary>When <see cref="Version"/> was published (by this or another instance).</summary>
    DateTimeOffset? PublishedAt { get; }

    /// <summary>When this instance started deciding from it.</summary>
    DateTimeOffset? LoadedAt { get; }

    /// <summary>
    /// When this instance last made sure no newer version was in the store (a poll, or a notification it followed);
    /// a snapshot older than another instance's newest by at most now − <see cref="CheckedAt"/>.
    /// </summary>
    DateTimeOffset? CheckedAt { get; }
}
