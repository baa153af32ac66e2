using System.CommandLine;
using Connector.Domain.Credit;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;
using Connector.Worker.Cli;

namespace Connector.Worker.Holds;

/// <summary>
/// <c>connector holds release --customer ID | --order ID --reason TEXT [--until DATE]</c>: an AR manager's release,
/// kept with who gave it and why (audited). A customer release stops the hold rules holding the customer until it
/// expires (default <c>Credit:DefaultReleaseDays</c>); an order release lets that one order pass. The next sync applies
/// it: the account's hold columns, the order's status Released and its owner's notification.
/// </summary>
public static class HoldsReleaseCommand
{
    /// <summary>What <c>arc_releasereason</c> holds at most (solution-package/).</summary>
    public const int ReasonMaxLength = 500;

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
        var command = new Command("release", "Release a customer's credit hold or one held sales order, with a reason (audited)") { customer, order, reason, until };
        command.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(customer)) == string.IsNullOrWhiteSpace(result.GetValue(order)))
            {
                result.AddError("holds release: say what to release: --customer ID or --order ID (one of them)");
            }

            if (result.GetValue(reason) is not { } text || text.Trim().Length == 0)
            {
                result.AddError("holds release: --reason TEXT is required: a release without a reason is not honoured");
            }
            else if (text.Trim().Length > ReasonMaxLength)
            {
                result.AddError($"holds release: --reason is {text.Trim().Length} characters; at most {ReasonMaxLength} fit in Dynamics");
            }
        });
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var today = DateOnly.FromDateTime(run.Time.GetLocalNow().DateTime);
            if (run.GetValue(until) is { } end && end <= today)
            {
                run.Error.WriteLine($"holds release: --until {end:yyyy-MM-dd} is not after today ({today:yyyy-MM-dd}); the release would never be in force");
                return ExitCodes.BadUsage;
            }

            await using var store = await run.OpenStoreAsync(cancellationToken);
            if (store is null)
            {
                return ExitCodes.UserMustAct;
            }

            var why = run.GetValue(reason)!.Trim();
            return run.GetValue(customer) is { } customerId && customerId.Trim().Length > 0
                ? await ReleaseCustomerAsync(run, store, customerId.Trim(), why, run.GetValue(until), today, cancellationToken)
                : await ReleaseOrderAsync(run, store, run.GetValue(order)!.Trim(), why, run.GetValue(until), today, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ReleaseCustomerAsync(
        CommandRun run, IConnectorStore store, string customerId, string reason, DateOnly? until, DateOnly today, CancellationToken cancellationToken)
    {
        var ledger = await LedgerLoader.LoadAsync(store, cancellationToken);
        if (ledger.Find(customerId) is not { } account)
        {
            run.Error.WriteLine($"holds release: customer '{customerId}' is not in the ledger (check the ERP customer number; 'connector holds list' shows the customers on hold)");
            return ExitCodes.UserMustAct;
        }

        var by = run.Actor;
        var ends = until ?? today.AddDays(run.Policy<CreditPolicy>().DefaultReleaseDays);
        var previous = (await store.ReadManualActionsAsync(cancellationToken))
            .FirstOrDefault(a => a.Kind == ManualActionKinds.Release && a.CustomerId == customerId);
        var release = new ManualAction(ManualActionKinds.Release, customerId, by, reason, today, ends);
        var held = (await store.ReadHoldStatusesAsync(cancellationToken)).FirstOrDefault(h => h.CustomerId == customerId) is { OnHold: true } status
            ? status.Codes.Replace(";", ", ", StringComparison.Ordinal)
            : null;
        await store.CommitReadBackAsync(
            new ReadBackCommit
            {
                Set = [release],
                Audit =
                [
                    new AuditEvent(run.Time.GetUtcNow(), by, "hold-release.set", "customer:" + customerId,
                        previous is null ? null : $"until {previous.Until:yyyy-MM-dd}: {previous.Reason}", $"until {ends:yyyy-MM-dd}: {reason}",
                        held is null ? reason : $"{reason} (held for {held})"),
                ],
            },
            cancellationToken);

        await run.Output.WriteLineAsync(
            (held is null
                ? $"Recorded: {account.Customer.Name} ({customerId}) is not on credit hold now; the release keeps the hold rules off it until {ends:yyyy-MM-dd}."
                : $"Recorded: the credit hold of {account.Customer.Name} ({customerId}) — {held} — is released until {ends:yyyy-MM-dd} by {by}: {reason}.")
            .AsMemory(), cancellationToken);
        await run.Output.WriteLineAsync(
            "The next sync applies it: the account in Dynamics, the customer's held sales orders marked Released and their owners notified ('connector sync --once' to apply it now).".AsMemory(),
            cancellationToken);
        return ExitCodes.Ok;
    }

    private static async Task<int> ReleaseOrderAsync(
        CommandRun run, IConnectorStore store, string orderId, string reason, DateOnly? until, DateOnly today, CancellationToken cancellationToken)
    {
        var orders = await store.ReadOrderCreditsAsync(cancellationToken);
        var order = Guid.TryParse(orderId, out var id)
            ? orders.FirstOrDefault(o => o.OrderId == id)
            : orders.FirstOrDefault(o => string.Equals(o.OrderNumber, orderId, StringComparison.OrdinalIgnoreCase));
        if (order is null)
        {
            run.Error.WriteLine($"holds release: sales order '{orderId}' is not among the open orders the connector has checked (give its order number or Dataverse id; 'connector holds list' shows the held ones)");
            return ExitCodes.UserMustAct;
        }

        if (order.CustomerId.Length == 0)
        {
            run.Error.WriteLine($"holds release: sales order '{orderId}' is for an account that is not a customer of the AR ledger; there is no credit hold to release (Credit:UnknownCustomerPolicy decides such orders)");
            return ExitCodes.UserMustAct;
        }

        var by = run.Actor;
        var label = order.OrderNumber ?? order.OrderId.ToString("D");
        await store.CommitOrderCreditAsync(
            new OrderCreditCommit
            {
                Releases = [new StoredOrderRelease(order.OrderId, order.CustomerId, by, reason, today, until)],
                Audit =
                [
                    new AuditEvent(run.Time.GetUtcNow(), by, "order-release.set", "salesorder:" + label, order.Status,
                        until is { } end ? $"{OrderCreditStatuses.Released} until {end:yyyy-MM-dd}" : OrderCreditStatuses.Released,
                        $"{reason} — was: {order.Message}"),
                ],
            },
            cancellationToken);

        await run.Output.WriteLineAsync(
            (OrderCreditStatuses.IsHeld(order.Status)
                ? $"Recorded: sales order {label} of {order.CustomerId} ({order.Status}) is released by {by}: {reason}."
                : $"Recorded: sales order {label} of {order.CustomerId} is {order.Status}, not held; the release lets it pass should it be held later ({by}: {reason}).")
            .AsMemory(), cancellationToken);
        await run.Output.WriteLineAsync(
            "The next order check applies it: the order marked Released and its owner notified ('connector sync --once' to apply it now).".AsMemory(),
            cancellationToken);
        return ExitCodes.Ok;
    }
}
