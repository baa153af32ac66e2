using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Profile;

namespace Connector.Domain.Metrics;

/// <summary>
/// DSO (simple and countback), best possible DSO, average days delinquent, CEI, % current and
/// % over N days for the whole portfolio, in the company currency with the rates of the evaluation date.
/// </summary>
/// <remarks>
/// Credit sales are invoices by document date; credit memos are left out, because they mostly settle
/// disputes and returns of earlier periods and would make a period's sales (and so DSO) swing. They do
/// reduce AR, which is net of them. Written-off invoices still count as sales (they were sold on credit).
/// Past AR (the beginning balance) comes from <see cref="PaymentHistory"/>, an estimate.
/// Past-due status uses the due date whatever the aging basis.
/// </remarks>
public static class MetricsCalculator
{
    public static PortfolioMetrics Compute(ArLedger ledger, MetricsPolicy policy, RatesAsOf rates) => Compute(ledger, policy, rates, null);

    /// <summary>
    /// As <see cref="Compute(ArLedger, MetricsPolicy, RatesAsOf)"/>, telling <paramref name="each"/> every included
    /// customer's own inputs (credit currency) as they are summed: the daily snapshots keep them per customer.
    /// </summary>
    public static PortfolioMetrics Compute(ArLedger ledger, MetricsPolicy policy, RatesAsOf rates, CustomerInputsSink? each)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(rates);
        var asOf = rates.AsOf;
        var company = rates.CompanyCurrency;
        var begin = asOf.AddDays(-policy.PeriodDays);
        var months = MonthWindows(asOf, policy.CountbackMaxMonths);
        var monthlySales = new decimal[months.Length];
        var customerMonths = new decimal[months.Length];
        decimal beginAr = 0m, endAr = 0m, endCurrent = 0m, endOver = 0m, sales = 0m, undated = 0m;
        var included = 0;
        var leftOut = new List<LeftOutCustomer>();

        foreach (var account in ledger.Accounts)
        {
            var history = PaymentHistory.Build(account, rates);
            if (!history.IsEvaluable)
            {
                leftOut.Add(new LeftOutCustomer(account.Id, history.NotEvaluableReason!));
                continue;
            }

            if (!rates.TryGetRate(history.Currency, out var rate))
            {
                leftOut.Add(new LeftOutCustomer(account.Id, $"customer {account.Id}: {rates.MissingRate(history.Currency)}"));
                continue;
            }

            var toCompany = string.Equals(history.Currency, company, StringComparison.OrdinalIgnoreCase) ? 1m : rate;
            Array.Clear(customerMonths);
            if (InputsOf(account, history, policy, rates, begin, months, customerMonths, out var missing) is not { } inputs)
            {
                leftOut.Add(new LeftOutCustomer(account.Id, $"customer {account.Id}: {missing}"));
                continue;
            }

            for (var m = 0; m < months.Length; m++)
            {
                monthlySales[m] += customerMonths[m] * toCompany;
            }

            included++;
            beginAr += inputs.BeginAr * toCompany;
            endAr += inputs.EndAr * toCompany;
            endCurrent += inputs.EndCurrentAr * toCompany;
            endOver += inputs.EndOverAr * toCompany;
            sales += inputs.CreditSales * toCompany;
            undated += history.Undated * toCompany;
            each?.Invoke(account, inputs, Countback(inputs.EndAr, months, customerMonths).Dso);
        }

        var notes = new List<string>();
        var (dso, bpdso, cei, pctCurrent, pctOver) = Ratios(new CustomerMetricInputs(beginAr, endAr, endCurrent, endOver, sales), policy.PeriodDays);
        var add = dso - bpdso;
        if (dso is null)
        {
            notes.Add($"no credit sales between {begin.AddDays(1):yyyy-MM-dd} and {asOf:yyyy-MM-dd}: DSO, best possible DSO and average days delinquent are not defined");
        }

        if (cei is null)
        {
            notes.Add("begin AR + credit sales − ending current AR is not positive: CEI is not defined");
        }

        if (pctCurrent is null)
        {
            notes.Add("ending AR is not positive: % current and % over are not defined");
        }

        var (countback, steps, complete) = Countback(endAr, months, monthlySales);
        if (!complete)
        {
            notes.Add($"the sales of the last {months.Length} months do not explain the ending AR: countback DSO is a lower bound");
        }

        if (undated != 0m)
        {
            notes.Add($"{CurrencyUnits.Format(undated, company)} is settled per the ledger but matched by no payment on record; it counts as open in begin AR");
        }

        if (leftOut.Count > 0)
        {
            notes.Add($"{leftOut.Count} customer(s) left out for a missing exchange rate");
        }

        return new PortfolioMetrics
        {
            AsOf = asOf,
            Currency = company,
            PeriodStart = begin.AddDays(1),
            PeriodDays = policy.PeriodDays,
            BeginAr = beginAr,
            EndAr = endAr,
            EndCurrentAr = endCurrent,
            EndOverAr = endOver,
            OverDays = policy.OverDays,
            CreditSales = sales,
            DsoSimple = dso,
            DsoCountback = countback,
            CountbackSteps = steps,
            BestPossibleDso = bpdso,
            AverageDaysDelinquent = add,
            CollectionEffectivenessIndex = cei,
            PercentCurrent = pctCurrent,
            PercentOver = pctOver,
            UndatedSettlements = undated,
            CustomersIncluded = included,
            LeftOut = leftOut,
            Notes = notes,
        };
    }

    /// <summary>
    /// The ratios of a set of inputs (a portfolio's or one customer's): DSO (simple) = end AR / sales × days, best possible
    /// DSO = current AR / sales × days, CEI = (begin + sales − end) / (begin + sales − current) × 100, % current and % over
    /// of end AR. A ratio is <c>null</c> when its denominator is not positive.
    /// </summary>
    public static (decimal? DsoSimple, decimal? BestPossibleDso, decimal? Cei, decimal? PercentCurrent, decimal? PercentOver) Ratios(CustomerMetricInputs inputs, int periodDays)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var (beginAr, endAr, endCurrent, endOver, sales) = inputs;
        var days = (decimal)periodDays;
        decimal? dso = null, bpdso = null, cei = null, pctCurrent = null, pctOver = null;
        if (sales > 0m)
        {
            dso = endAr / sales * days;
            bpdso = endCurrent / sales * days;
        }

        var collectible = beginAr + sales - endCurrent;
        if (collectible > 0m)
        {
            cei = (beginAr + sales - endAr) / collectible * 100m;
        }

        if (endAr > 0m)
        {
            pctCurrent = endCurrent / endAr * 100m;
            pctOver = endOver / endAr * 100m;
        }

        return (dso, bpdso, cei, pctCurrent, pctOver);
    }

    /// <summary>
    /// One customer's inputs in its credit currency: the end position from the open items (exactly as the aging report
    /// has it), the sales of the period, the begin AR from the history; <paramref name="monthlySales"/> receives the
    /// sales per countback month. <c>null</c> with the missing rate when an item cannot be converted.
    /// </summary>
    private static CustomerMetricInputs? InputsOf(
        CustomerAccount account, CustomerPaymentHistory history, MetricsPolicy policy, RatesAsOf rates, DateOnly begin, (DateOnly From, DateOnly To)[] months, decimal[] monthlySales, out string? missing)
    {
        var asOf = history.AsOf;
        var oldestMonthStart = months[^1].From;
        decimal open = 0m, current = 0m, over = 0m;
        missing = null;
        foreach (var item in account.OpenItems)
        {
            if (item.DocumentDate > asOf)
            {
                continue;
            }

            if (!rates.TryConvert(item.OpenAmount, item.Currency, history.Currency, out var amount, out missing))
            {
                return null;
            }

            open += amount;
            var daysPastDue = asOf.DayNumber - item.DueDate.DayNumber;
            if (daysPastDue <= 0)
            {
                current += amount;
            }
            else if (daysPastDue > policy.OverDays)
            {
                over += amount;
            }
        }

        decimal sales = 0m;
        foreach (var invoice in history.Invoices)
        {
            var date = invoice.Invoice.DocumentDate;
            if (date > begin)
            {
                sales += invoice.Amount;
            }

            if (date >= oldestMonthStart)
            {
                for (var m = 0; m < months.Length; m++)
                {
                    if (date >= months[m].From)
                    {
                        monthlySales[m] += invoice.Amount;
                        break;
                    }
                }
            }
        }

        return new CustomerMetricInputs(history.OpenAt(begin), open, current, over, sales);
    }

    /// <summary>
    /// Countback DSO: take the latest month's sales off the ending AR and count that month's days; repeat
    /// back; the month whose sales cover what is left counts only that share of its days.
    /// </summary>
    public static (decimal? Dso, IReadOnlyList<CountbackStep> Steps, bool Complete) Countback(
        decimal endAr, IReadOnlyList<(DateOnly From, DateOnly To)> months, IReadOnlyList<decimal> monthlySales)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(monthlySales);
        var steps = new List<CountbackStep>();
        if (endAr <= 0m)
        {
            return (0m, steps, true);
        }

        var remaining = endAr;
        var dso = 0m;
        for (var m = 0; m < months.Count; m++)
        {
            var (from, to) = months[m];
            var monthDays = to.DayNumber - from.DayNumber + 1;
            var monthSales = monthlySales[m];
            var counted = monthSales >= remaining ? remaining / monthSales * monthDays : monthDays;
            steps.Add(new CountbackStep(from, to, monthDays, monthSales, remaining, counted));
            dso += counted;
            if (monthSales >= remaining)
            {
                return (dso, steps, true);
            }

            remaining -= monthSales;
        }

        return (dso, steps, false);
    }

    /// <summary>
    /// The months counted back from <paramref name="asOf"/>, latest first. On a month's last day they are
    /// calendar months; otherwise each ends on the same day of an earlier month (15 Jun, 15 May, …).
    /// </summary>
    public static (DateOnly From, DateOnly To)[] MonthWindows(DateOnly asOf, int count)
    {
        var windows = new (DateOnly From, DateOnly To)[count];
        var monthEnd = asOf.Day == DateTime.DaysInMonth(asOf.Year, asOf.Month);
        var to = asOf;
        for (var m = 0; m < count; m++)
        {
            var previousEnd = monthEnd
                ? new DateOnly(to.Year, to.Month, 1).AddDays(-1)
                : asOf.AddMonths(-(m + 1));
            windows[m] = (previousEnd.AddDays(1), to);
            to = previousEnd;
        }

        return windows;
    }
}
