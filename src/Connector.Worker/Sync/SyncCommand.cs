using System.CommandLine;
using Connector.Dataverse.WebApi;
using Connector.Erp;
using Connector.Sync.Ingest;
using Connector.Sync.Ports;
using Connector.Worker.Cli;
using Microsoft.Extensions.Logging;

namespace Connector.Worker.Sync;

/// <summary>
/// <c>connector sync --once [--entity E] [--as-of DATE]</c>: one cycle now — ingest the ERP export, evaluate, push
/// what changed to Dataverse, read back what people set there — and a summary. <c>connector run</c> runs the same
/// cycle on a schedule.
/// </summary>
public static class SyncCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var once = new Option<bool>("--once") { Description = "Run one cycle and exit (the scheduled worker is 'connector run')" };
        var entity = EntityOption.Create("Ingest only this entity before evaluating (default: every mapped entity)");
        var asOf = CommonOptions.AsOf();
        var format = CommonOptions.Format();
        var command = new Command("sync", "Ingest → evaluate → push to Dataverse → read back, once") { once, entity, asOf, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (!run.GetValue(once))
            {
                await run.Error.WriteLineAsync("sync: say --once for one cycle now; 'connector run' syncs on the Schedules:Sync schedule".AsMemory(), cancellationToken);
                return ExitCodes.BadUsage;
            }

            if (run.Dataverse() is not { } dataverse || run.LoadMappings() is not { } mappings)
            {
                return ExitCodes.UserMustAct;
            }

            await using var store = await run.OpenStoreAsync(cancellationToken);
            if (store is null)
            {
                return ExitCodes.UserMustAct;
            }

            CollectionsStep? collections = null;
            if (run.GraphConfigured)
            {
                if (run.Graph() is not var (board, mail) || run.CollectionsOptions() is not { } collectionsOptions)
                {
                    return ExitCodes.UserMustAct;
                }

                collections = new CollectionsStep(board, mail, collectionsOptions);
            }

            var runId = SyncRunIds.Next(run.Time);
            var cycle = new SyncCycle(store, mappings, run.ErpSource(), dataverse, run.Policy<IngestOptions>(), run.Time, run.Services.GetLoggerFactory(), collections, writeback: run.ErpWriteback());
            SyncCycleReport report;
            try
            {
                report = await cycle.RunAsync(runId, run.EvaluationPolicies(), run.AsOf(asOf), run.GetValue(entity) is { } only ? [only] : null, null, cancellationToken);
            }
            catch (ErpSourceException ex)
            {
                await run.Error.WriteLineAsync(ex.Message.AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }
            catch (DataverseException ex)
            {
                // Nothing is lost: what was not sent stays in the outbox for the next run.
                // A 4xx on the whole call (not one record) means the environment is not ready: a table, key or change tracking missing.
                var hint = ex.StatusCode is >= 400 and < 500 and not 429 ? "; 'connector dataverse check' tells what the environment lacks" : string.Empty;
                await run.Error.WriteLineAsync($"sync {runId}: Dataverse: {ex.Message}; what was not sent stays queued for the next run{hint}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            catch (ErpWritebackException ex)
            {
                // Dataverse and Outlook are done; the writeback rows stay queued and go with the next run.
                await run.Error.WriteLineAsync($"sync {runId}: {ex.Message}; the writeback rows stay queued for the next run".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            catch (TaskBoardException ex)
            {
                // Dataverse is done; the collections intents not written stay queued for the next run.
                await run.Error.WriteLineAsync($"sync {runId}: Graph: {ex.Message}; the collection tasks not written stay queued for the next run".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            run.Write(SyncReports.ToReport(report, store.Description), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>Run ids people can quote: time-ordered, short (<c>20261122-224701-3fa9</c>).</summary>
public static class SyncRunIds
{
    public static string Next(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..4];
    }
}

internal static class ServiceProviderLogging
{
    public static ILoggerFactory GetLoggerFactory(this IServiceProvider services) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ILoggerFactory>(services);
}
