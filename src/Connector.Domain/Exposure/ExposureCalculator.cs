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
        var orders = new CountedOrderBuffer(account.orderList.Count);
        var row = Row(account, rates, subtractUnappliedCash, figures, orders);
        return Materialise(account, subtractUnappliedCash, figures, row, orders.ToArray(0, row.OrdersCount));
    }

    /// <summary>The exposure figures as a value; the counted orders are appended to <paramref name="orders"/>.</summary>
    internal static ExposureRow Row(CustomerAccount account, RatesAsOf rates, bool subtractUnappliedCash, in AccountFigures figures, CountedOrderBuffer orders)
    {
        string? ordersMissing = null;
        var start = orders.Count;
        CountOrders(account.orderList, account.Customer.Currency, rates, ref ordersMissing, orders);
        var count = orders.Count - start;
        var openOrders = 0m;
        foreach (var order in orders.Slice(start, count))
        {
            openOrders += order.Amount;
        }

        var missing = figures.ItemsMissing ?? ordersMissing ?? figures.PaymentsMissing;
        return new ExposureRow
        {
            Total = figures.TotalOpen + openOrders - (subtractUnappliedCash ? figures.Unapplied : 0m),
            OpenOrders = openOrders,
            OrdersCount = count,
            NotEvaluableReason = missing is null ? null : $"customer {account.Id}: {missing}",
        };
    }

    /// <summary>
    /// The orders <see cref="Row"/> counted for the account, counted again the same way: a full evaluation keeps only their
    /// number and sum, not 200,000 counted orders per set of buffers (decision 124).
    /// </summary>
    internal static CountedOrder[] CountedOrders(CustomerAccount account, RatesAsOf rates)
    {
        string? missing = null;
        var orders = new CountedOrderBuffer(account.orderList.Count);
        CountOrders(account.orderList, account.Customer.Currency, rates, ref missing, orders);
        return orders.ToArray(0, orders.Count);
    }

    /// <summary>The record a caller reads, from the row and the account figures it was computed from.</summary>
    internal static CustomerExposure Materialise(CustomerAccount account, bool subtractUnappliedCash, in AccountFigures figures, in ExposureRow row, IReadOnlyList<CountedOrder> orders) => new()
    {
        CustomerId = account.Id,
        Currency = account.Customer.Currency,
        OpenAr = figures.TotalOpen,
        OpenOrders = row.OpenOrders,
        UnappliedCash = figures.Unapplied,
        UnappliedCashSubtracted = subtractUnappliedCash,
        Orders = orders,
        NotEvaluableReason = row.NotEvaluableReason,
    };

    /// <summary>
    /// Open orders, each id once: an order known both to the ERP and to Dataverse counts once, with
    /// the ERP's figure (the ERP invoices it, so its uninvoiced amount is the one that holds). An
    /// over-invoiced order (negative uninvoiced amount) counts as 0: its invoices already count.
    /// </summary>
    private static void CountOrders(List<Order> orders, string currency, RatesAsOf rates, ref string? missing, CountedOrderBuffer into)
    {
        if (orders.Count == 0)
        {
            return;
        }

        if (orders.Count == 1)
        {
            var only = orders[0];
            if (!only.IsOpen)
            {
                return;
            }

            if (!rates.TryConvert(Math.Max(0m, only.UninvoicedAmount), only.Currency, currency, out var single, out var whyNot))
            {
                missing ??= whyNot;
                return;
            }

            into.Add(new CountedOrder(only.Id, single));
            return;
        }

        var start = into.Count;
        // Which counted orders came from the ERP; on the stack for the usual handful of orders.
        var fromErp = orders.Count <= 256 ? stackalloc bool[orders.Count] : new bool[orders.Count];
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

            var count = into.Count - start;
            var at = Find(into.Slice(start, count), index, order.Id);
            if (at < 0)
            {
                index?.Add(order.Id, count);
                fromErp[count] = order.Source == OrderSource.Erp;
                into.Add(new CountedOrder(order.Id, amount));
            }
            else if (order.Source == OrderSource.Erp && !fromErp[at])
            {
                into.Set(start + at, new CountedOrder(order.Id, amount));
                fromErp[at] = true;
            }
        }
    }

    private static int Find(ReadOnlySpan<CountedOrder> counted, Dictionary<string, int>? index, string id)
    {
        if (index is not null)
        {
            return index.TryGetValue(id, out var at) ? at : -1;
        }

        for (var i = 0; i < counted.Length; i++)
        {
            if (string.Equals(counted[i].Id, id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
