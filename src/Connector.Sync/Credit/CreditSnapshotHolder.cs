using Connector.Sync.Ports;

namespace Connector.Sync.Credit;

/// <summary>
/// The latest <see cref="CreditSnapshot"/>, swapped whole: a reader sees either the old or the new one, never a mix, and
/// takes no lock (the order webhook answers in milliseconds while a sync or another instance publishes). A snapshot
/// loaded from the store carries its version; an older version never replaces a newer one.
/// </summary>
public sealed class CreditSnapshotHolder : ICreditSnapshotSink, ICreditSnapshotState
{
    private readonly TimeProvider time;
    private Loaded? loaded;
    private long checkedAtTicks;

    public CreditSnapshotHolder()
        : this(TimeProvider.System)
    {
    }

    public CreditSnapshotHolder(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
    }

    /// <summary>The snapshot in use; <c>null</c> until the first evaluation, here or published by another instance.</summary>
    public CreditSnapshot? Current => Volatile.Read(ref loaded)?.Snapshot;

    public long? Version => Volatile.Read(ref loaded)?.Version;

    /// <summary>The version holding the figures of <see cref="Current"/> (itself, or the evaluation an actions-only version builds on).</summary>
    public long? FiguresVersion => Volatile.Read(ref loaded)?.FiguresVersion;

    public DateTimeOffset? EvaluatedAt => Volatile.Read(ref loaded)?.Snapshot.EvaluatedAt;

    public DateTimeOffset? PublishedAt => Volatile.Read(ref loaded)?.PublishedAt;

    public DateTimeOffset? LoadedAt => Volatile.Read(ref loaded)?.LoadedAt;

    public DateTimeOffset? CheckedAt => Interlocked.Read(ref checkedAtTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>This process's own evaluation, in use at once; the store's version follows when it is published.</summary>
    public void Publish(CreditSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Interlocked.Exchange(ref loaded, new Loaded(snapshot, null, null, null, time.GetUtcNow()));
    }

    /// <summary>
    /// Uses <paramref name="snapshot"/>, published as <paramref name="version"/>, unless a newer version is already in use;
    /// <c>false</c> when it was not newer.
    /// </summary>
    public bool Load(CreditSnapshot snapshot, CreditSnapshotVersionInfo version)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(version);
        var next = new Loaded(snapshot, version.Version, version.FiguresVersion, version.PublishedAt, time.GetUtcNow());
        while (true)
        {
            var current = Volatile.Read(ref loaded);
            if (current?.Version is { } inUse && inUse >= version.Version)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref loaded, next, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Records that the store held nothing newer at <paramref name="at"/>.</summary>
    public void Checked(DateTimeOffset at) => Interlocked.Exchange(ref checkedAtTicks, at.UtcTicks);

    private sealed record Loaded(CreditSnapshot Snapshot, long? Version, long? FiguresVersion, DateTimeOffset? PublishedAt, DateTimeOffset LoadedAt);
}
