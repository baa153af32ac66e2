using System.Runtime.InteropServices;
using Connector.Domain.Aging;
using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;

namespace Connector.Domain.Evaluation;

/// <summary>
/// The figures of one customer's open items and unapplied cash, in its credit currency, gathered in
/// one walk: the aging buckets and totals, the open AR and unapplied cash of the exposure, and the
/// overdue figures of the hold rules. Walking 1,000,000 open items costs far more than the sums, so
/// a full evaluation walks them once and hands these figures to aging, exposure and the hold rules.
/// </summary>
internal struct AccountFigures
{
    /// <summary>Σ open amounts of the evaluable items (the aging total, the exposure's open AR).</summary>
    public decimal TotalOpen;

    /// <summary>Open amount more than 0 days past due under the aging basis.</summary>
    public decimal Overdue;

    public decimal Disputed;

    public decimal Unapplied;

    /// <summary>Days past due of the oldest overdue item the customer owes (credit memos left out) under the aging basis.</summary>
    public int OldestOverdueDays;

    public int ItemCount;

    /// <summary>The first missing rate among the open items, or <c>null</c>.</summary>
    public string? ItemsMissing;

    /// <summary>The first missing rate among the unapplied payments, or <c>null</c>.</summary>
    public string? PaymentsMissing;

    /// <summary>The due-date figures the hold rules read (whatever the aging basis).</summary>
    public OverdueFigures Hold;

    /// <summary>The first missing rate of the aging: items first, then payments.</summary>
    public readonly string? AgingMissing => ItemsMissing ?? PaymentsMissing;

    /// <summary>
    /// Walks the open items and payments once. <paramref name="bucketAmounts"/> receives the open
    /// amount per aging bucket (it must be zeroed and as long as <paramref name="buckets"/>).
    /// </summary>
    public static AccountFigures Compute(
        CustomerAccount account,
        RatesAsOf rates,
        AgingBuckets buckets,
        AgingBasis basis,
        int overdueAgeDays,
        decimal overdueAgeMateriality,
        Span<decimal> bucketAmounts)
    {
        var asOf = rates.AsOf;
        var today = asOf.DayNumber;
        var currency = account.Customer.Currency;
        var byDueDate = basis == AgingBasis.DueDate;
        var figures = default(AccountFigures);

        // Sums in locals, not in the struct: this loop runs for every open item of the ledger.
        decimal total = 0m, overdue = 0m, disputed = 0m, dueOverdue = 0m, undisputed = 0m, aged = 0m;
        int oldest = 0, count = 0, dueOldest = 0, agedCount = 0, agedOldest = 0;
        var indexOfDays = buckets.DayIndex;

        foreach (var item in CollectionsMarshal.AsSpan(account.openItemList))
        {
            if (item.DocumentDate > asOf)
            {
                continue;
            }

            var open = item.OpenAmount;
            if (!ReferenceEquals(item.Currency, currency)
                && !rates.TryConvert(open, item.Currency, currency, out open, out var why))
            {
                figures.ItemsMissing ??= why;
                continue;
            }

            var dueDays = today - item.DueDate.DayNumber;
            var days = byDueDate ? dueDays : today - item.DocumentDate.DayNumber;
            var bucket = days <= 0 ? 0 : days < indexOfDays.Length ? indexOfDays[days] : buckets.IndexOf(days);
            bucketAmounts[bucket] += open;
            total += open;
            count++;

            // A credit memo (negative) is owed to the customer: it nets the overdue amount but is not "the oldest overdue".
            var owed = decimal.IsPositive(open) && open != 0m;
            if (days > 0)
            {
                overdue += open;
                if (owed && days > oldest)
                {
                    oldest = days;
                }
            }

            if (item.Disputed)
            {
                disputed += open;
            }

            if (dueDays <= 0)
            {
                continue;
            }

            // The hold rules count by due date: overdue, then undisputed invoices, then those beyond the age.
            if (!byDueDate)
            {
                dueOverdue += open;
                if (owed)
                {
                    dueOldest = Math.Max(dueOldest, dueDays);
                }
            }

            if (item.Disputed || item.IsCreditMemo)
            {
                continue;
            }

            undisputed += open;
            if (dueDays > overdueAgeDays && open >= overdueAgeMateriality)
            {
                agedCount++;
                aged += open;
                agedOldest = Math.Max(agedOldest, dueDays);
            }
        }

        figures.TotalOpen = total;
        figures.Overdue = overdue;
        figures.Disputed = disputed;
        figures.OldestOverdueDays = oldest;
        figures.ItemCount = count;

        foreach (var payment in CollectionsMarshal.AsSpan(account.paymentList))
        {
            if (payment.Date > asOf || payment.UnappliedAmount == 0m)
            {
                continue;
            }

            if (rates.TryConvert(payment.UnappliedAmount, payment.Currency, currency, out var cash, out var why))
            {
                figures.Unapplied += cash;
            }
            else
            {
                figures.PaymentsMissing ??= why;
            }
        }

        figures.Hold = new OverdueFigures
        {
            OverdueAmount = byDueDate ? figures.Overdue : dueOverdue,
            OldestOverdueDays = byDueDate ? figures.OldestOverdueDays : dueOldest,
            OverdueUndisputed = undisputed,
            AgedCount = agedCount,
            AgedAmount = aged,
            AgedOldestDays = agedOldest,
        };
        return figures;
    }
}
