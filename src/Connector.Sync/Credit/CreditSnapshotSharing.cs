using Connector.Domain.Credit;
using Connector.Sync.Ports;
using Connector.Sync.Push;
using Microsoft.Extensions.Logging;

namespace Connector.Sync.Credit;

/// <summary>
/// The credit snapshot shared between instances through the store (issue 17): the instance that evaluated publishes
/// the figures as a new version; a release or override recorded anywhere publishes the actions in force as a small
/// version on top of them; every instance loads the newest version into its <see cref="CreditSnapshotHolder"/>, so an
/// order check answered by any of them is decided alike.
/// </summary>
public sealed partial class CreditSnapshotSharing
{
    private readonly CreditSnapshotHolder holder;
    private readonly CreditSnapshotOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public CreditSnapshotSharing(
        CreditSnapshotHolder holder, CreditSnapshotOptions options, TimeProvider time, ILogger<CreditSnapshotSharing> logger, IInstanceName? instance = null)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.holder = holder;
        this.options = options;
        this.time = time;
        this.logger = logger;
        Instance = instance?.Id ?? IInstanceName.Derive();
    }

    /// <summary>Who publishes, as the store's table shows it: the same name as the cluster and the run journal use.</summary>
    public string Instance { get; }

    /// <summary>Publishes an evaluation (the sync cycle's, or one made again after a customer's release) and uses it here.</summary>
    public async Task<long> PublishFiguresAsync(IConnectorStore store, CreditSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(snapshot);
        var publishedAt = time.GetUtcNow();
        var version = await store.AddCreditSnapshotVersionAsync(
            new NewCreditSnapshotVersion(null, CreditSnapshotPayload.Figures(snapshot), CreditSnapshotPayload.Actions(snapshot.Actions), snapshot.EvaluatedAt, publishedAt, Instance),
            options.Keep,
            cancellationToken).ConfigureAwait(false);
        holder.Load(snapshot, new CreditSnapshotVersionInfo(version, version, snapshot.EvaluatedAt, publishedAt, Instance));
        LogPublished(version, "figures", snapshot.Credit.Snapshots.Count);
        return version;
    }

    /// <summary>
    /// Publishes the releases, overrides and manual holds now in the store on top of the newest evaluation, so every
    /// instance's webhook honours a release at once; <c>null</c> when no evaluation was published yet (nothing to apply it to).
    /// </summary>
    public async Task<long?> PublishActionsAsync(IConnectorStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var newest = await store.ReadNewestCreditSnapshotVersionAsync(cancellationToken).ConfigureAwait(false);
        if (newest is null)
        {
            return null;
        }

        var actions = await ReadActionsAsync(store, cancellationToken).ConfigureAwait(false);
        var publishedAt = time.GetUtcNow();
        var version = await store.AddCreditSnapshotVersionAsync(
            new NewCreditSnapshotVersion(newest.FiguresVersion, null, CreditSnapshotPayload.Actions(actions), newest.EvaluatedAt, publishedAt, Instance),
            options.Keep,
            cancellationToken).ConfigureAwait(false);
        if (holder.FiguresVersion == newest.FiguresVersion && holder.Current is { } current)
        {
            holder.Load(current.WithActions(actions), new CreditSnapshotVersionInfo(version, newest.FiguresVersion, newest.EvaluatedAt, publishedAt, Instance));
        }

        LogPublished(version, "actions", 0);
        return version;
    }

    /// <summary>The newest published figures (e.g. to keep their account and currency maps in a new evaluation); <c>null</c> when none.</summary>
    public static async Task<CreditSnapshot?> ReadNewestAsync(IConnectorStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var newest = await store.ReadNewestCreditSnapshotVersionAsync(cancellationToken).ConfigureAwait(false);
        return newest is null ? null : (await ReadAsync(store, newest, null, cancellationToken).ConfigureAwait(false))?.Snapshot;
    }

    /// <summary>
    /// Loads the newest version into the holder when it is newer than the one in use (reading the figures again only when
    /// they changed); <c>true</c> when it loaded one.
    /// </summary>
    public async Task<bool> LoadNewestAsync(IConnectorStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var newest = await store.ReadNewestCreditSnapshotVersionAsync(cancellationToken).ConfigureAwait(false);
        var checkedAt = time.GetUtcNow();
        if (newest is null || holder.Version >= newest.Version)
        {
            holder.Checked(checkedAt);
            return false;
        }

        var inUse = holder.FiguresVersion == newest.FiguresVersion ? holder.Current : null;
        var read = await ReadAsync(store, newest, inUse, cancellationToken).ConfigureAwait(false);
        if (read is null)
        {
            // Dropped between the two reads: a newer one exists, the next look finds it.
            return false;
        }

        var loaded = holder.Load(read.Value.Snapshot, read.Value.Info);
        holder.Checked(checkedAt);
        if (loaded)
        {
            LogLoaded(read.Value.Info.Version, read.Value.Info.Instance, read.Value.Info.PublishedAt, read.Value.Snapshot.EvaluatedAt);
        }

        return loaded;
    }

    private static async Task<(CreditSnapshot Snapshot, CreditSnapshotVersionInfo Info)?> ReadAsync(
        IConnectorStore store, CreditSnapshotVersionInfo newest, CreditSnapshot? figuresInUse, CancellationToken cancellationToken)
    {
        var version = await store.ReadCreditSnapshotVersionAsync(newest.Version, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            return null;
        }

        if (version.Figures is { } figures)
        {
            return (CreditSnapshotPayload.Read(figures, version.Actions), version.Info);
        }

        var actions = CreditSnapshotPayload.ReadActions(version.Actions);
        if (figuresInUse is not null)
        {
            return (figuresInUse.WithActions(actions), version.Info);
        }

        var basis = await store.ReadCreditSnapshotVersionAsync(version.Info.FiguresVersion, cancellationToken).ConfigureAwait(false);
        return basis?.Figures is { } basisFigures ? (CreditSnapshotPayload.Read(basisFigures, version.Actions), version.Info) : null;
    }

    /// <summary>The actions in force as the evaluation reads them (<c>EvaluationState</c>): stored actions and order releases.</summary>
    private static async Task<ManualActions> ReadActionsAsync(IConnectorStore store, CancellationToken cancellationToken)
    {
        var orderNumbers = new Dictionary<Guid, string>();
        foreach (var order in await store.ReadOrderCreditsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (order.OrderNumber is { } number)
            {
                orderNumbers[order.OrderId] = number;
            }
        }

        var stored = await store.ReadManualActionsAsync(cancellationToken).ConfigureAwait(false);
        return ManualActionConversion.ToDomain(stored, await store.ReadOrderReleasesAsync(cancellationToken).ConfigureAwait(false), orderNumbers);
    }

    [LoggerMessage(EventId = LogEventIds.CreditSnapshotSharing + 1, Level = LogLevel.Information, Message = "Published credit snapshot version {Version} ({Kind}, {Customers} customers)")]
    private partial void LogPublished(long version, string kind, int customers);

    [LoggerMessage(EventId = LogEventIds.CreditSnapshotSharing + 2, Level = LogLevel.Information, Message = "Loaded credit snapshot version {Version} published by {Instance} at {PublishedAt} (evaluated {EvaluatedAt})")]
    private partial void LogLoaded(long version, string instance, DateTimeOffset publishedAt, DateTimeOffset evaluatedAt);
}
