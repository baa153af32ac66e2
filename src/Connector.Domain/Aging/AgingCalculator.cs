using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;

namespace Connector.Domain.Aging;

/// <summary>Ages open items into buckets. Items dated after the evaluation date are not yet part of it.</summary>
public static class AgingCalculator
{
    public const string TotalId = "TOTAL";

    /// <summary>Ages one customer in its credit currency.</summary>
    public static AgingLine Age(CustomerAccount account, AgingPolicy policy, AgingBuckets buckets, RatesAsOf rates)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(buckets);
        Span<decimal> amounts = stackalloc decimal[buckets.Count];
        var figures = AccountFigures.Compute(account, rates, buckets, policy.Basis, 0, 0m, amounts);
        return Line(account, figures, amounts);
    }

    /// <summary>Ages every customer and totals the evaluable ones in the company currency.</summary>
    public static AgingReport Report(ArLedger ledger, AgingPolicy policy, RatesAsOf rates)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(policy);
        var table = AccountFigureTable.Compute(ledger, rates, new AgingBuckets(policy.Bounds), policy.Basis, 0, 0m);
        return Report(table, rates);
    }

    /// <summary>The report of figures already gathered (the full evaluation walks each account once for aging, exposure and holds).</summary>
    internal static AgingReport Report(AccountFigureTable table, RatesAsOf rates) => new()
    {
        AsOf = rates.AsOf,
        Buckets = table.Layout,
        Basis = table.Basis,
        Lines = new AgingLineList(table),
        Total = Sum(table, rates),
    };

    /// <summary>One customer's line from its figures.</summary>
    internal static AgingLine Line(CustomerAccount account, in AccountFigures figures, ReadOnlySpan<decimal> buckets)
    {
        var missing = figures.AgingMissing;
        return new AgingLine
        {
            CustomerId = account.Id,
            Currency = account.Customer.Currency,
            Buckets = buckets.ToArray(),
            TotalOpen = figures.TotalOpen,
            Overdue = figures.Overdue,
            Disputed = figures.Disputed,
            Unapplied = figures.Unapplied,
            OldestOverdueDays = figures.OldestOverdueDays,
            ItemCount = figures.ItemCount,
            NotEvaluableReason = missing is null ? null : $"customer {account.Id}: {missing}",
        };
    }

    /// <summary>Days an item is past due on <paramref name="asOf"/> under the basis (negative: not yet due).</summary>
    public static int DaysPastDue(Invoice item, AgingBasis basis, DateOnly asOf) =>
        asOf.DayNumber - (basis == AgingBasis.DueDate ? item.DueDate : item.DocumentDate).DayNumber;

    private static AgingLine Sum(AccountFigureTable table, RatesAsOf rates)
    {
        var company = rates.CompanyCurrency;
        var amounts = new decimal[table.Layout.Count];
        decimal total = 0m, overdue = 0m, disputed = 0m, unapplied = 0m;
        int oldest = 0, count = 0;
        string? missing = null;
        for (var index = 0; index < table.Count; index++)
        {
            ref readonly var line = ref table[index];
            if (line.AgingMissing is not null)
            {
                continue;
            }

            var currency = table.Accounts[index].Customer.Currency;
            if (!rates.TryGetRate(currency, out var rate))
            {
                missing ??= rates.MissingRate(currency);
                continue;
            }

            var same = string.Equals(currency, company, StringComparison.OrdinalIgnoreCase);
            var buckets = table.BucketsOf(index);
            for (var i = 0; i < amounts.Length; i++)
            {
                amounts[i] += same ? buckets[i] : buckets[i] * rate;
            }

            total += same ? line.TotalOpen : line.TotalOpen * rate;
            overdue += same ? line.Overdue : line.Overdue * rate;
            disputed += same ? line.Disputed : line.Disputed * rate;
            unapplied += same ? line.Unapplied : line.Unapplied * rate;
            oldest = Math.Max(oldest, line.OldestOverdueDays);
            count += line.ItemCount;
        }

        return new AgingLine
        {
            CustomerId = TotalId,
            Currency = company,
            Buckets = amounts,
            TotalOpen = total,
            Overdue = overdue,
            Disputed = disputed,
            Unapplied = unapplied,
            OldestOverdueDays = oldest,
            ItemCount = count,
            NotEvaluableReason = missing,
        };
    }
}
