using System.CommandLine;
using Connector.Sync.Failures;
using Connector.Sync.Ports;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Push;

/// <summary>
/// <c>connector push failures|retry</c>: records Dataverse refused for their content (a value too long, a missing
/// account …), set aside with Dataverse's reason while their neighbours went through; retried after a fix.
/// </summary>
public static class PushCommands
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        return new Command("push", "Records Dataverse refused: list them, retry them after a fix")
        {
            Failures(cli),
            Retry(cli),
        };
    }

    private static Command Failures(CliContext cli)
    {
        var target = new Option<string?>("--table") { Description = "Only this Dataverse table (account, arc_openitem, arc_payment)", HelpName = "TABLE" };
        var format = CommonOptions.Format();
        var command = new Command("failures", "List the records Dataverse refused, with its reason") { target, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var entries = await run.Services.GetRequiredService<RefusedRecords>().ListAsync(RefusedKind.Dataverse, run.GetValue(target), cancellationToken);
            run.Write(ToReport(entries), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Retry(CliContext cli)
    {
        var target = new Option<string?>("--table") { Description = "Only this Dataverse table", HelpName = "TABLE" };
        var ids = new Option<long[]>("--id") { Description = "Only these records (ids from 'push failures')", AllowMultipleArgumentsPerToken = true, HelpName = "ID", CustomParser = static result => CommonOptions.ParseWholeNumbers<long>(result, "--id") };
        var command = new Command("retry", "Queue refused records again; the next sync sends them") { target, ids };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var requeued = await run.Services.GetRequiredService<RefusedRecords>().RetryAsync(RefusedKind.Dataverse, run.GetValue(target), run.GetValue(ids), CommandRun.Actor, cancellationToken);
            await run.Output.WriteLineAsync($"{requeued} records queued again; 'connector sync --once' sends them".AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Set-aside outbox entries as a table; <paramref name="refuser"/> names who refused them (Dataverse, Graph).</summary>
    internal static Report ToReport(IReadOnlyList<OutboxEntry> entries, string refuser = "Dataverse")
    {
        ReportColumn[] columns =
        [
            ReportColumn.Number("id", "Id"),
            ReportColumn.Text("table", "Table"),
            ReportColumn.Text("key", "Key"),
            ReportColumn.Number("attempts", "Attempts"),
            ReportColumn.Text("reason", "Reason"),
        ];
        var rows = entries.Select(static e => new ReportRow(
        [
            Cell.Integer(e.Id),
            Cell.Of(e.Item.Target.StartsWith("dataverse:", StringComparison.Ordinal) ? e.Item.Target["dataverse:".Length..] : e.Item.Target),
            Cell.Of(e.Item.Key),
            Cell.Integer(e.Attempts),
            Cell.Of(e.LastError ?? ""),
        ])).ToList();
        return new Report
        {
            Title = entries.Count == 0 ? $"No records refused by {refuser}" : $"{entries.Count} records refused by {refuser}",
            Sections = [new ReportSection(null, columns, rows)],
            Notes = [],
        };
    }
}
