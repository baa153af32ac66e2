using System.CommandLine;
using Connector.Dataverse.Configuration;
using Connector.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Running;

/// <summary>
/// <c>connector run</c>: the background worker. The same host, configuration and policy checks as every other
/// command, plus Quartz running the sync cycle now and then on <c>Schedules:Sync</c>, until Ctrl+C or SIGTERM; a
/// running cycle is allowed to finish (or to stop at its next cancellation point) before the process exits. On SQLite one
/// instance per store; on PostgreSQL several share the schedule through Quartz's clustered job store (<see cref="RunStartup"/>).
/// </summary>
public static class RunCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var command = new Command(
            "run",
            "Run the background worker until Ctrl+C: one sync cycle (ingest, evaluate, push to Dataverse, read back) right away, "
            + "then on the Schedules:Sync cron schedule (default every 15 minutes); logs also go to Log:Directory as JSON");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = cli.CreateBuilder(parse).AddSyncWorker().Build();
            if (!await cli.CheckPoliciesAsync(host.Services, cancellationToken))
            {
                return ExitCodes.UserMustAct;
            }

            if (!await CheckDataverseAsync(cli, host.Services, cancellationToken))
            {
                return ExitCodes.UserMustAct;
            }

            // SQLite: the only instance on the file; PostgreSQL: the store (and Quartz's cluster tables) migrated first.
            using var startup = await RunStartup.PrepareAsync(new CommandRun(cli, parse, host.Services), cancellationToken);
            if (startup is null)
            {
                return ExitCodes.UserMustAct;
            }

            await host.RunAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The <c>Dataverse</c> section, which only the commands that talk to Dataverse register, checked before the host
    /// starts so a missing URL or credential reads as one line per problem (<c>Dataverse:Url is required: …</c>).
    /// </summary>
    private static async Task<bool> CheckDataverseAsync(CliContext cli, IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            _ = services.GetRequiredService<IOptions<DataverseOptions>>().Value;
            return true;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                await cli.Error.WriteLineAsync(failure.AsMemory(), cancellationToken);
            }

            return false;
        }
    }
}
