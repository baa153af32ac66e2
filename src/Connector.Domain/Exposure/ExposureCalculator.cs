using System.Runtime.InteropServices;
using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;

namespace Connector.Domain.Exposure;

/// <summary>
/// Computes one customer's exposure in its credit currency. Items and payments dated after the
/// evaluation date are not yet part of it (as in aging), so a past date can be replayed.
/// </summary>
public static class ExposureCalculator
{
    public static CustomerExposure Compute(CustomerAccount account, RatesAsOf rates, bool subtractUnappliedCash = true)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rates);
        var layout = AgingBuckets.Default;
        Span<decimal> buckets = stackalloc decimal[layout.Count];
        var figures = AccountFigures.Compute(account, rates, layout, AgingBasis.DueDate, 0, 0m, buckets);
        return Compute(account, rates, subtractUnappliedCash, figures);
    }

    /// <summary>The exposure from the figures of the account's one walk over its open items and payments.</summary>
    internal static CustomerExposure Compute(CustomerAccount account, RatesAsOf rates, bool subtractUnappliedCash, in AccountFigures figures)
    {
        var currency = account.Customer.Currency;
        string? ordersMissing = null;
        var orders = CountOrders(account.orders, currency, rates, ref ordersMissing);
        var openOrders = 0m;
        foreach (var order in orders)
        {
            openOrders += order.Amount;
        }

        var missing = figures.ItemsMissing ?? ordersMissing ?? figures.PaymentsMissing;
        return new CustomerExposure
        {
            CustomerId = account.Id,
            Currency = currency,
            OpenAr = figures.TotalOpen,
            OpenOrders = openOrders,
            UnappliedCash = figures.Unapplied,
            UnappliedCashSubtracted = subtractUnappliedCash,
            Orders = orders,
            NotEvaluableReason = missing is null ? null : $"customer {account.Id}: {missing}",
        };
    }

    /// <summary>
    /// Open orders, each id once: an order known both to the ERP and to Dataverse counts once, with
    /// the ERP's figure (the ERP invoices it, so its uninvoiced amount is the one that holds). An
    /// over-invoiced order (negative uninvoiced amount) counts as 0: its invoices already count.
    /// </summary>
    private static CountedOrder[] CountOrders(List<Order> orders, string currency, RatesAsOf rates, ref string? missing)
    {
        if (orders.Count == 0)
        {
            return [];
        }

        if (orders.Count == 1)
        {
            var only = orders[0];
            if (!only.IsOpen)
            {
                return [];
            }

            if (!rates.TryConvert(Math.Max(0m, only.UninvoicedAmount), only.Currency, currency, out var single, out var whyNot))
            {
                missing ??= whyNot;
                return [];
            }

            return [new CountedOrder(only.Id, single)];
        }

        var counted = new CountedOrder[orders.Count];
        var fromErp = new bool[orders.Count];
        var count = 0;
        Dictionary<string, int>? index = orders.Count > 16 ? new(StringComparer.Ordinal) : null;
        foreach (var order in CollectionsMarshal.AsSpan(orders))
        {
            if (!order.IsOpen)
            {
                continue;
            }

            if (!rates.TryConvert(Math.Max(0m, order.UninvoicedAmount), order.Currency, currency, out var amount, out var why))
            {
                missing ??= why;
                continue;
            }

            var at = Find(counted, count, index, order.Id);
            if (at < 0)
            {
                index?.Add(order.Id, count);
                fromErp[count] = order.Source == OrderSource.Erp;
                counted[count++] = new CountedOrder(order.Id, amount);
            }
            else if (order.Source == OrderSource.Erp && !fromErp[at])
            {
                counted[at] = new CountedOrder(order.Id, amount);
                fromErp[at] = true;
            }
        }

        return count == counted.Length ? counted : counted[..count];
    }

    private static int Find(CountedOrder[] counted, int count, Dictionary<string, int>? index, string id)
    {
        if (index is not null)
        {
            return index.TryGetValue(id, out var at) ? at : -1;
        }

        for (var i = 0; i < count; i++)
        {
            if (string.Equals(counted[i].Id, id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
