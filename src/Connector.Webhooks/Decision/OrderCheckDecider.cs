using Connector.Domain.Credit;
using Connector.Sync.Clock;
using Connector.Sync.Credit;
using Connector.Sync.Ports;
using Connector.Webhooks.Context;

namespace Connector.Webhooks.Decision;

/// <summary>
/// Decides the synchronous order webhook (credit holds, layer 2) from the last evaluation held in memory, with the
/// domain's own order check (<see cref="CreditCheck"/>) and its sentence: no database, no remote call. An order of
/// the connector's own application user passes; an edit is checked for what it adds (pre-image against Target);
/// a missing, stale or unresolvable snapshot is decided by policy and audited. In Hold mode nothing is refused at
/// save (layer 1 marks the order); in Reject mode a blocked order is refused.
/// </summary>
public sealed class OrderCheckDecider
{
    public const string Actor = "webhook:orders/check";

    private const string CurrencyColumn = "transactioncurrencyid";

    private readonly CreditSnapshotHolder holder;
    private readonly CreditPolicy policy;
    private readonly Guid? connectorUserId;
    private readonly CompanyClock clock;
    private readonly Func<Guid, Guid?>? parentAccountOfContact;

    /// <param name="connectorUserId">The connector's application user (<c>Webhook:ConnectorUserId</c>); its orders are never vetoed.</param>
    /// <param name="parentAccountOfContact">
    /// The parent account of a contact customer when the payload does not carry <c>parentcustomerid</c>; <c>null</c>:
    /// such a customer is unknown and <see cref="CreditPolicy.UnknownCustomerPolicy"/> decides.
    /// </param>
    public OrderCheckDecider(CreditSnapshotHolder holder, CreditPolicy policy, Guid? connectorUserId, CompanyClock clock, Func<Guid, Guid?>? parentAccountOfContact = null)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(clock);
        this.holder = holder;
        this.policy = policy;
        this.connectorUserId = connectorUserId;
        this.clock = clock;
        this.parentAccountOfContact = parentAccountOfContact;
    }

    public OrderCheckResult Decide(RemoteExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (connectorUserId is { } own && (context.InitiatingUserId == own || (context.InitiatingUserId == Guid.Empty && context.UserId == own)))
        {
            return new OrderCheckResult(true, "Allowed: the order was written by the connector's own application user.");
        }

        var isUpdate = string.Equals(context.MessageName, "Update", StringComparison.OrdinalIgnoreCase);
        if (!isUpdate && !string.Equals(context.MessageName, "Create", StringComparison.OrdinalIgnoreCase))
        {
            return new OrderCheckResult(true, $"Allowed: '{context.MessageName}' is not an order create or update, nothing to check.");
        }

        var subject = Subject(context);
        var target = context.Target;
        if (target is null)
        {
            var why = context.IsTruncated
                ? "Dataverse truncated the payload (over 256 KB, x-ms-dynamics-msg-size-exceeded) and dropped the order"
                : "the payload carries no Target order";
            return ByPolicy(policy.UnknownCustomerPolicy, "order.check.unreadable", subject, why);
        }

        var pre = context.PreImage;
        if (isUpdate && !target.Has("customerid") && !target.Has("totalamount") && !target.Has(CurrencyColumn))
        {
            return new OrderCheckResult(true, "Allowed: neither the customer, the amount nor the currency changed.");
        }

        var customer = target.Has("customerid") ? target.Reference("customerid") : pre?.Reference("customerid");
        if (customer is null)
        {
            return target.Has("customerid")
                ? new OrderCheckResult(true, "Allowed: the order has no customer, so there is no credit to check.")
                : ByPolicy(policy.UnknownCustomerPolicy, "order.check.unknown-customer", subject,
                    "the payload names no customer (register a pre-image with customerid and totalamount on the Update step)");
        }

        var snapshot = holder.Current;
        var account = AccountOf(customer, target, pre, snapshot);
        if (account is null)
        {
            return ByPolicy(policy.UnknownCustomerPolicy, "order.check.unknown-customer", subject,
                $"the customer is contact {customer.Id} and its parent account is not known");
        }

        var now = clock.Now;
        if (snapshot is null)
        {
            return ByPolicy(policy.StaleSnapshotPolicy, "order.check.stale", subject, "no credit evaluation has run since the connector started");
        }

        var age = now - snapshot.EvaluatedAt;
        if (age > TimeSpan.FromMinutes(policy.StaleSnapshotMinutes))
        {
            return ByPolicy(policy.StaleSnapshotPolicy, "order.check.stale", subject,
                $"the last credit evaluation is {(int)age.TotalMinutes} minutes old (Credit:StaleSnapshotMinutes is {policy.StaleSnapshotMinutes})");
        }

        var credit = snapshot.Find(account.Value);
        if (credit is null)
        {
            return ByPolicy(policy.UnknownCustomerPolicy, "order.check.unknown-customer", subject,
                $"account {account.Value} is not a customer of the AR ledger (no credit account)");
        }

        var day = clock.DayOf(now);
        var orderId = OrderId(context, target, pre);
        var amount = OrderAmounts.Resolve(NewMoney(target, pre), credit, snapshot.Currencies);
        CreditDecision decision;
        AuditEvent? audit = null;
        if (amount.IsConverted)
        {
            decision = CreditCheck.Check(credit, Order(credit.CustomerId, orderId, amount.Value!.Value, Before(target, pre, isUpdate, credit, snapshot), day), policy, snapshot.Actions);
        }
        else
        {
            decision = OrderAmounts.CheckUnconverted(credit, orderId, amount.Explanation, policy, snapshot.Actions, day);
            var refused = !decision.IsAllowed && policy.OrderEnforcement == OrderEnforcement.Reject;
            audit = new AuditEvent(now, Actor, "order.check.unknown-currency", subject, null, refused ? "refused" : decision.IsAllowed ? "allowed" : "held", amount.Explanation);
        }

        if (decision.OverrideEvent is { } used)
        {
            audit = new AuditEvent(now, used.By, "order.override-used", subject, null, decision.Outcome.ToString(), used.Reason);
        }

        if (decision.IsAllowed)
        {
            return new OrderCheckResult(true, decision.Message, decision, audit);
        }

        return policy.OrderEnforcement == OrderEnforcement.Reject
            ? new OrderCheckResult(false, decision.Message, decision, audit)
            : new OrderCheckResult(true, $"Allowed at save (Credit:OrderEnforcement is Hold, the order is marked Held): {decision.Message}", decision, audit);
    }

    /// <summary>
    /// The order as the domain checks it: its new total in the credit currency (0 at a Create before lines are added,
    /// so the hold state is still checked), and on an Update of the same customer the total before, so only the
    /// increase counts.
    /// </summary>
    private static OrderRequest Order(string customerId, string? orderId, decimal amount, decimal? before, DateOnly today) => new()
    {
        CustomerId = customerId,
        OrderId = orderId,
        Amount = amount,
        ExistingAmount = before,
        On = today,
    };

    /// <summary>The total before an edit of the same customer, in the credit currency; <c>null</c>: check the whole amount.</summary>
    private static decimal? Before(WebhookEntity target, WebhookEntity? pre, bool isUpdate, CustomerCreditSnapshot credit, CreditSnapshot snapshot)
    {
        var sameCustomer = !target.Has("customerid") || target.Reference("customerid")?.Id == pre?.Reference("customerid")?.Id;
        if (!isUpdate || !sameCustomer || pre?.Money("totalamount") is not { } total)
        {
            return null;
        }

        var currency = pre.Reference(CurrencyColumn);
        var before = OrderAmounts.Resolve(new OrderMoney(total, currency?.Id, currency?.Name, pre.Money("exchangerate"), pre.Money("totalamount_base")), credit, snapshot.Currencies);
        return before.Value;
    }

    /// <summary>
    /// The order's money after the operation: the Target's columns, the pre-image's for what the Target does not set.
    /// The pre-image's rate holds while the currency stays; its base amount only while the amount stays too.
    /// </summary>
    private static OrderMoney NewMoney(WebhookEntity target, WebhookEntity? pre)
    {
        var currency = target.Has(CurrencyColumn) ? target.Reference(CurrencyColumn) : pre?.Reference(CurrencyColumn);
        var sameCurrency = !target.Has(CurrencyColumn) || target.Reference(CurrencyColumn)?.Id == pre?.Reference(CurrencyColumn)?.Id;
        var amount = target.Money("totalamount") ?? pre?.Money("totalamount");
        var rate = target.Has("exchangerate") ? target.Money("exchangerate") : sameCurrency ? pre?.Money("exchangerate") : null;
        var baseAmount = target.Has("totalamount_base") ? target.Money("totalamount_base")
            : sameCurrency && !target.Has("totalamount") ? pre?.Money("totalamount_base")
            : null;
        return new OrderMoney(amount, currency?.Id, currency?.Name, rate, baseAmount);
    }

    private static string? OrderId(RemoteExecutionContext context, WebhookEntity target, WebhookEntity? pre) =>
        target.Text("ordernumber") ?? pre?.Text("ordernumber") ?? OrderGuid(context)?.ToString("D");

    /// <summary>The account a customer lookup points at: itself, or a contact's parent account.</summary>
    private Guid? AccountOf(EntityReferenceValue customer, WebhookEntity target, WebhookEntity? pre, CreditSnapshot? snapshot)
    {
        if (string.Equals(customer.LogicalName, "account", StringComparison.OrdinalIgnoreCase))
        {
            return customer.Id;
        }

        if (!string.Equals(customer.LogicalName, "contact", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parent = target.Reference("parentcustomerid") ?? pre?.Reference("parentcustomerid");
        if (parent is not null && string.Equals(parent.LogicalName, "account", StringComparison.OrdinalIgnoreCase))
        {
            return parent.Id;
        }

        // Dataverse's payload names only the contact; the last sync read which account each contact belongs to.
        return snapshot?.AccountOfContact(customer.Id) ?? parentAccountOfContact?.Invoke(customer.Id);
    }

    /// <summary>Allows (fail open) or refuses (fail closed, Reject mode only) an order the figures cannot decide, and audits it.</summary>
    private OrderCheckResult ByPolicy(CheckFailurePolicy failure, string action, string subject, string why)
    {
        var refuse = failure == CheckFailurePolicy.FailClosed && policy.OrderEnforcement == OrderEnforcement.Reject;
        var sentence = refuse
            ? $"Order blocked: the credit check cannot decide — {why}. {HoldSentence.Contact(CollectorContact.Team, "check the customer's credit")}"
            : $"Allowed without a credit check: {why}.";
        var audit = new AuditEvent(clock.Now, Actor, action, subject, null, refuse ? "refused" : "allowed", why);
        return new OrderCheckResult(!refuse, sentence, null, audit);
    }

    private static string Subject(RemoteExecutionContext context) =>
        OrderGuid(context) is { } id ? $"salesorder:{id:D}" : "salesorder:new";

    private static Guid? OrderGuid(RemoteExecutionContext context) =>
        context.PrimaryEntityId != Guid.Empty ? context.PrimaryEntityId
        : context.Target is { Id: var id } && id != Guid.Empty ? id
        : null;
}
