using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;

namespace Connector.Domain.Aging;

/// <summary>
/// The portfolio's aging total kept from one incremental evaluation to the next (decision 137): a changed customer's old
/// line is taken out and its new line added, instead of summing every line again. Equal to <see cref="PortfolioAgingTotal"/>
/// of the same lines, digit for digit: a decimal sum is exact while no term and no partial sum is rounded, and then its value
/// does not depend on the order and its scale is the largest of its terms'. So this keeps, per figure, the terms' scales
/// and the sum of their sizes, and says it cannot tell (<see cref="ToLine"/> <c>null</c>: sum whole) when a conversion
/// rounded, a sum could overflow, or a line's currency has no rate (the total names the first such line in ledger order).
/// </summary>
internal sealed class RunningAgingTotal
{
    private const int Scales = 29;

    // 2^96 − 1: a sum whose terms' sizes add up below this at the largest scale cannot round in any order.
    private static readonly decimal Headroom = decimal.MaxValue;

    private readonly RatesAsOf rates;
    private readonly int width;

    // Per figure (the buckets, then total, overdue, disputed, unapplied): the sum, the sum of the terms' sizes, and how
    // many terms of each scale it holds.
    private readonly decimal[] sums;
    private readonly decimal[] sizes;
    private readonly int[] scales;
    private readonly Dictionary<int, int> oldest;
    private int count;
    private int withoutRate;
    private bool rounded;

    /// <param name="table">The rate table <paramref name="rates"/> come from: the same table, day and company currency give the same rates.</param>
    public RunningAgingTotal(RatesAsOf rates, IReadOnlyList<Ledger.ExchangeRate> table, int bucketCount)
    {
        this.rates = rates;
        Table = table;
        width = bucketCount + 4;
        sums = new decimal[width];
        sizes = new decimal[width];
        scales = new int[width * Scales];
        oldest = [];
    }

    private RunningAgingTotal(RunningAgingTotal other)
    {
        rates = other.rates;
        Table = other.Table;
        width = other.width;
        sums = (decimal[])other.sums.Clone();
        sizes = (decimal[])other.sizes.Clone();
        scales = (int[])other.scales.Clone();
        oldest = new Dictionary<int, int>(other.oldest);
        count = other.count;
        withoutRate = other.withoutRate;
        rounded = other.rounded;
    }

    /// <summary>The rates the terms were converted at.</summary>
    public RatesAsOf Rates => rates;

    public IReadOnlyList<Ledger.ExchangeRate> Table { get; }

    public RunningAgingTotal Copy() => new(this);

    public void Add(AccountFigureTable table, int index) => Count(table, index, 1);

    public void Remove(AccountFigureTable table, int index) => Count(table, index, -1);

    /// <summary>The total line, as <see cref="PortfolioAgingTotal.ToLine"/> gives it; <c>null</c> when this cannot tell it exactly.</summary>
    public AgingLine? ToLine()
    {
        if (rounded || withoutRate > 0)
        {
            return null;
        }

        var figures = new decimal[width];
        for (var f = 0; f < width; f++)
        {
            var scale = 0;
            for (var s = Scales - 1; s > 0; s--)
            {
                if (scales[(f * Scales) + s] > 0)
                {
                    scale = s;
                    break;
                }
            }

            // Every partial sum of the full evaluation's order is at most the sum of the sizes: it fits at this scale.
            if (sizes[f] > Headroom / Pow10(scale) / 2)
            {
                return null;
            }

            figures[f] = AtScale(sums[f], scale);
        }

        var days = 0;
        foreach (var (day, lines) in oldest)
        {
            if (lines > 0 && day > days)
            {
                days = day;
            }
        }

        var buckets = new decimal[width - 4];
        Array.Copy(figures, buckets, buckets.Length);
        return new AgingLine
        {
            CustomerId = AgingCalculator.TotalId,
            Currency = rates.CompanyCurrency,
            Buckets = buckets,
            TotalOpen = figures[width - 4],
            Overdue = figures[width - 3],
            Disputed = figures[width - 2],
            Unapplied = figures[width - 1],
            OldestOverdueDays = days,
            ItemCount = count,
            NotEvaluableReason = null,
        };
    }

    private void Count(AccountFigureTable table, int index, int sign)
    {
        ref readonly var line = ref table[index];
        if (line.AgingMissing is not null)
        {
            return;
        }

        var currency = table.Accounts[index].Customer.Currency;
        if (!rates.TryGetRate(currency, out var rate))
        {
            withoutRate += sign;
            return;
        }

        var same = string.Equals(currency, rates.CompanyCurrency, StringComparison.OrdinalIgnoreCase);
        var buckets = table.BucketsOf(index);
        for (var i = 0; i < buckets.Length; i++)
        {
            Term(i, buckets[i], same, rate, sign);
        }

        Term(width - 4, line.TotalOpen, same, rate, sign);
        Term(width - 3, line.Overdue, same, rate, sign);
        Term(width - 2, line.Disputed, same, rate, sign);
        Term(width - 1, line.Unapplied, same, rate, sign);
        oldest[line.OldestOverdueDays] = oldest.GetValueOrDefault(line.OldestOverdueDays) + sign;
        count += sign * line.ItemCount;
    }

    private void Term(int figure, decimal amount, bool same, decimal rate, int sign)
    {
        var term = same ? amount : amount * rate;
        if (!same && term.Scale != amount.Scale + rate.Scale)
        {
            // The conversion rounded: the full evaluation's sum of such terms may depend on their order.
            rounded = true;
            return;
        }

        sums[figure] = Exact(sums[figure], sign > 0 ? term : -term);
        sizes[figure] = Exact(sizes[figure], sign > 0 ? Math.Abs(term) : -Math.Abs(term));
        scales[(figure * Scales) + term.Scale] += sign;
    }

    private decimal Exact(decimal sum, decimal term)
    {
        var result = sum + term;
        if (result.Scale != Math.Max(sum.Scale, term.Scale))
        {
            rounded = true;
        }

        return result;
    }

    /// <summary>The exact value at <paramref name="scale"/> (what a sum of terms of at most that scale shows).</summary>
    private static decimal AtScale(decimal value, int scale) =>
        value.Scale > scale ? Math.Round(value, scale, MidpointRounding.ToEven)
        : value.Scale < scale ? value + new decimal(0, 0, 0, false, (byte)scale)
        : value;

    private static decimal Pow10(int scale)
    {
        var power = 1m;
        for (var i = 0; i < scale; i++)
        {
            power *= 10m;
        }

        return power;
    }
}
