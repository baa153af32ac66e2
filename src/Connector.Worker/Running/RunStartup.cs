using Connector.Store;
using Connector.Store.Sqlite;
using Connector.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Running;

/// <summary>
/// What <c>connector run</c> settles before its scheduler starts. On SQLite: that it is the only instance on the file
/// (a second one exits 1 with one line saying so). On PostgreSQL: the store migrated — Quartz's cluster tables among
/// them, under the store's advisory lock — so the clustered job store finds its schema.
/// </summary>
internal static partial class RunStartup
{
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

        await using (var store = await run.OpenStoreAsync(cancellationToken))
        {
            if (store is null)
            {
                return null;
            }
        }

        var cluster = run.Services.GetRequiredService<IOptions<QuartzClusterOptions>>().Value;
        LogClustered(logger, instance.Id, run.StoreDescription, cluster.CheckinIntervalMilliseconds, cluster.CheckinMisfireThresholdMilliseconds);
        return new Nothing();
    }

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
