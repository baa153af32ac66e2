using Connector.Domain.Credit;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Writeback;

/// <summary>What one evaluation means for the ERP: the rows that changed since the last writeback, ready for the outbox.</summary>
/// <param name="Outbox">Hold rows (target <c>erp:hold</c>) then order rows (<c>erp:order-credit</c>) whose content differs from what was last written.</param>
/// <param name="OrdersChecked">Open ERP orders whose credit was decided (changed or not).</param>
/// <param name="UnknownCustomerOrders">Open ERP orders of a customer the ledger does not know: not written back (the ingest reports them as orphans).</param>
public sealed record ErpWritebackPlan(IReadOnlyList<OutboxItem> Outbox, int OrdersChecked, int UnknownCustomerOrders);

/// <summary>
/// Turns one evaluation into the ERP's view of it: every customer's hold flag, codes and sentence, and for every open
/// ERP order the decision the order check in Dynamics gives the same order. The order is already counted in the
/// customer's exposure, so the check adds nothing for it: it is Held when the customer is on hold (or its credit
/// cannot be evaluated) unless a one-order override lets it pass, exactly as Dynamics shows it.
/// </summary>
public static class ErpWritebackPlanner
{
    /// <param name="orders">The ledger's orders; only open ones from the ERP are written back.</param>
    /// <param name="actions">The one-order overrides in force; <c>null</c>: none.</param>
    /// <param name="holdBaseline">What was last written (and is pending) per customer, target <c>erp:hold</c>.</param>
    /// <param name="orderBaseline">The same per order, target <c>erp:order-credit</c>.</param>
    public static ErpWritebackPlan Plan(
        PortfolioEvaluation evaluation,
        IEnumerable<Order> orders,
        CreditPolicy policy,
        ManualActions? actions,
        PushBaseline holdBaseline,
        PushBaseline orderBaseline)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(holdBaseline);
        ArgumentNullException.ThrowIfNull(orderBaseline);
        var outbox = new List<OutboxItem>();
        var credit = evaluation.Credit;
        foreach (var snapshot in credit.Snapshots)
        {
            var item = WritebackJson.ToOutbox(HoldRow(snapshot, evaluation.AsOf));
            if (holdBaseline.NeedsSending(item))
            {
                outbox.Add(item);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        int checkedOrders = 0, unknown = 0;
        foreach (var order in orders)
        {
            if (order.Source != OrderSource.Erp || !order.IsOpen || !seen.Add(order.Id))
            {
                continue;
            }

            if (credit.Find(order.CustomerId) is not { } snapshot)
            {
                unknown++;
                continue;
            }

            checkedOrders++;
            var item = WritebackJson.ToOutbox(OrderRow(snapshot, order, policy, actions, evaluation.AsOf));
            if (orderBaseline.NeedsSending(item))
            {
                outbox.Add(item);
            }
        }

        return new ErpWritebackPlan(outbox, checkedOrders, unknown);
    }

    /// <summary>The customer's flag; a released hold is "not on hold" with the release sentence, as in Dynamics.</summary>
    internal static CustomerHoldRow HoldRow(CustomerCreditSnapshot snapshot, DateOnly asOf)
    {
        var hold = snapshot.Hold;
        return new CustomerHoldRow(snapshot.CustomerId, hold.OnHold, hold.OnHold ? string.Join(';', hold.Codes) : "", snapshot.HoldMessage, asOf);
    }

    /// <summary>An open ERP order as the credit check takes it: its uninvoiced amount, on the evaluation date.</summary>
    public static OrderRequest Request(Order order, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderRequest { CustomerId = order.CustomerId, OrderId = order.Id, Amount = Math.Max(0m, order.UninvoicedAmount), Currency = order.Currency, On = asOf };
    }

    /// <summary>
    /// The domain's check of the order as it stands: its uninvoiced amount, which is what its id counts in exposure,
    /// so the increase is nil and no limit is exceeded by the order itself (a customer over its limit is on hold).
    /// </summary>
    internal static OrderCreditRow OrderRow(CustomerCreditSnapshot snapshot, Order order, CreditPolicy policy, ManualActions? actions, DateOnly asOf)
    {
        var decision = CreditCheck.Check(snapshot, Request(order, asOf), policy, actions);
        return new OrderCreditRow(
            order.Id,
            order.CustomerId,
            decision.IsAllowed ? OrderCreditDecisions.Approved : OrderCreditDecisions.Held,
            string.Join(';', decision.Reasons),
            decision.Message,
            decision.Currency,
            decision.OrderAmount,
            decision.ExposureAfter,
            decision.CreditLimit,
            decision.AvailableCredit,
            asOf);
    }
}
