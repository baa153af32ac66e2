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
        Span<decimal> bucketAmounts) =>
        Compute(account, rates, buckets, basis, overdueAgeDays, overdueAgeMateriality, bucketAmounts, inDecimalsOnly: false);

    /// <param name="inDecimalsOnly">Sum every account in decimals (the reference the tests hold the integer sums to).</param>
    internal static AccountFigures Compute(
        CustomerAccount account,
        RatesAsOf rates,
        AgingBuckets buckets,
        AgingBasis basis,
        int overdueAgeDays,
        decimal overdueAgeMateriality,
        Span<decimal> bucketAmounts,
        bool inDecimalsOnly)
    {
        var asOf = rates.AsOf;
        var byDueDate = basis == AgingBasis.DueDate;
        var figures = default(AccountFigures);

        // In integers when every item is in the customer's currency with a plain amount (decision 136); otherwise, or
        // when a sum would not be exact, in decimals — the same figures either way.
        if (inDecimalsOnly || !TrySumInUnits(account, asOf, buckets, byDueDate, overdueAgeDays, overdueAgeMateriality, bucketAmounts, out var sums))
        {
            sums = SumInDecimals(account, rates, buckets, byDueDate, overdueAgeDays, overdueAgeMateriality, bucketAmounts);
        }

        figures.ItemsMissing = sums.Missing;
        var (total, overdue, disputed, dueOverdue, undisputed, aged) = (sums.Total, sums.Overdue, sums.Disputed, sums.DueOverdue, sums.Undisputed, sums.Aged);
        var (oldest, count, dueOldest, agedCount, agedOldest) = (sums.Oldest, sums.Count, sums.DueOldest, sums.AgedCount, sums.AgedOldest);
        var currency = account.Customer.Currency;

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
    /// <summary>The sums of the open items' walk, and the first missing rate among them.</summary>
    internal struct ItemSums
    {
        public decimal Total, Overdue, Disputed, DueOverdue, Undisputed, Aged;
        public int Oldest, Count, DueOldest, AgedCount, AgedOldest;
        public string? Missing;
    }

    /// <summary>The walk in decimals, converting items in other currencies: the reference the integer walk must equal.</summary>
    private static ItemSums SumInDecimals(
        CustomerAccount account,
        RatesAsOf rates,
        AgingBuckets buckets,
        bool byDueDate,
        int overdueAgeDays,
        decimal overdueAgeMateriality,
        Span<decimal> bucketAmounts)
    {
        var asOf = rates.AsOf;
        var today = asOf.DayNumber;
        var currency = account.Customer.Currency;
        string? missing = null;

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
                missing ??= why;
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


        return new ItemSums
        {
            Total = total,
            Overdue = overdue,
            Disputed = disputed,
            DueOverdue = dueOverdue,
            Undisputed = undisputed,
            Aged = aged,
            Oldest = oldest,
            Count = count,
            DueOldest = dueOldest,
            AgedCount = agedCount,
            AgedOldest = agedOldest,
            Missing = missing,
        };
    }

    /// <summary>
    /// The same walk with every sum in integer units (<see cref="UnitSum"/>), or <c>false</c> — nothing written — when an
    /// item is in another currency (its conversion rounds), has an amount a unit sum cannot take, or a sum cannot be given
    /// exactly.
    /// </summary>
    internal static bool TrySumInUnits(
        CustomerAccount account,
        DateOnly asOf,
        AgingBuckets buckets,
        bool byDueDate,
        int overdueAgeDays,
        decimal overdueAgeMateriality,
        Span<decimal> bucketAmounts,
        out ItemSums sums)
    {
        sums = default;
        var today = asOf.DayNumber;
        var currency = account.Customer.Currency;
        Span<UnitSum> bucketSums = stackalloc UnitSum[bucketAmounts.Length];
        UnitSum total = default, overdue = default, disputed = default, dueOverdue = default, undisputed = default, aged = default;
        int oldest = 0, count = 0, dueOldest = 0, agedCount = 0, agedOldest = 0;
        var indexOfDays = buckets.DayIndex;
        try
        {
            foreach (var item in CollectionsMarshal.AsSpan(account.openItemList))
            {
                if (item.DocumentDate > asOf)
                {
                    continue;
                }

                if (!ReferenceEquals(item.Currency, currency)
                    || !item.TryPackedOpen(out var magnitude, out var signAndScale)
                    || !UnitSum.TryUnits(magnitude, signAndScale, out var open))
                {
                    return false;
                }

                var scale = UnitSum.ScaleOf(signAndScale);
                var dueDays = today - item.DueDate.DayNumber;
                var days = byDueDate ? dueDays : today - item.DocumentDate.DayNumber;
                var bucket = days <= 0 ? 0 : days < indexOfDays.Length ? indexOfDays[days] : buckets.IndexOf(days);
                bucketSums[bucket].Add(open, scale);
                total.Add(open, scale);
                count++;

                // A credit memo (negative) is owed to the customer: it nets the overdue amount but is not "the oldest overdue".
                var owed = open > 0;
                if (days > 0)
                {
                    overdue.Add(open, scale);
                    if (owed && days > oldest)
                    {
                        oldest = days;
                    }
                }

                if (item.Disputed)
                {
                    disputed.Add(open, scale);
                }

                if (dueDays <= 0)
                {
                    continue;
                }

                // The hold rules count by due date: overdue, then undisputed invoices, then those beyond the age.
                if (!byDueDate)
                {
                    dueOverdue.Add(open, scale);
                    if (owed)
                    {
                        dueOldest = Math.Max(dueOldest, dueDays);
                    }
                }

                if (item.Disputed || item.IsCreditMemo)
                {
                    continue;
                }

                undisputed.Add(open, scale);
                if (dueDays > overdueAgeDays && item.OpenAmount >= overdueAgeMateriality)
                {
                    agedCount++;
                    aged.Add(open, scale);
                    agedOldest = Math.Max(agedOldest, dueDays);
                }
            }

            Span<decimal> bucketValues = stackalloc decimal[bucketSums.Length];
            for (var i = 0; i < bucketSums.Length; i++)
            {
                if (!bucketSums[i].TryGet(out bucketValues[i]))
                {
                    return false;
                }
            }

            if (!total.TryGet(out sums.Total) || !overdue.TryGet(out sums.Overdue) || !disputed.TryGet(out sums.Disputed)
                || !dueOverdue.TryGet(out sums.DueOverdue) || !undisputed.TryGet(out sums.Undisputed) || !aged.TryGet(out sums.Aged))
            {
                return false;
            }

            bucketValues.CopyTo(bucketAmounts);
        }
        catch (OverflowException)
        {
            return false;
        }

        (sums.Oldest, sums.Count, sums.DueOldest, sums.AgedCount, sums.AgedOldest) = (oldest, count, dueOldest, agedCount, agedOldest);
        return true;
    }
}
