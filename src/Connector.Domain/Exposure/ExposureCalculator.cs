using Connector.Domain.Currencies;
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
        var asOf = rates.AsOf;
        var currency = account.Customer.Currency;
        string? missing = null;

        var openAr = 0m;
        foreach (var item in account.OpenItems)
        {
            if (item.DocumentDate > asOf)
            {
                continue;
            }

            if (rates.TryConvert(item.OpenAmount, item.Currency, currency, out var open, out var why))
            {
                openAr += open;
            }
            else
            {
                missing ??= why;
            }
        }

        var orders = CountOrders(account.Orders, currency, rates, ref missing);
        var openOrders = 0m;
        foreach (var order in orders)
        {
            openOrders += order.Amount;
        }

        var unapplied = 0m;
        foreach (var payment in account.Payments)
        {
            if (payment.Date > asOf || payment.UnappliedAmount == 0m)
            {
                continue;
            }

            if (rates.TryConvert(payment.UnappliedAmount, payment.Currency, currency, out var cash, out var why))
            {
                unapplied += cash;
            }
            else
            {
                missing ??= why;
            }
        }

        return new CustomerExposure
        {
            CustomerId = account.Id,
            Currency = currency,
            OpenAr = openAr,
            OpenOrders = openOrders,
            UnappliedCash = unapplied,
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
    private static CountedOrder[] CountOrders(IReadOnlyList<Order> orders, string currency, RatesAsOf rates, ref string? missing)
    {
        if (orders.Count == 0)
        {
            return [];
        }

        var counted = new List<CountedOrder>(orders.Count);
        var sources = new List<OrderSource>(orders.Count);
        Dictionary<string, int>? index = orders.Count > 16 ? new(StringComparer.Ordinal) : null;
        foreach (var order in orders)
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

            var at = Find(counted, index, order.Id);
            if (at < 0)
            {
                index?.Add(order.Id, counted.Count);
                counted.Add(new CountedOrder(order.Id, amount));
                sources.Add(order.Source);
            }
            else if (order.Source == OrderSource.Erp && sources[at] != OrderSource.Erp)
            {
                counted[at] = new CountedOrder(order.Id, amount);
                sources[at] = OrderSource.Erp;
            }
        }

        return [.. counted];
    }

    private static int Find(List<CountedOrder> counted, Dictionary<string, int>? index, string id)
    {
        if (index is not null)
        {
            return index.TryGetValue(id, out var at) ? at : -1;
        }

        for (var i = 0; i < counted.Count; i++)
        {
            if (string.Equals(counted[i].Id, id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
