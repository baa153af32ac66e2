using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Profile;

namespace Connector.Sync.History;

/// <summary>
/// The ledger as it stood at the end of a past day, rebuilt from what it keeps: invoices and credit memos dated on or before
/// the day, and payments dated on or before it. An invoice's open amount that day is its amount less the settlements the
/// reconstructed payment history (<see cref="PaymentHistory"/>, an estimate: first in, first out) places on or before the
/// day; settled amounts no payment on record explains count as still open, written-off invoices are left out (the ledger
/// does not say when they were written off), credit memos keep their amount as of today, and open orders and promises are
/// left out (the ledger keeps no past state of them).
/// </summary>
public static class LedgerAtMonthEnd
{
    /// <summary>The month-ends before <paramref name="before"/>, latest first, at most <paramref name="count"/>, none before the first document.</summary>
    public static IReadOnlyList<DateOnly> MonthEnds(ArLedger ledger, DateOnly before, int count)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        DateOnly? first = null;
        foreach (var account in ledger.Accounts)
        {
            foreach (var item in account.Invoices)
            {
                if (first is null || item.DocumentDate < first)
                {
                    first = item.DocumentDate;
                }
            }
        }

        var ends = new List<DateOnly>();
        if (first is not { } earliest)
        {
            return ends;
        }

        var end = new DateOnly(before.Year, before.Month, 1).AddDays(-1);
        while (ends.Count < count && end >= earliest)
        {
            ends.Add(end);
            end = new DateOnly(end.Year, end.Month, 1).AddDays(-1);
        }

        return ends;
    }

    public static ArLedger Rebuild(ArLedger ledger, string companyCurrency, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var rates = ledger.RatesOn(companyCurrency, day);
        var invoices = new List<Invoice>();
        var payments = new List<Payment>();
        foreach (var account in ledger.Accounts)
        {
            var history = PaymentHistory.Build(account, rates);
            var openOn = new Dictionary<Invoice, (decimal Open, decimal Amount)>(ReferenceEqualityComparer.Instance);
            if (history.IsEvaluable)
            {
                foreach (var invoice in history.Invoices)
                {
                    var open = invoice.Amount;
                    foreach (var part in invoice.Parts)
                    {
                        open -= part.Amount;
                    }

                    openOn[invoice.Invoice] = (open, invoice.Amount);
                }
            }

            foreach (var item in account.Invoices)
            {
                if (item.DocumentDate > day || (!item.IsCreditMemo && item.Status == ItemStatus.WrittenOff))
                {
                    continue;
                }

                if (item.IsCreditMemo || !openOn.TryGetValue(item, out var credit))
                {
                    // A credit memo's applications are dated on its own date; without a history (a missing rate) the item stays as today.
                    invoices.Add(item);
                    continue;
                }

                var share = credit.Amount == 0m ? 0m : credit.Open / credit.Amount;
                var openAmount = Math.Round(item.Amount * share, 4, MidpointRounding.ToEven);
                invoices.Add(item with { OpenAmount = openAmount, Status = openAmount == 0m ? ItemStatus.Paid : ItemStatus.Open });
            }

            foreach (var payment in account.Payments)
            {
                if (payment.Date <= day)
                {
                    payments.Add(payment);
                }
            }
        }

        payments.AddRange(ledger.UnassignedPayments.Where(p => p.Date <= day));
        return new ArLedger(
            ledger.Accounts.Select(static a => a.Customer), invoices, payments, orders: null, ledger.Rates, promises: null, ledger.Collectors);
    }
}
