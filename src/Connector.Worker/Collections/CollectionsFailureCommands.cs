using System.CommandLine;
using Connector.Sync.Collections;
using Connector.Worker.Cli;
using Connector.Worker.Push;

namespace Connector.Worker.Collections;

/// <summary>
/// <c>connector collections failures|retry</c>: tasks Graph refused and dunning emails set aside (refused, or possibly
/// sent before an interruption), with the reason; queued again after a fix or a check of the sender's Sent Items.
/// </summary>
public static class CollectionsFailureCommands
{
    private static readonly string[] Targets = [TaskIntent.Target, MailIntent.Target];

    public static Command Failures(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var format = CommonOptions.Format();
        var command = new Command("failures", "List the tasks and emails set aside, with the reason") { format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            await using var store = await run.OpenStoreAsync(cancellationToken);
            if (store is null)
            {
                return ExitCodes.UserMustAct;
            }

            var entries = new List<Connector.Sync.Ports.OutboxEntry>();
            foreach (var target in Targets)
            {
                entries.AddRange(await store.ReadQuarantinedAsync(target, int.MaxValue, cancellationToken));
            }

            run.Write(PushCommands.ToReport(entries, "Graph or set aside"), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Retry(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var ids = new Option<long[]>("--id") { Description = "Only these (ids from 'collections failures')", AllowMultipleArgumentsPerToken = true, HelpName = "ID" };
        var command = new Command("retry", "Queue set-aside tasks and emails again; the next sync or 'collections send' sends them") { ids };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            await using var store = await run.OpenStoreAsync(cancellationToken);
            if (store is null)
            {
                return ExitCodes.UserMustAct;
            }

            var only = run.GetValue(ids) is { Length: > 0 } given ? new HashSet<long>(given) : null;
            var chosen = new List<long>();
            foreach (var target in Targets)
            {
                chosen.AddRange((await store.ReadQuarantinedAsync(target, int.MaxValue, cancellationToken))
                    .Where(e => only is null || only.Contains(e.Id))
                    .Select(static e => e.Id));
            }

            var requeued = await store.RequeueAsync(chosen, cancellationToken);
            await store.AppendAsync(run.Audit("collections.retry", "outbox graph", $"requeued {requeued}"), cancellationToken);
            await run.Output.WriteLineAsync($"{requeued} tasks or emails queued again; 'connector collections send' or the next sync sends them".AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
