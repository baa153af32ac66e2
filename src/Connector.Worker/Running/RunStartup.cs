using Connector.Store;
using Connector.Store.Sqlite;
using Connector.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Connector.Worker.Running;

/// <summary>
/// What <c>connector run</c> settles before its scheduler starts. On SQLite: that it is the only instance on the file
/// (a second one exits 1 with one line saying so). On PostgreSQL: the store migrated — Quartz's cluster tables among
/// them, under the store's advisory lock — so the clustered job store finds its schema.
/// </summary>
internal static partial class RunStartup
{
    /// <summary>The one-off trigger of a cluster's first cycle.</summary>
    public static readonly TriggerKey FirstCycleKey = new("sync-first", "connector");

    /// <returns>What to hold while the worker runs (the SQLite instance lock); <c>null</c> when it must not start (the reason written).</returns>
    public static async Task<IDisposable?> PrepareAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var options = run.Policy<StoreOptions>();
        var instance = run.Services.GetRequiredService<ConnectorInstance>();
        var logger = run.Logger<ConnectorInstance>();
        if (!options.IsPostgreSql)
        {
            var held = SqliteInstanceLock.TryAcquire(options);
            if (held is null)
            {
                await run.Error.WriteLineAsync(
                    $"connector run: another connector run already works on {run.StoreDescription} (it holds {SqliteInstanceLock.PathFor(options)}); "
                    + "SQLite serves one instance: stop the other one, or give every instance Store:Provider postgresql to run several");
                return null;
            }

            LogSingleInstance(logger, instance.Id, run.StoreDescription);
            return held;
        }

        bool nothingPublished;
        await using (var store = await run.OpenStoreAsync(cancellationToken))
        {
            if (store is null)
            {
                return null;
            }

            nothingPublished = await store.ReadNewestCreditSnapshotVersionAsync(cancellationToken) is null;
        }

        var cluster = run.Services.GetRequiredService<IOptions<QuartzClusterOptions>>().Value;
        LogClustered(logger, instance.Id, run.StoreDescription, cluster.CheckinIntervalMilliseconds, cluster.CheckinMisfireThresholdMilliseconds);
        if (nothingPublished)
        {
            await ScheduleFirstCycleAsync(run, logger, cancellationToken);
        }

        return new Nothing();
    }

    /// <summary>
    /// A cluster that has never evaluated (a new deployment): no instance would be ready (no credit snapshot) until the
    /// schedule fires. One cycle now, under a trigger identity the whole cluster shares, so instances starting together
    /// add it once; once anything is published, joining instances add nothing (docs/decisions.md 69).
    /// </summary>
    private static async Task ScheduleFirstCycleAsync(CommandRun run, ILogger logger, CancellationToken cancellationToken)
    {
        var scheduler = await run.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        var first = TriggerBuilder.Create().WithIdentity(FirstCycleKey).ForJob(SyncJob.Key).StartNow().Build();
        // Keep: instances starting at the same time store it once (an idempotent enqueue), the others leave it be.
        var scheduled = await scheduler.ScheduleTrigger(first, TriggerConflict.Keep, cancellationToken);
        if (scheduled.Outcome == ScheduleOutcome.Created)
        {
            LogFirstCycle(logger);
        }
    }

    [LoggerMessage(EventId = LogEventIds.SyncJob + 32, Level = LogLevel.Information, Message =
        "No credit evaluation has been published in this store yet: the cluster runs its first sync cycle now")]
    private static partial void LogFirstCycle(ILogger logger);

    [LoggerMessage(EventId = LogEventIds.SyncJob + 30, Level = LogLevel.Information, Message =
        "Worker instance {InstanceId} on {Store}: the only instance (SQLite), schedule in memory")]
    private static partial void LogSingleInstance(ILogger logger, string instanceId, string store);

    [LoggerMessage(EventId = LogEventIds.SyncJob + 31, Level = LogLevel.Information, Message =
        "Worker instance {InstanceId} joins the cluster on {Store}: one sync cycle at a time across the instances; "
        + "one that stops checking in for {CheckinIntervalMs} + {CheckinMisfireThresholdMs} ms is taken for dead and its cycle run again by another")]
    private static partial void LogClustered(ILogger logger, string instanceId, string store, int checkinIntervalMs, int checkinMisfireThresholdMs);

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
