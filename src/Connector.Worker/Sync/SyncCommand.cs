using System.CommandLine;
using Connector.Sync.Cycle;
using Connector.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Sync;

/// <summary>
/// <c>connector sync --once [--entity E] [--as-of DATE]</c>: the sync cycle (the one <c>connector run</c> schedules) once,
/// now, and its summary.
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
        var command = new Command(
            "sync",
            "One cycle now: read back Dynamics and Outlook → ingest the ERP → evaluate → push to Dataverse → order credit → collections → ERP writeback")
        {
            once, entity, asOf, format,
        };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (!run.GetValue(once))
            {
                await run.Error.WriteLineAsync("sync: say --once for one cycle now; 'connector run' syncs on the Schedules:Sync schedule".AsMemory(), cancellationToken);
                return ExitCodes.BadUsage;
            }

            if (run.Dataverse() is null)
            {
                return ExitCodes.UserMustAct;
            }

            var cycle = run.Services.GetRequiredService<SyncCycle>();
            var runId = cycle.NewRunId();
            SyncCycleReport report;
            try
            {
                report = await cycle.RunAsync(runId, run.Parse.GetValue(asOf), run.GetValue(entity) is { } only ? [only] : null, null, cancellationToken);
            }
            catch (Exception ex) when (SyncFailures.Describe(ex, runId, run.StoreDescription) is { } lines)
            {
                foreach (var line in lines)
                {
                    await run.Error.WriteLineAsync(line.AsMemory(), cancellationToken);
                }

                return ExitCodes.UserMustAct;
            }

            foreach (var warning in report.Warnings)
            {
                run.Warn(warning);
            }

            run.Write(SyncReports.ToReport(report), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }
}
