using System.CommandLine;
using System.Globalization;
using Connector.Erp;
using Connector.Mapping.Canonical;
using Connector.Sync.Cycle;
using Connector.Sync.DeadLetters;
using Connector.Sync.Ports;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.DeadLetters;

/// <summary>
/// <c>connector deadletters list|show|retry|purge</c>: the rows ingest quarantined, listed one line per reason with a count
/// (or one per row with <c>--each</c>), each with its source, line, key, field and reason; retried after a mapping fix (only
/// those rows run again; a whole file is read again from where it was kept), or purged.
/// </summary>
public static class DeadLetterCommands
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        return new Command("deadletters", "Rows quarantined by ingest: list, show, retry after a fix, purge")
        {
            List(cli),
            Show(cli),
            Retry(cli),
            Purge(cli),
        };
    }

    private static Command List(CliContext cli)
    {
        var entity = EntityOption.Create("Only this entity's letters");
        var all = new Option<bool>("--all") { Description = "Also the letters a retry or a later export resolved" };
        var each = new Option<bool>("--each") { Description = "One line per letter instead of one per reason" };
        var format = CommonOptions.Format();
        var command = new Command("list", "List quarantined rows, one line per reason with a count (open ones unless --all; --each: one line per row)") { entity, all, each, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var status = run.GetValue(all) ? (DeadLetterStatus?)null : DeadLetterStatus.Open;
            var query = new DeadLetterQuery(run.GetValue(entity), status, int.MaxValue);
            try
            {
                run.Write(
                    run.GetValue(each)
                        ? DeadLetterReports.List(await Desk(run).ListAsync(query, cancellationToken), status)
                        : DeadLetterReports.Groups(await Desk(run).GroupAsync(query, cancellationToken), status),
                    run.GetValue(format));
            }
            catch (Exception ex) when (CommandRun.StoreFailure(ex))
            {
                await run.Error.WriteLineAsync($"deadletters list: {run.StoreFailureLine(ex)}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliContext cli)
    {
        var id = new Argument<long>("id")
        {
            Description = "The letter's id (from 'deadletters list')",
            HelpName = "ID",
            CustomParser = static result => CommonOptions.ParseWholeNumber<long>(result, "ID"),
        };
        var format = CommonOptions.Format();
        var command = new Command("show", "One quarantined row: where it came from, why, and its values") { id, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var letter = await Desk(run).FindAsync(run.Parse.GetValue(id), cancellationToken);
            if (letter is null)
            {
                await run.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"dead letter {run.Parse.GetValue(id)} not found (see 'connector deadletters list --all')").AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            run.Write(DeadLetterReports.Show(letter), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Retry(CliContext cli)
    {
        var entity = EntityOption.Create("Only this entity's letters");
        var ids = new Option<long[]>("--id") { Description = "Only these letters", AllowMultipleArgumentsPerToken = true, HelpName = "ID", CustomParser = static result => CommonOptions.ParseWholeNumbers<long>(result, "--id") };
        var format = CommonOptions.Format();
        var command = new Command("retry", "Map the quarantined rows again with today's mappings; those that pass land") { entity, ids, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var only = run.GetValue(ids) is { Length: > 0 } given ? given : null;
            RetryReport report;
            try
            {
                report = await Desk(run).RetryAsync(run.GetValue(entity), only, CommandRun.Actor, cancellationToken);
            }
            catch (InvalidMappingsException ex)
            {
                foreach (var problem in ex.Problems)
                {
                    await run.Error.WriteLineAsync(problem.ToString().AsMemory(), cancellationToken);
                }

                return ExitCodes.UserMustAct;
            }
            catch (ErpSourceException ex)
            {
                await run.Error.WriteLineAsync($"deadletters retry: {ex.Message}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }
            catch (Exception ex) when (CommandRun.StoreFailure(ex))
            {
                await run.Error.WriteLineAsync($"deadletters retry: {run.StoreFailureLine(ex)}; what was committed stays, retry again".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            if (report.StillFailing > 0)
            {
                run.Warn($"{report.StillFailing} rows still fail: 'connector deadletters list' shows the new reasons");
            }

            run.Write(DeadLetterReports.Retried(report), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Purge(CliContext cli)
    {
        var entity = EntityOption.Create("Every letter of this entity");
        var ids = new Option<long[]>("--id") { Description = "These letters", AllowMultipleArgumentsPerToken = true, HelpName = "ID", CustomParser = static result => CommonOptions.ParseWholeNumbers<long>(result, "--id") };
        var resolved = new Option<bool>("--resolved") { Description = "Every letter a retry resolved" };
        var all = new Option<bool>("--all") { Description = "Every letter, open ones included" };
        var command = new Command("purge", "Delete letters for good (say which: --id, --entity, --resolved or --all)") { entity, ids, resolved, all };
        command.Validators.Add(result =>
        {
            // Whether each was given, not its value: command validators run before the options are parsed, and reading a
            // value that does not parse (--id abc) would throw instead of letting the option say what it expected.
            if (result.GetResult(ids) is null && result.GetResult(entity) is null && !result.GetValue(resolved) && !result.GetValue(all))
            {
                result.AddError("deadletters purge: say which letters: --id ID…, --entity NAME, --resolved or --all");
            }
        });
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var given = run.GetValue(ids) is { Length: > 0 } list ? list : null;
            DeadLetterStatus? status = run.GetValue(all) || given is not null ? null : run.GetValue(resolved) ? DeadLetterStatus.Resolved : DeadLetterStatus.Open;
            var purged = await Desk(run).PurgeAsync(given, run.GetValue(entity), status, CommandRun.Actor, cancellationToken);
            await run.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"purged {purged} dead letters").AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static DeadLetterDesk Desk(CommandRun run) => run.Services.GetRequiredService<DeadLetterDesk>();
}
