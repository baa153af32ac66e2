using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Readiness;

namespace Connector.Domain.Collections;

/// <summary>
/// Every open item of a customer on a day, oldest due date first, in the customer's credit currency: what a dunning
/// letter lists (not only the overdue items the case holds), so the customer sees credit notes and items not yet due
/// beside what is overdue.
/// </summary>
public static class LetterItems
{
    public static IReadOnlyList<CaseItem> All(CustomerAccount account, RatesAsOf rates, ProofOfDelivery? proofOfDelivery = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rates);
        var asOf = rates.AsOf;
        var customer = account.Customer;
        var items = new List<CaseItem>(account.OpenItems.Count);
        foreach (var item in account.OpenItems)
        {
            if (item.DocumentDate > asOf)
            {
                continue;
            }

            // An item whose currency has no rate is listed in its own amount rather than left out of the letter.
            var open = rates.TryConvert(item.OpenAmount, item.Currency, customer.Currency, out var converted, out _) ? converted : item.OpenAmount;
            items.Add(new CaseItem
            {
                InvoiceId = item.Id,
                Type = item.Type,
                DueDate = item.DueDate,
                DaysPastDue = asOf.DayNumber - item.DueDate.DayNumber,
                OpenAmount = open,
                Disputed = item.Disputed,
                Gaps = InvoiceReadiness.Check(customer, item, proofOfDelivery),
            });
        }

        return items;
    }
}
