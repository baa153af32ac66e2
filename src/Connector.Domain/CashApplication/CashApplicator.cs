using Connector.Domain.Currencies;
using Connector.Domain.Ledger;

namespace Connector.Domain.CashApplication;

/// <summary>
/// Cash application: matches unapplied payments to open invoices by customer, reference, exact
/// amount, unique combination and tolerance, and queues the rest with ranked candidates.
/// <para>
/// Payments are processed by date, then id; each one sees what earlier ones left open, so no invoice
/// receives more than its open amount. Only invoices in the payment's currency are candidates (no
/// conversion: a cross-currency payment goes to the exception queue). Credit memos are never matched.
/// Indexes are built once, so a run costs about O(invoices + payments), not O(invoices × payments).
/// </para>
/// </summary>
public static class CashApplicator
{
    /// <summary>Applies the ledger's unapplied payments (of known customers and unassigned ones) to its open invoices.</summary>
    /// <param name="rates">Optional: to add amount figures of several currencies up in the company currency.</param>
    public static CashApplicationResult Apply(ArLedger ledger, CashApplicationPolicy policy, RatesAsOf? rates = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(policy);

        // The accounts' open item lists are read in place: no list of every open invoice is copied for the run.
        var customers = new Customer[ledger.Accounts.Count];
        var segments = new IReadOnlyList<Invoice>[ledger.Accounts.Count];
        for (var a = 0; a < customers.Length; a++)
        {
            customers[a] = ledger.Accounts[a].Customer;
            segments[a] = ledger.Accounts[a].OpenItems;
        }

        return Apply(new InvoiceBook(customers, segments), ledger.AllPayments, policy, CashMatchingContext.None, rates);
    }

    /// <summary>
    /// Applies <paramref name="payments"/> to <paramref name="invoices"/>; customers give the names for payer recognition.
    /// The policy is taken as given: the host validates every policy at start.
    /// </summary>
    public static CashApplicationResult Apply(
        IEnumerable<Customer> customers,
        IEnumerable<Invoice> invoices,
        IEnumerable<Payment> payments,
        CashApplicationPolicy policy,
        RatesAsOf? rates = null) => Apply(customers, invoices, payments, policy, CashMatchingContext.None, rates);

    /// <summary>
    /// As <see cref="Apply(IEnumerable{Customer}, IEnumerable{Invoice}, IEnumerable{Payment}, CashApplicationPolicy, RatesAsOf?)"/>,
    /// with payer accounts learned from earlier matches and the ledger's rates for payments in another currency.
    /// </summary>
    public static CashApplicationResult Apply(
        IEnumerable<Customer> customers,
        IEnumerable<Invoice> invoices,
        IEnumerable<Payment> payments,
        CashApplicationPolicy policy,
        CashMatchingContext context,
        RatesAsOf? rates = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(policy);
        IReadOnlyList<Invoice> all = invoices as IReadOnlyList<Invoice> ?? [.. invoices];
        return Apply(new InvoiceBook(customers, [all]), payments, policy, context, rates);
    }

    private static CashApplicationResult Apply(InvoiceBook book, IEnumerable<Payment> payments, CashApplicationPolicy policy, CashMatchingContext context, RatesAsOf? rates)
    {
        try
        {
            var queue = new List<Payment>();
            foreach (var payment in payments)
            {
                if (payment.UnappliedAmount > 0m)
                {
                    queue.Add(payment);
                }
            }

            queue.Sort(static (a, b) =>
            {
                var byDate = a.Date.CompareTo(b.Date);
                return byDate != 0 ? byDate : string.CompareOrdinal(a.Id, b.Id);
            });

            var matcher = new PaymentMatcher(book, policy, context, queue.Count);
            foreach (var payment in queue)
            {
                matcher.Process(payment);
            }

            return Summarise(matcher, rates);
        }
        finally
        {
            book.Release();
        }
    }

    private static CashApplicationResult Summarise(PaymentMatcher matcher, RatesAsOf? rates)
    {
        var byCurrency = new SortedDictionary<string, (int Count, decimal Available, decimal Applied, decimal Unapplied)>(StringComparer.OrdinalIgnoreCase);
        foreach (var outcome in matcher.Outcomes)
        {
            var t = byCurrency.GetValueOrDefault(outcome.Currency);
            byCurrency[outcome.Currency] = (t.Count + 1, t.Available + outcome.Available, t.Applied + outcome.Applied, t.Unapplied + outcome.Unapplied);
        }

        var totals = byCurrency.Select(static p => new CashCurrencyTotals(p.Key, p.Value.Count, p.Value.Available, p.Value.Applied, p.Value.Unapplied)).ToList();
        var notes = new List<string>();
        string? figuresCurrency = null;
        decimal? available = null, applied = null, unapplied = null;
        if (rates is not null)
        {
            figuresCurrency = rates.CompanyCurrency;
            decimal a = 0m, p = 0m, u = 0m;
            var complete = true;
            foreach (var t in totals)
            {
                if (rates.TryConvert(t.Available, t.Currency, figuresCurrency, out var ca, out var missing)
                    && rates.TryConvert(t.Applied, t.Currency, figuresCurrency, out var cp, out missing)
                    && rates.TryConvert(t.Unapplied, t.Currency, figuresCurrency, out var cu, out missing))
                {
                    a += ca;
                    p += cp;
                    u += cu;
                }
                else
                {
                    complete = false;
                    notes.Add($"Amount figures in {figuresCurrency} are missing: {missing}.");
                }
            }

            if (complete)
            {
                (available, applied, unapplied) = (a, p, u);
            }
        }
        else if (totals.Count <= 1)
        {
            figuresCurrency = totals.Count == 1 ? totals[0].Currency : null;
            (available, applied, unapplied) = totals.Count == 1 ? (totals[0].Available, totals[0].Applied, totals[0].Unapplied) : (0m, 0m, 0m);
        }
        else
        {
            notes.Add($"Payments come in {string.Join(", ", totals.Select(static t => t.Currency))}; without exchange rates the amount figures are given per currency only.");
        }

        return new CashApplicationResult
        {
            Applications = matcher.Applications,
            WriteOffs = matcher.WriteOffs,
            Exceptions = matcher.Exceptions,
            Payments = matcher.Outcomes,
            Totals = totals,
            MatchedPaymentCount = matcher.Matched,
            FiguresCurrency = figuresCurrency,
            AmountAvailable = available,
            AmountApplied = applied,
            UnappliedTotal = unapplied,
            Notes = notes,
        };
    }
}
