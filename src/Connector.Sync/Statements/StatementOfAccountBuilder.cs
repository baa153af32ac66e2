using System.Globalization;
using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Sync.Collections;

namespace Connector.Sync.Statements;

/// <summary>
/// Builds a customer's <see cref="StatementOfAccount"/> from the ledger. The balances are a balance-forward account of the
/// documents and payments by their dates: the opening balance is everything dated before the period (invoices and credit
/// notes by document date, payments by date), each document and payment of the period is a line, and the closing balance
/// is the opening balance plus the lines. A written-off item counts only with the part that was settled (the rest is
/// not owed). The open items and their aging are the ledger's open amounts as of the day the statement is made (the
/// ledger keeps no history of open amounts), with unapplied payments as credits on account.
/// </summary>
public sealed class StatementOfAccountBuilder
{
    private readonly string companyName;
    private readonly AgingBuckets buckets;
    private readonly DunningMailOptions? payLinks;

    /// <param name="payLinks">The pay link pattern (<c>Dunning:PayLinkPattern</c>); <c>null</c> or an empty pattern: no pay link.</param>
    public StatementOfAccountBuilder(string companyName, AgingBuckets buckets, DunningMailOptions? payLinks = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyName);
        ArgumentNullException.ThrowIfNull(buckets);
        this.companyName = companyName;
        this.buckets = buckets;
        this.payLinks = payLinks;
    }

    /// <summary>The reference a statement is known by (<c>SOA-C-1001-2026-10</c>); also the <c>{caseId}</c> of its pay link.</summary>
    public static string ReferenceFor(string customerId, StatementPeriod period)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        ArgumentNullException.ThrowIfNull(period);
        return $"SOA-{customerId}-{period.Key}";
    }

    public StatementOfAccount Build(CustomerAccount account, StatementPeriod period, DateOnly issuedOn)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(period);
        var customer = account.Customer;
        var currency = customer.Currency;
        var leftOut = new List<string>();

        var opening = 0m;
        var movements = new List<(DateOnly Date, int Order, StatementLineKind Kind, string Reference, DateOnly? Due, decimal Amount)>();
        foreach (var invoice in account.Invoices)
        {
            if (!SameCurrency(invoice.Currency, currency))
            {
                leftOut.Add($"{invoice.Id} ({CurrencyUnits.Format(invoice.Amount, invoice.Currency)})");
                continue;
            }

            if (invoice.DocumentDate > period.End)
            {
                continue;
            }

            // A written-off item stays on the account only with what was settled of it.
            var amount = invoice.Status == ItemStatus.WrittenOff ? invoice.Amount - invoice.OpenAmount : invoice.Amount;
            if (invoice.DocumentDate < period.Start)
            {
                opening += amount;
            }
            else
            {
                movements.Add((invoice.DocumentDate, 0, invoice.IsCreditMemo ? StatementLineKind.CreditNote : StatementLineKind.Invoice, invoice.Id, invoice.IsCreditMemo ? null : invoice.DueDate, amount));
            }
        }

        foreach (var payment in account.Payments)
        {
            if (!SameCurrency(payment.Currency, currency))
            {
                leftOut.Add($"{payment.Id} ({CurrencyUnits.Format(payment.Amount, payment.Currency)})");
                continue;
            }

            if (payment.Date < period.Start)
            {
                opening -= payment.Amount;
            }
            else if (payment.Date <= period.End)
            {
                movements.Add((payment.Date, 1, StatementLineKind.Payment, payment.Id, null, -payment.Amount));
            }
        }

        // By date, documents before payments on the same day, then by reference: the same statement every time.
        movements.Sort(static (a, b) =>
        {
            var byDate = a.Date.CompareTo(b.Date);
            if (byDate != 0)
            {
                return byDate;
            }

            var byOrder = a.Order.CompareTo(b.Order);
            return byOrder != 0 ? byOrder : string.CompareOrdinal(a.Reference, b.Reference);
        });

        opening = CurrencyUnits.Round(opening, currency);
        var balance = opening;
        decimal invoiced = 0m, credited = 0m, paid = 0m;
        var lines = new List<StatementLine>(movements.Count);
        foreach (var m in movements)
        {
            var amount = CurrencyUnits.Round(m.Amount, currency);
            balance += amount;
            switch (m.Kind)
            {
                case StatementLineKind.Invoice:
                    invoiced += amount;
                    break;
                case StatementLineKind.CreditNote:
                    credited -= amount;
                    break;
                default:
                    paid -= amount;
                    break;
            }

            lines.Add(new StatementLine(m.Date, m.Kind, m.Reference, m.Due, amount, balance));
        }

        var (openItems, aging, due) = OpenItems(account, currency, issuedOn);
        return new StatementOfAccount
        {
            CustomerId = customer.Id,
            CustomerName = customer.Name,
            Language = customer.Language,
            BillingContacts = DunningMailPlanner.Addresses(customer.Email),
            Currency = currency,
            Period = period,
            CompanyName = companyName,
            IssuedOn = issuedOn,
            OpeningBalance = opening,
            Lines = lines,
            TotalInvoiced = invoiced,
            TotalCredited = credited,
            TotalPaid = paid,
            ClosingBalance = balance,
            OpenItems = openItems,
            Aging = aging,
            AmountDue = due,
            PayLink = due > 0m && payLinks is { PayLinkPattern.Length: > 0 } links
                ? links.PayLink(customer.Id, ReferenceFor(customer.Id, period), due, currency)
                : null,
            LeftOut = leftOut,
        };
    }

    private (List<StatementOpenItem> Items, List<StatementAgingBucket> Aging, decimal Due) OpenItems(CustomerAccount account, string currency, DateOnly asOf)
    {
        var items = new List<StatementOpenItem>();
        var amounts = new decimal[buckets.Count];
        foreach (var invoice in account.OpenItems)
        {
            if (!SameCurrency(invoice.Currency, currency))
            {
                continue;
            }

            var days = asOf.DayNumber - invoice.DueDate.DayNumber;
            var open = CurrencyUnits.Round(invoice.OpenAmount, currency);
            items.Add(new StatementOpenItem(
                invoice.Id,
                invoice.IsCreditMemo ? StatementLineKind.CreditNote : StatementLineKind.Invoice,
                invoice.DocumentDate,
                invoice.DueDate,
                open,
                invoice.IsCreditMemo ? 0 : Math.Max(days, 0),
                invoice.Disputed));

            // A credit note is available now: it reduces what is current, whatever its date.
            amounts[invoice.IsCreditMemo ? 0 : buckets.IndexOf(days)] += open;
        }

        foreach (var payment in account.Payments)
        {
            if (payment.UnappliedAmount == 0m || !SameCurrency(payment.Currency, currency) || payment.Date > asOf)
            {
                continue;
            }

            var unapplied = CurrencyUnits.Round(-payment.UnappliedAmount, currency);
            items.Add(new StatementOpenItem(payment.Id, StatementLineKind.Payment, payment.Date, payment.Date, unapplied, 0, false));
            amounts[0] += unapplied;
        }

        items.Sort(static (a, b) =>
        {
            var byDue = a.DueDate.CompareTo(b.DueDate);
            return byDue != 0 ? byDue : string.CompareOrdinal(a.Reference, b.Reference);
        });
        var aging = new List<StatementAgingBucket>(buckets.Count);
        for (var i = 0; i < buckets.Count; i++)
        {
            aging.Add(new StatementAgingBucket(buckets.Labels[i], amounts[i]));
        }

        return (items, aging, amounts.Sum());
    }

    private static bool SameCurrency(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>"12,400.00": an amount as the statement prints it (the currency is named once, in the header).</summary>
    public static string Amount(decimal amount, string currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        var digits = CurrencyUnits.MinorUnits(currency);
        return Math.Round(amount, digits, MidpointRounding.ToEven).ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
