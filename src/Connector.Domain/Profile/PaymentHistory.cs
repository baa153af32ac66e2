using Connector.Domain.Currencies;
using Connector.Domain.Ledger;

namespace Connector.Domain.Profile;

/// <summary>
/// Reconstructs when each invoice was paid. The canonical data has no paid date per invoice, so this
/// is an <b>estimate</b>: each customer's settlements — the applied part of every payment on its date,
/// and the applied part of every credit memo on its document date — are taken in date order and
/// allocated first-in-first-out to the settled part of its invoices, oldest due date first (the way
/// ERPNext's payment reconciliation allocates). A part is dated no earlier than its invoice's document
/// date (money received before an invoice existed waited on account). Each invoice only receives what
/// the ledger says was settled on it, so an invoice still open (a dispute, say) is not shown as paid
/// because it was the oldest.
/// </summary>
/// <remarks>
/// Items and payments dated after the evaluation date are ignored. Amounts are converted to the
/// customer's credit currency with the rates in force on the evaluation date (the ERP supplies no
/// historical settlement rates); a missing rate makes the history not evaluable.
/// </remarks>
public static class PaymentHistory
{
    public static CustomerPaymentHistory Build(CustomerAccount account, RatesAsOf rates)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rates);
        var asOf = rates.AsOf;
        var currency = account.Customer.Currency;
        var invoices = new List<(Invoice Item, decimal Amount, decimal Settled)>();
        var creditMemos = new List<(Invoice Item, decimal Amount)>();
        var settlements = new List<(DateOnly Date, decimal Amount, SettlementKind Kind, string Id)>();

        foreach (var item in account.Invoices)
        {
            if (item.DocumentDate > asOf)
            {
                continue;
            }

            if (!rates.TryConvert(item.Amount, item.Currency, currency, out var amount, out var missing)
                || !rates.TryConvert(item.OpenAmount, item.Currency, currency, out var open, out missing))
            {
                return NotEvaluable(account, asOf, missing);
            }

            if (item.IsCreditMemo)
            {
                if (item.Status == ItemStatus.WrittenOff)
                {
                    continue;
                }

                creditMemos.Add((item, amount));
                var applied = item.Status == ItemStatus.Paid ? -amount : open - amount;
                if (applied > 0m)
                {
                    settlements.Add((item.DocumentDate, applied, SettlementKind.CreditMemo, item.Id));
                }

                continue;
            }

            var settled = item.Status switch
            {
                ItemStatus.Paid => amount,
                ItemStatus.Open => amount - open,
                _ => 0m,
            };
            invoices.Add((item, amount, Math.Max(0m, settled)));
        }

        foreach (var payment in account.Payments)
        {
            if (payment.Date > asOf || payment.AppliedAmount <= 0m)
            {
                continue;
            }

            if (!rates.TryConvert(payment.AppliedAmount, payment.Currency, currency, out var applied, out var missing))
            {
                return NotEvaluable(account, asOf, missing);
            }

            settlements.Add((payment.Date, applied, SettlementKind.Payment, payment.Id));
        }

        invoices.Sort(static (a, b) =>
        {
            var byDue = a.Item.DueDate.CompareTo(b.Item.DueDate);
            if (byDue != 0)
            {
                return byDue;
            }

            var byDate = a.Item.DocumentDate.CompareTo(b.Item.DocumentDate);
            return byDate != 0 ? byDate : string.CompareOrdinal(a.Item.Id, b.Item.Id);
        });
        settlements.Sort(static (a, b) =>
        {
            var byDate = a.Date.CompareTo(b.Date);
            if (byDate != 0)
            {
                return byDate;
            }

            // Credit memos before cash on the same day, so cash is the last thing that pays an invoice.
            var byKind = b.Kind.CompareTo(a.Kind);
            return byKind != 0 ? byKind : string.CompareOrdinal(a.Id, b.Id);
        });

        var parts = new List<PaidPart>[invoices.Count];
        var remaining = new decimal[invoices.Count];
        for (var i = 0; i < invoices.Count; i++)
        {
            remaining[i] = invoices[i].Settled;
        }

        var next = 0;
        var unallocated = 0m;
        foreach (var settlement in settlements)
        {
            var left = settlement.Amount;
            while (left > 0m)
            {
                while (next < invoices.Count && remaining[next] <= 0m)
                {
                    next++;
                }

                if (next == invoices.Count)
                {
                    break;
                }

                var take = Math.Min(left, remaining[next]);
                var invoice = invoices[next].Item;
                var date = settlement.Date < invoice.DocumentDate ? invoice.DocumentDate : settlement.Date;
                (parts[next] ??= []).Add(new PaidPart(date, take, settlement.Kind, settlement.Id));
                remaining[next] -= take;
                left -= take;
            }

            unallocated += left;
        }

        var histories = new InvoiceHistory[invoices.Count];
        var undatedTotal = 0m;
        for (var i = 0; i < invoices.Count; i++)
        {
            var (item, amount, settled) = invoices[i];
            List<PaidPart> itemParts = parts[i] is { } list ? list : [];
            var undated = remaining[i];
            undatedTotal += undated;
            histories[i] = new InvoiceHistory
            {
                Invoice = item,
                Amount = amount,
                Settled = settled,
                Parts = itemParts,
                Undated = undated,
                PaidOn = item.Status == ItemStatus.Paid && undated == 0m && itemParts.Count > 0 ? itemParts[^1].Date : null,
            };
        }

        return new CustomerPaymentHistory
        {
            CustomerId = account.Id,
            Currency = currency,
            AsOf = asOf,
            Invoices = histories,
            CreditMemos = creditMemos,
            Unallocated = unallocated,
            Undated = undatedTotal,
        };
    }

    private static CustomerPaymentHistory NotEvaluable(CustomerAccount account, DateOnly asOf, string? missing) => new()
    {
        CustomerId = account.Id,
        Currency = account.Customer.Currency,
        AsOf = asOf,
        Invoices = [],
        CreditMemos = [],
        NotEvaluableReason = $"customer {account.Id}: {missing}",
    };
}
