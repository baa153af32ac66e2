using System.CommandLine;
using Connector.Sync.Collections;
using Connector.Sync.Failures;
using Connector.Worker.Cli;
using Connector.Worker.Push;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Collections;

/// <summary>
/// <c>connector collections failures|retry</c>: tasks Graph refused and dunning emails set aside (refused, or possibly
/// sent before an interruption), with the reason; queued again after a fix or a check of the sender's Sent Items.
/// </summary>
public static class CollectionsFailureCommands
{
    public static Command Failures(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var format = CommonOptions.Format();
        var command = new Command("failures", "List the tasks and emails set aside, with the reason") { format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var entries = await run.Services.GetRequiredService<RefusedRecords>().ListAsync(RefusedKind.Collections, null, cancellationToken);
            run.Write(PushCommands.ToReport(entries, "Graph or set aside"), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Retry(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var ids = new Option<long[]>("--id") { Description = "Only these (ids from 'collections failures')", AllowMultipleArgumentsPerToken = true, HelpName = "ID", CustomParser = static result => CommonOptions.ParseWholeNumbers<long>(result, "--id") };
        var command = new Command("retry", "Queue set-aside tasks and emails again; the next sync or 'collections send' sends them") { ids };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var requeued = await run.Services.GetRequiredService<RefusedRecords>().RetryAsync(RefusedKind.Collections, null, run.GetValue(ids), CommandRun.Actor, cancellationToken);
            await run.Output.WriteLineAsync($"{requeued} tasks or emails queued again; 'connector collections send' or the next sync sends them".AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
