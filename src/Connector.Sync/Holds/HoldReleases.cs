using Connector.Domain.Evaluation;
using Connector.Sync.Clock;
using Connector.Sync.Credit;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Holds;

/// <summary>
/// An AR manager's releases from the command line: a customer's hold (the hold rules leave the customer alone until the
/// release ends) or one held sales order (a one-order override). Each is checked, recorded with who and why, and audited
/// in one transaction; the evaluation honours it from that moment (credit check, holds, collections plan), and the next
/// sync writes it to Dynamics and the ERP.
/// </summary>
public sealed class HoldReleases
{
    /// <summary>What <c>arc_releasereason</c> and <c>arc_holdreleasereason</c> hold at most (solution-package/).</summary>
    public const int ReasonMaxLength = 500;

    private readonly IConnectorStoreFactory stores;
    private readonly CompanyClock clock;
    private readonly EvaluationPolicies policies;
    private readonly CreditSnapshotSharing sharing;

    public HoldReleases(IConnectorStoreFactory stores, CompanyClock clock, EvaluationPolicies policies, CreditSnapshotSharing sharing)
    {
        ArgumentNullException.ThrowIfNull(sharing);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(policies);
        this.stores = stores;
        this.clock = clock;
        this.policies = policies;
        this.sharing = sharing;
    }

    /// <summary>Why a reason is refused, or <c>null</c> when it is fine.</summary>
    public static string? CheckReason(string? reason) =>
        reason is null || reason.Trim().Length == 0 ? "--reason TEXT is required: a release without a reason is not honoured"
        : reason.Trim().Length > ReasonMaxLength ? $"--reason is {reason.Trim().Length} characters; at most {ReasonMaxLength} fit in Dynamics"
        : null;

    public async Task<ReleaseResult> ReleaseCustomerAsync(CustomerReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var today = clock.Today;
        if (Invalid(request.Reason, request.Until, today) is { } invalid)
        {
            return invalid;
        }

        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        var evaluation = await LedgerEvaluator.EvaluateAsync(store, policies, today, cancellationToken).ConfigureAwait(false);
        var customerId = request.CustomerId.Trim();
        if (evaluation.Credit.Find(customerId) is not { } snapshot)
        {
            return ReleaseResult.Of(ReleaseOutcome.Unknown,
                $"holds release: customer '{customerId}' is not in the ledger (check the ERP customer number; 'connector holds list' shows the customers on hold)");
        }

        var hold = snapshot.Hold;
        var reason = request.Reason.Trim();
        var ends = request.Until ?? today.AddDays(policies.Credit.DefaultReleaseDays);
        var name = $"{snapshot.CustomerName} ({customerId})";
        var fires = hold.OnHold || hold.SuppressedByRelease;
        if (!fires && !request.Force)
        {
            return ReleaseResult.Of(ReleaseOutcome.NotOnHold,
                $"holds release: {name} is not on credit hold: no hold rule applies to it as of {today:yyyy-MM-dd}, so there is nothing to release.",
                $"Nothing was recorded. To record a release anyway (it would keep the hold rules off {customerId} until {ends:yyyy-MM-dd}), repeat the command with --force.");
        }

        var codes = string.Join(", ", hold.Codes);
        var previous = evaluation.State.StoredActions.FirstOrDefault(a => a.Kind == ManualActionKinds.Release && a.CustomerId == customerId);
        var release = new ManualAction(ManualActionKinds.Release, customerId, request.By, reason, today, ends);
        await store.CommitReadBackAsync(
            new ReadBackCommit
            {
                Set = [release],
                Audit =
                [
                    new AuditEvent(clock.Now, request.By, "hold-release.set", "customer:" + customerId,
                        previous is null ? null : $"until {previous.Until:yyyy-MM-dd}: {previous.Reason}", $"until {ends:yyyy-MM-dd}: {reason}",
                        fires ? $"{reason} (held for {codes})" : $"{reason} (not on hold when released; recorded with --force)"),
                ],
            },
            cancellationToken).ConfigureAwait(false);
        await PublishReleasedAsync(store, evaluation, today, cancellationToken).ConfigureAwait(false);

        return ReleaseResult.Of(
            ReleaseOutcome.Recorded,
            hold.OnHold
                ? $"Recorded: the credit hold of {name} — {codes} — is released until {ends:yyyy-MM-dd} by {request.By}: {reason}."
                : hold.SuppressedByRelease
                    ? $"Recorded: {name} stays released — {codes} — now until {ends:yyyy-MM-dd}, by {request.By}: {reason}."
                    : $"Recorded (--force): {name} is not on credit hold now; the release keeps the hold rules off it until {ends:yyyy-MM-dd}.",
            "From now on 'connector credit check', 'holds evaluate' and 'collections plan' honour it; the next sync shows it on the account in Dynamics, "
            + "marks the customer's held sales orders Released and notifies their owners ('connector sync --once' to apply it now).");
    }

    public async Task<ReleaseResult> ReleaseOrderAsync(OrderReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var today = clock.Today;
        if (Invalid(request.Reason, request.Until, today) is { } invalid)
        {
            return invalid;
        }

        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        var orders = await store.ReadOrderCreditsAsync(cancellationToken).ConfigureAwait(false);
        var wanted = request.Order.Trim();
        var order = Guid.TryParse(wanted, out var id)
            ? orders.FirstOrDefault(o => o.OrderId == id)
            : orders.FirstOrDefault(o => string.Equals(o.OrderNumber, wanted, StringComparison.OrdinalIgnoreCase));
        if (order is null)
        {
            return ReleaseResult.Of(ReleaseOutcome.Unknown,
                $"holds release: sales order '{wanted}' is not among the open orders the connector has checked (give its order number or Dataverse id; 'connector holds list' shows the held ones)");
        }

        if (order.CustomerId.Length == 0)
        {
            return ReleaseResult.Of(ReleaseOutcome.Unknown,
                $"holds release: sales order '{wanted}' is for an account that is not a customer of the AR ledger; there is no credit hold to release (Credit:UnknownCustomerPolicy decides such orders)");
        }

        var reason = request.Reason.Trim();
        var label = order.OrderNumber ?? order.OrderId.ToString("D");
        await store.CommitOrderCreditAsync(
            new OrderCreditCommit
            {
                Releases = [new StoredOrderRelease(order.OrderId, order.CustomerId, request.By, reason, today, request.Until)],
                Audit =
                [
                    new AuditEvent(clock.Now, request.By, "order-release.set", "salesorder:" + label, order.Status,
                        request.Until is { } end ? $"{OrderCreditStatuses.Released} until {end:yyyy-MM-dd}" : OrderCreditStatuses.Released,
                        $"{reason} — was: {order.Message}"),
                ],
            },
            cancellationToken).ConfigureAwait(false);

        // A one-order override applies at the check itself: publishing the actions in force is enough.
        await sharing.PublishActionsAsync(store, cancellationToken).ConfigureAwait(false);

        return ReleaseResult.Of(
            ReleaseOutcome.Recorded,
            OrderCreditStatuses.IsHeld(order.Status)
                ? $"Recorded: sales order {label} of {order.CustomerId} ({order.Status}) is released by {request.By}: {reason}."
                : $"Recorded: sales order {label} of {order.CustomerId} is {order.Status}, not held; the release lets it pass should it be held later ({request.By}: {reason}).",
            "The next order check applies it: the order marked Released and its owner notified ('connector sync --once' to apply it now).");
    }

    /// <summary>
    /// A customer's release changes its hold, which the evaluation decides: evaluate again with it and publish the
    /// figures, with the account, contact and currency maps of the newest published ones (read from Dataverse by the
    /// cycle) and their evaluation time (the ledger is as that sync left it). Nothing when no cycle published yet.
    /// </summary>
    private async Task PublishReleasedAsync(IConnectorStore store, LedgerEvaluation before, DateOnly today, CancellationToken cancellationToken)
    {
        if (await CreditSnapshotSharing.ReadNewestAsync(store, cancellationToken).ConfigureAwait(false) is not { } published)
        {
            return;
        }

        // The ledger read for the check is the one in the store; only the actions changed.
        var state = await EvaluationState.ReadAsync(store, cancellationToken).ConfigureAwait(false);
        var evaluation = LedgerEvaluator.Evaluate(before.Ledger, state, policies, today);
        var accountIds = await store.ReadRecordIdsAsync(DataverseModel.Accounts.LogicalName, cancellationToken).ConfigureAwait(false);
        await sharing.PublishFiguresAsync(
            store,
            new CreditSnapshot(evaluation.Credit, accountIds, evaluation.State.Actions, published.EvaluatedAt, published.ContactAccounts, published.Currencies),
            cancellationToken).ConfigureAwait(false);
    }

    private static ReleaseResult? Invalid(string reason, DateOnly? until, DateOnly today)
    {
        if (CheckReason(reason) is { } why)
        {
            return ReleaseResult.Of(ReleaseOutcome.Invalid, "holds release: " + why);
        }

        return until is { } end && end <= today
            ? ReleaseResult.Of(ReleaseOutcome.Invalid, $"holds release: --until {end:yyyy-MM-dd} is not after today ({today:yyyy-MM-dd}); the release would never be in force")
            : null;
    }
}
