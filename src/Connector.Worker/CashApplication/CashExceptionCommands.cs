using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Connector.Sync.CashApplication;
using Connector.Sync.Ports;
using Connector.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.CashApplication;

/// <summary>
/// The exceptions queue a person works: <c>connector cash exceptions [list [--all]|show ID]</c>, <c>cash accept ID</c> (the
/// proposal), <c>cash assign ID --invoice I [--amount X]…</c> (a person's own split), <c>cash reject ID --reason</c>,
/// <c>cash unapply ID --reason</c>. Each decision is recorded and audited by <see cref="CashDesk"/>; these commands parse and print.
/// </summary>
public static class CashExceptionCommands
{
    public static Command Exceptions(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        return new Command("exceptions", "The payments waiting for a person: list, show")
        {
            List(cli),
            Show(cli),
        };
    }

    public static Command Accept(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var id = Id();
        var command = new Command("accept", "Accept an exception's proposal as it stands (audited)") { id };
        cli.SetAction(command, (run, cancellationToken) => DecideAsync(run, "accept", desk => desk.AcceptAsync(run.Parse.GetValue(id), CommandRun.Actor, cancellationToken), cancellationToken));
        return command;
    }

    public static Command Assign(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var id = Id();
        var invoice = new Option<string[]>("--invoice") { Description = "An invoice to apply the payment to (repeat for a split)", HelpName = "INVOICE" };
        var amount = new Option<string[]>("--amount")
        {
            Description = "How much of the payment goes to the --invoice before it (default: what it has open, up to what is left)",
            HelpName = "AMOUNT",
            Validators = { static result => CheckAmounts(result) },
        };
        var reason = new Option<string?>("--reason") { Description = "Why (optional; kept in the audit journal)", HelpName = "TEXT" };
        var command = new Command("assign", "Apply an exception's payment as you split it: --invoice I [--amount X], repeatable (audited)") { id, invoice, amount, reason };
        command.Validators.Add(result =>
        {
            if (result.GetResult(invoice) is null)
            {
                result.AddError("cash assign: give at least one --invoice ID (each may be followed by its --amount)");
            }
            else if (Pairs(result.Tokens.Select(static t => t.Value).ToList()) is { Error: { } error })
            {
                result.AddError("cash assign: " + error);
            }
        });
        cli.SetAction(command, (run, cancellationToken) =>
        {
            var pairs = Pairs([.. run.Parse.Tokens.Select(static t => t.Value)]).Assignments;
            return DecideAsync(run, "assign", desk => desk.AssignAsync(run.Parse.GetValue(id), pairs, CommandRun.Actor, run.GetValue(reason), cancellationToken), cancellationToken);
        });
        return command;
    }

    public static Command Reject(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var id = Id();
        var reason = Reason();
        var command = new Command("reject", "Close an exception without applying: the cash stays unapplied (audited)") { id, reason };
        command.Validators.Add(result => CheckReason(result, reason, "reject"));
        cli.SetAction(command, (run, cancellationToken) => DecideAsync(run, "reject", desk => desk.RejectAsync(run.Parse.GetValue(id), CommandRun.Actor, run.GetValue(reason)!, cancellationToken), cancellationToken));
        return command;
    }

    public static Command Unapply(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var id = Id();
        var reason = Reason();
        var command = new Command("unapply", "Take an accepted application back: the ERP is told, the payment is open again (audited)") { id, reason };
        command.Validators.Add(result => CheckReason(result, reason, "unapply"));
        cli.SetAction(command, (run, cancellationToken) => DecideAsync(run, "unapply", desk => desk.UnapplyAsync(run.Parse.GetValue(id), CommandRun.Actor, run.GetValue(reason)!, cancellationToken), cancellationToken));
        return command;
    }

    /// <summary>
    /// The --invoice/--amount pairs in the order given: each --amount belongs to the --invoice before it.
    /// An --amount before any --invoice, two after one invoice, or one that is no amount is an error.
    /// </summary>
    internal static (IReadOnlyList<CashAssignment> Assignments, string? Error) Pairs(IReadOnlyList<string> tokens)
    {
        var assignments = new List<CashAssignment>();
        string? invoice = null;
        decimal? amount = null;
        var amountGiven = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var (name, value) = Split(tokens, ref i);
            if (name == "--invoice")
            {
                if (invoice is not null)
                {
                    assignments.Add(new CashAssignment(invoice, amount));
                }

                if (string.IsNullOrWhiteSpace(value))
                {
                    return ([], "--invoice needs an invoice number");
                }

                (invoice, amount, amountGiven) = (value.Trim(), null, false);
            }
            else if (name == "--amount")
            {
                if (invoice is null)
                {
                    return ([], $"--amount {value} comes before any --invoice; write --invoice ID --amount X");
                }

                if (amountGiven)
                {
                    return ([], $"--invoice {invoice} has two amounts; give one --amount after each --invoice");
                }

                if (ParseAmount(value) is not { } parsed)
                {
                    return ([], $"--amount: expected an amount such as 1250.00, got '{value}'");
                }

                (amount, amountGiven) = (parsed, true);
            }
        }

        if (invoice is not null)
        {
            assignments.Add(new CashAssignment(invoice, amount));
        }

        return (assignments, null);
    }

    private static (string? Name, string? Value) Split(IReadOnlyList<string> tokens, ref int i)
    {
        var token = tokens[i];
        foreach (var name in (ReadOnlySpan<string>)["--invoice", "--amount"])
        {
            if (token == name)
            {
                return (name, i + 1 < tokens.Count ? tokens[++i] : null);
            }

            if (token.StartsWith(name + "=", StringComparison.Ordinal) || token.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return (name, token[(name.Length + 1)..]);
            }
        }

        return (null, null);
    }

    private static decimal? ParseAmount(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static void CheckAmounts(OptionResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (ParseAmount(token.Value) is null)
            {
                result.AddError($"--amount: expected an amount such as 1250.00, got '{token.Value}'");
            }
        }
    }

    private static Command List(CliContext cli)
    {
        var all = new Option<bool>("--all") { Description = "Every cash application, accepted and rejected ones included" };
        var format = CommonOptions.Format();
        var command = new Command("list", "The exceptions queue (open ones unless --all), newest first") { all, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            try
            {
                var matches = await Desk(run).ListAsync(run.GetValue(all), cancellationToken);
                run.Write(CashExceptionReports.List(matches, run.GetValue(all)), run.GetValue(format));
            }
            catch (Exception ex) when (CommandRun.StoreFailure(ex))
            {
                await run.Error.WriteLineAsync($"cash exceptions list: {run.StoreFailureLine(ex)}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliContext cli)
    {
        var id = Id();
        var format = CommonOptions.Format();
        var command = new Command("show", "One cash application: the payment, why it waits, the proposal, the candidates, what was decided") { id, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            StoredCashMatch? match;
            try
            {
                match = await Desk(run).FindAsync(run.Parse.GetValue(id), cancellationToken);
            }
            catch (Exception ex) when (CommandRun.StoreFailure(ex))
            {
                await run.Error.WriteLineAsync($"cash exceptions show: {run.StoreFailureLine(ex)}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            if (match is null)
            {
                await run.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"cash exceptions show: there is no cash application {run.Parse.GetValue(id)} ('connector cash exceptions list --all' shows them all)").AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            run.Write(CashExceptionReports.Show(match), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> DecideAsync(CommandRun run, string verb, Func<CashDesk, Task<CashDecisionResult>> decide, CancellationToken cancellationToken)
    {
        CashDecisionResult result;
        try
        {
            result = await decide(Desk(run));
        }
        catch (Exception ex) when (CommandRun.StoreFailure(ex))
        {
            await run.Error.WriteLineAsync($"cash {verb}: {run.StoreFailureLine(ex)}".AsMemory(), cancellationToken);
            return ExitCodes.UserMustAct;
        }

        var writer = result.IsRecorded ? run.Output : run.Error;
        foreach (var line in result.Lines)
        {
            await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
        }

        return result.Outcome switch
        {
            CashDecisionOutcome.Recorded => ExitCodes.Ok,
            CashDecisionOutcome.Refused => ExitCodes.BadUsage,
            _ => ExitCodes.UserMustAct,
        };
    }

    private static Argument<long> Id() => new("id")
    {
        Description = "The cash application's id (from 'cash exceptions list')",
        HelpName = "ID",
        CustomParser = static result => CommonOptions.ParseWholeNumber<long>(result, "ID", 1L),
    };

    private static Option<string?> Reason() => new("--reason") { Description = "Why (mandatory; kept in the audit journal)", HelpName = "TEXT" };

    private static void CheckReason(CommandResult result, Option<string?> reason, string verb)
    {
        if (CashDesk.CheckReason(result.GetValue(reason)) is { } why)
        {
            result.AddError($"cash {verb}: {why}");
        }
    }

    private static CashDesk Desk(CommandRun run) => run.Services.GetRequiredService<CashDesk>();
}
