using Connector.Domain.Credit;
using Connector.Sync.Credit;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Orders;

/// <summary>
/// Layer 1 of the credit holds, for one order: decides its credit status with the domain's own order check
/// (<see cref="CreditCheck"/>) against the last evaluation, honours a release an AR manager gave in Dynamics (status
/// Released + a reason) or from the CLI, and says when the owner must be told (held, released) and what is audited.
/// Pure: the pass reads and writes, this only decides.
/// </summary>
public static class OrderCreditRules
{
    public const string Actor = "connector:order-credit";

    /// <summary>What <c>arc_creditmessage</c> holds at most (solution-package/).</summary>
    public const int MessageMaxLength = 2000;

    private const string ReleaseNotApplied = "Release not applied: ";

    /// <param name="facts">The order, resolved.</param>
    /// <param name="previous">What the connector last decided for it; <c>null</c> for an order not seen before.</param>
    /// <param name="credit">The customer's credit snapshot; <c>null</c> when the account is not a customer of the AR ledger.</param>
    /// <param name="customerRelease">A release of the customer's hold in force (it explains why a held order passes now).</param>
    /// <param name="release">The release already given for this order, if any.</param>
    /// <param name="connectorUserId">The connector's own application user: a status it wrote is never read as a person's release.</param>
    public static OrderVerdict Decide(
        OrderFacts facts,
        StoredOrderCredit? previous,
        CustomerCreditSnapshot? credit,
        CreditPolicy policy,
        HoldRelease? customerRelease,
        StoredOrderRelease? release,
        Guid? connectorUserId,
        DateTimeOffset now,
        DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(policy);
        var audit = new List<AuditEvent>(2);
        var wasHeld = previous is not null ? OrderCreditStatuses.IsHeld(previous.Status) : facts.Row?.CreditStatus is { } shown && IsHeldOption(shown);
        StoredOrderRelease? given = null;
        string? ignoredRelease = null;

        // A person set Released in Dynamics: a release with its reason, honoured from now on for this order.
        if (facts.Row is { CreditStatus: DataverseModel.Choices.CreditReleased } row
            && previous?.Status != OrderCreditStatuses.Released
            && release is null
            && (connectorUserId is null || row.ModifiedById != connectorUserId))
        {
            var by = "dynamics:" + (row.ModifiedByName ?? row.ModifiedById?.ToString("D") ?? "unknown user");
            if (row.ReleaseReason is { } reason && facts.CustomerId is { } customerId)
            {
                given = new StoredOrderRelease(facts.OrderId, customerId, by, reason, today, null);
                release = given;
            }
            else
            {
                ignoredRelease = row.ReleaseReason is null
                    ? "a release needs a reason in arc_releasereason"
                    : "the account is not a customer of the AR ledger, so there is no hold to release";
                audit.Add(new AuditEvent(now, by, "order.release-ignored", facts.Subject, previous?.Status, OrderCreditStatuses.Released, ignoredRelease));
            }
        }

        var (status, message, byCustomerRelease) = Status(facts, credit, policy, customerRelease, release, wasHeld, today);
        if (byCustomerRelease && given is null && release is null && facts.CustomerId is { } released)
        {
            // The order passes because a person released its customer: it stays released after that release expires.
            given = new StoredOrderRelease(facts.OrderId, released, customerRelease!.ReleasedBy, customerRelease.Reason, today, null);
        }

        if (ignoredRelease is not null)
        {
            message = $"{ReleaseNotApplied}{ignoredRelease}. {message}";
        }
        else if (previous is { } earlier
            && earlier.Status == status
            && earlier.Message.StartsWith(ReleaseNotApplied, StringComparison.Ordinal)
            && earlier.Message.EndsWith(message, StringComparison.Ordinal))
        {
            // The connector's own write-back wakes the next pass at once: the person keeps reading why their release
            // was not applied until the sentence itself changes.
            message = earlier.Message;
        }

        message = Fit(message);
        var nowHeld = OrderCreditStatuses.IsHeld(status);
        OrderNoticeKind? notice = null;
        if (!wasHeld && nowHeld)
        {
            notice = OrderNoticeKind.Held;
            audit.Add(new AuditEvent(now, Actor, "order.held", facts.Subject, previous?.Status, status, message));
        }
        else if (wasHeld && !nowHeld)
        {
            notice = OrderNoticeKind.Released;
            var (actor, why) = given is not null ? (given.By, given.Reason)
                : release is not null ? (release.By, release.Reason)
                : (Actor, "no hold rule fires any more");
            audit.Add(new AuditEvent(now, actor, "order.released", facts.Subject, previous?.Status ?? OrderCreditStatuses.Held, status, $"{why} — {message}"));
        }
        else if (given is not null)
        {
            audit.Add(new AuditEvent(now, given.By, "order.released", facts.Subject, previous?.Status, status, $"{given.Reason} — {message}"));
        }

        var state = new StoredOrderCredit
        {
            OrderId = facts.OrderId,
            OrderNumber = facts.Number ?? previous?.OrderNumber,
            Name = facts.Name ?? previous?.Name,
            CustomerId = facts.CustomerId ?? "",
            AccountId = facts.AccountId,
            OwnerId = facts.OwnerUserId,
            Amount = facts.Amount,
            Status = status,
            Message = message,
            HeldSince = nowHeld ? (wasHeld ? previous?.HeldSince ?? now : now) : null,
            Notices = (previous?.Notices ?? 0) + (notice is null || facts.OwnerUserId is null ? 0 : 1),
            CheckedAt = now,
        };

        var write = facts.Row is { } shownRow
            ? shownRow.CreditStatus != Option(status) || !string.Equals(shownRow.CreditMessage, message, StringComparison.Ordinal)
            : previous is null || previous.Status != status || !string.Equals(previous.Message, message, StringComparison.Ordinal);
        return new OrderVerdict(state, write, notice, audit, given);
    }

    /// <summary>The <c>arc_creditstatus</c> option value of a stored status.</summary>
    public static int Option(string status) => status switch
    {
        OrderCreditStatuses.Approved => DataverseModel.Choices.CreditApproved,
        OrderCreditStatuses.Held => DataverseModel.Choices.CreditHeld,
        OrderCreditStatuses.Released => DataverseModel.Choices.CreditReleased,
        OrderCreditStatuses.Rejected => DataverseModel.Choices.CreditRejected,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not an order credit status"),
    };

    private static bool IsHeldOption(int option) => option is DataverseModel.Choices.CreditHeld or DataverseModel.Choices.CreditRejected;

    private static (string Status, string Message, bool ByCustomerRelease) Status(
        OrderFacts facts, CustomerCreditSnapshot? credit, CreditPolicy policy, HoldRelease? customerRelease, StoredOrderRelease? release, bool wasHeld, DateOnly today)
    {
        var blocked = policy.OrderEnforcement == OrderEnforcement.Reject ? OrderCreditStatuses.Rejected : OrderCreditStatuses.Held;
        if (credit is null)
        {
            return policy.UnknownCustomerPolicy == CheckFailurePolicy.FailClosed
                ? (blocked, $"Order blocked: the account is not a customer of the AR ledger (no credit account). {HoldSentence.Contact(CollectorContact.Team, "open a credit account")}", false)
                : (OrderCreditStatuses.Approved, "Order allowed without a credit check: the account is not a customer of the AR ledger.", false);
        }

        var overrides = release is null
            ? null
            : new ManualActions(overrides: [new OrderOverride { OrderId = facts.OrderId.ToString("D"), CustomerId = release.CustomerId, By = release.By, Reason = release.Reason, Until = release.Until }]);
        var decision = facts.AmountProblem is { } problem
            ? OrderAmounts.CheckUnconverted(credit, facts.OrderId.ToString("D"), problem, policy, overrides, today)
            : CreditCheck.Check(
                credit,
                new OrderRequest { CustomerId = credit.CustomerId, OrderId = facts.OrderId.ToString("D"), Amount = facts.Amount, On = today },
                policy,
                overrides);
        if (!decision.IsAllowed)
        {
            return (blocked, decision.Message, false);
        }

        if (decision.Override is not null)
        {
            return (OrderCreditStatuses.Released, decision.Message, false);
        }

        if (release is not null)
        {
            // Released by a person and nothing blocks it now either: it stays Released, saying who released it.
            var releasedUntil = release.Until is { } end ? $" until {end:yyyy-MM-dd}" : "";
            return (OrderCreditStatuses.Released, $"Released by {release.By}{releasedUntil} ({release.Reason}). {decision.Message}", false);
        }

        if (wasHeld && customerRelease is not null)
        {
            // Worded as the order release it leaves behind will be, so the next pass writes the same sentence.
            return (OrderCreditStatuses.Released, $"Released by {customerRelease.ReleasedBy} ({customerRelease.Reason}). {decision.Message}", true);
        }

        return (OrderCreditStatuses.Approved, decision.Message, false);
    }

    private static string Fit(string message) =>
        message.Length <= MessageMaxLength ? message : string.Concat(message.AsSpan(0, MessageMaxLength - 1), "…");
}
