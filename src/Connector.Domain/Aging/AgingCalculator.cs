using System.Runtime.InteropServices;
using Connector.Domain.Currencies;
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
        var asOf = rates.AsOf;
        var currency = account.Customer.Currency;
        var amounts = new decimal[buckets.Count];
        decimal total = 0m, overdue = 0m, disputed = 0m, unapplied = 0m;
        int oldest = 0, count = 0;
        string? missing = null;

        foreach (var item in CollectionsMarshal.AsSpan(account.openItems))
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

            var days = DaysPastDue(item, policy.Basis, asOf);
            amounts[buckets.IndexOf(days)] += open;
            total += open;
            count++;
            if (days > 0)
            {
                overdue += open;
                if (days > oldest)
                {
                    oldest = days;
                }
            }

            if (item.Disputed)
            {
                disputed += open;
            }
        }

        foreach (var payment in CollectionsMarshal.AsSpan(account.payments))
        {
            if (payment.Date > asOf || payment.UnappliedAmount == 0m)
            {
                continue;
            }

            if (!rates.TryConvert(payment.UnappliedAmount, payment.Currency, currency, out var cash, out var why))
            {
                missing ??= why;
                continue;
            }

            unapplied += cash;
        }

        return new AgingLine
        {
            CustomerId = account.Id,
            Currency = currency,
            Buckets = amounts,
            TotalOpen = total,
            Overdue = overdue,
            Disputed = disputed,
            Unapplied = unapplied,
            OldestOverdueDays = oldest,
            ItemCount = count,
            NotEvaluableReason = missing is null ? null : $"customer {account.Id}: {missing}",
        };
    }

    /// <summary>Ages every customer and totals the evaluable ones in the company currency.</summary>
    public static AgingReport Report(ArLedger ledger, AgingPolicy policy, RatesAsOf rates)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var buckets = new AgingBuckets(policy.Bounds);
        var lines = new List<AgingLine>(ledger.Accounts.Count);
        foreach (var account in ledger.Accounts)
        {
            lines.Add(Age(account, policy, buckets, rates));
        }

        return new AgingReport
        {
            AsOf = rates.AsOf,
            Buckets = buckets,
            Basis = policy.Basis,
            Lines = lines,
            Total = Sum(lines, buckets, rates),
        };
    }

    /// <summary>Days an item is past due on <paramref name="asOf"/> under the basis (negative: not yet due).</summary>
    public static int DaysPastDue(Invoice item, AgingBasis basis, DateOnly asOf) =>
        asOf.DayNumber - (basis == AgingBasis.DueDate ? item.DueDate : item.DocumentDate).DayNumber;

    private static AgingLine Sum(IReadOnlyList<AgingLine> lines, AgingBuckets buckets, RatesAsOf rates)
    {
        var company = rates.CompanyCurrency;
        var amounts = new decimal[buckets.Count];
        decimal total = 0m, overdue = 0m, disputed = 0m, unapplied = 0m;
        int oldest = 0, count = 0;
        string? missing = null;
        foreach (var line in lines)
        {
            if (!line.IsEvaluable)
            {
                continue;
            }

            if (!rates.TryGetRate(line.Currency, out var rate))
            {
                missing ??= rates.MissingRate(line.Currency);
                continue;
            }

            decimal ToCompany(decimal amount) => string.Equals(line.Currency, company, StringComparison.OrdinalIgnoreCase) ? amount : amount * rate;
            for (var i = 0; i < amounts.Length; i++)
            {
                amounts[i] += ToCompany(line.Buckets[i]);
            }

            total += ToCompany(line.TotalOpen);
            overdue += ToCompany(line.Overdue);
            disputed += ToCompany(line.Disputed);
            unapplied += ToCompany(line.Unapplied);
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
