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
        var sum = new PortfolioAgingTotal(rates, table.Layout.Count);
        for (var index = 0; index < table.Count; index++)
        {
            sum.Add(table, index);
        }

        return sum.ToLine();
    }
}
