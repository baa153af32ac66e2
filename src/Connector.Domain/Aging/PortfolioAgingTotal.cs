using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;

namespace Connector.Domain.Aging;

/// <summary>
/// The portfolio's aging total in the company currency, summed line by line in the order lines are added: the full
/// evaluation adds its table in ledger order, an incremental one its merged lines in the same order, so both sum alike.
/// A line in a currency without a rate is left out and named once (the first missing rate).
/// </summary>
internal sealed class PortfolioAgingTotal(RatesAsOf rates, int bucketCount)
{
    private readonly decimal[] amounts = new decimal[bucketCount];
    private decimal total, overdue, disputed, unapplied;
    private int oldest, count;
    private string? missing;

    public void Add(AccountFigureTable table, int index)
    {
        ref readonly var line = ref table[index];
        if (line.AgingMissing is not null)
        {
            return;
        }

        var currency = table.Accounts[index].Customer.Currency;
        if (!rates.TryGetRate(currency, out var rate))
        {
            missing ??= rates.MissingRate(currency);
            return;
        }

        var same = string.Equals(currency, rates.CompanyCurrency, StringComparison.OrdinalIgnoreCase);
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

    public AgingLine ToLine() => new()
    {
        CustomerId = AgingCalculator.TotalId,
        Currency = rates.CompanyCurrency,
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
