using System.CommandLine;
using Connector.Sync.Holds;
using Connector.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Holds;

/// <summary>
/// <c>connector holds release --customer ID | --order ID --reason TEXT [--until DATE] [--force]</c>: an AR manager's
/// release (<see cref="HoldReleases"/>), kept with who gave it and why (audited). The command parses and prints only.
/// </summary>
public static class HoldsReleaseCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var customer = new Option<string?>("--customer") { Description = "Release this customer's hold (ERP customer number)", HelpName = "ID" };
        var order = new Option<string?>("--order") { Description = "Release this one sales order (its order number or Dataverse id)", HelpName = "ID" };
        var reason = new Option<string?>("--reason") { Description = "Why (mandatory; kept in the audit journal)", HelpName = "TEXT" };
        var until = new Option<DateOnly?>("--until")
        {
            Description = "The day the release ends (yyyy-MM-dd; default: Credit:DefaultReleaseDays from today for a customer, none for an order)",
            HelpName = "DATE",
            CustomParser = static result => CommonOptions.ParseDate(result, "--until"),
        };
        var force = new Option<bool>("--force") { Description = "Record a customer release even when no hold rule holds the customer now" };
        var command = new Command("release", "Release a customer's credit hold or one held sales order, with a reason (audited)") { customer, order, reason, until, force };
        command.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(customer)) == string.IsNullOrWhiteSpace(result.GetValue(order)))
            {
                result.AddError("holds release: say what to release: --customer ID or --order ID (one of them)");
            }

            if (HoldReleases.CheckReason(result.GetValue(reason)) is { } why)
            {
                result.AddError("holds release: " + why);
            }
        });
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var releases = run.Services.GetRequiredService<HoldReleases>();
            var why = run.GetValue(reason)!;
            ReleaseResult result;
            try
            {
                result = run.GetValue(customer) is { } customerId && customerId.Trim().Length > 0
                    ? await releases.ReleaseCustomerAsync(new CustomerReleaseRequest(customerId, why, run.GetValue(until), CommandRun.Actor, run.GetValue(force)), cancellationToken)
                    : await releases.ReleaseOrderAsync(new OrderReleaseRequest(run.GetValue(order)!, why, run.GetValue(until), CommandRun.Actor), cancellationToken);
            }
            catch (Exception ex) when (CommandRun.StoreFailure(ex))
            {
                await run.Error.WriteLineAsync(run.StoreProblem(ex).AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            var writer = result.IsRecorded ? run.Output : run.Error;
            foreach (var line in result.Lines)
            {
                await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
            }

            return result.Outcome switch
            {
                ReleaseOutcome.Recorded => ExitCodes.Ok,
                ReleaseOutcome.Invalid => ExitCodes.BadUsage,
                _ => ExitCodes.UserMustAct,
            };
        });
        return command;
    }
}
