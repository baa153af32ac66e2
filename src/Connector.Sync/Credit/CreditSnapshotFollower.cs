using Connector.Sync.Ports;
using Microsoft.Extensions.Logging;

namespace Connector.Sync.Credit;

/// <summary>
/// Keeps this instance's webhooks on the newest published credit snapshot: loads it at start, then whenever the store
/// announces a new version (PostgreSQL <c>LISTEN/NOTIFY</c>) and every <see cref="CreditSnapshotOptions.PollSeconds"/>
/// in case an announcement was lost (on SQLite the polling is all there is). A failed look is logged and retried at the
/// next poll; the webhooks keep deciding from the snapshot they have (its age is in <see cref="ICreditSnapshotState"/>).
/// </summary>
public sealed partial class CreditSnapshotFollower
{
    private readonly IConnectorStoreFactory stores;
    private readonly CreditSnapshotSharing sharing;
    private readonly CreditSnapshotOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public CreditSnapshotFollower(IConnectorStoreFactory stores, CreditSnapshotSharing sharing, CreditSnapshotOptions options, TimeProvider time, ILogger<CreditSnapshotFollower> logger)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(sharing);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.stores = stores;
        this.sharing = sharing;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Follows until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var poll = TimeSpan.FromSeconds(options.PollSeconds);
        using var announced = new SemaphoreSlim(0, 1);
        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var listener = await ListenAsync(store, () => Announce(announced), cancellationToken).ConfigureAwait(false);
        LogFollowing(listener is null ? "polling" : "LISTEN/NOTIFY, polling as a fallback", options.PollSeconds);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await sharing.LoadNewestAsync(store, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure to read the store: keep the snapshot in use, look again at the next poll.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogLookFailed(e.Message);
            }

            // Whichever comes first: an announcement or the poll (a wait cancelled here takes no announcement away).
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(announced.WaitAsync(wake.Token), Task.Delay(poll, time, wake.Token)).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task<IAsyncDisposable?> ListenAsync(IConnectorStore store, Action announce, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ListenForCreditSnapshotsAsync(_ => announce(), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // Listening is an optimisation: without it the poll still finds every version.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogListenFailed(e.Message);
            return null;
        }
    }

    private static void Announce(SemaphoreSlim announced)
    {
        try
        {
            announced.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already announced: the next look reads the newest anyway.
        }
    }

    [LoggerMessage(EventId = LogEventIds.CreditSnapshotFollower + 1, Level = LogLevel.Information, Message = "Following the published credit snapshots by {Mechanism} (every {PollSeconds} s)")]
    private partial void LogFollowing(string mechanism, int pollSeconds);

    [LoggerMessage(EventId = LogEventIds.CreditSnapshotFollower + 2, Level = LogLevel.Warning, Message = "Could not look for a newer credit snapshot, keeping the one in use: {Reason}")]
    private partial void LogLookFailed(string reason);

    [LoggerMessage(EventId = LogEventIds.CreditSnapshotFollower + 3, Level = LogLevel.Warning, Message = "Could not listen for published credit snapshots, polling only: {Reason}")]
    private partial void LogListenFailed(string reason);
}
