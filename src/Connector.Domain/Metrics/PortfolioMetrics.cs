namespace Connector.Domain.Metrics;

/// <summary>
/// Portfolio receivable metrics as of a date over a period, in the company currency, with every input
/// so the figures can be checked by hand. A figure is <c>null</c> when its denominator is zero;
/// <see cref="Notes"/> says which and why.
/// </summary>
public sealed record PortfolioMetrics
{
    public required DateOnly AsOf { get; init; }
    public required string Currency { get; init; }

    /// <summary>First day of the period; the period ends on <see cref="AsOf"/>.</summary>
    public required DateOnly PeriodStart { get; init; }

    public required int PeriodDays { get; init; }

    /// <summary>AR at the end of the day before the period (reconstructed from the payment history).</summary>
    public required decimal BeginAr { get; init; }

    /// <summary>Open invoices and credit memos on <see cref="AsOf"/> (unapplied cash not deducted).</summary>
    public required decimal EndAr { get; init; }

    /// <summary>Part of <see cref="EndAr"/> not yet past due.</summary>
    public required decimal EndCurrentAr { get; init; }

    /// <summary>Part of <see cref="EndAr"/> more than <see cref="OverDays"/> days past due.</summary>
    public required decimal EndOverAr { get; init; }

    public required int OverDays { get; init; }

    /// <summary>Invoices dated within the period (credit memos excluded).</summary>
    public required decimal CreditSales { get; init; }

    /// <summary>EndAr / CreditSales × PeriodDays.</summary>
    public decimal? DsoSimple { get; init; }

    /// <summary>Months of sales, counted back from the latest, that make up the ending AR.</summary>
    public decimal? DsoCountback { get; init; }

    public required IReadOnlyList<CountbackStep> CountbackSteps { get; init; }

    /// <summary>EndCurrentAr / CreditSales × PeriodDays.</summary>
    public decimal? BestPossibleDso { get; init; }

    /// <summary>DsoSimple − BestPossibleDso.</summary>
    public decimal? AverageDaysDelinquent { get; init; }

    /// <summary>(BeginAr + CreditSales − EndAr) / (BeginAr + CreditSales − EndCurrentAr) × 100.</summary>
    public decimal? CollectionEffectivenessIndex { get; init; }

    public decimal? PercentCurrent { get; init; }

    /// <summary>EndOverAr / EndAr × 100.</summary>
    public decimal? PercentOver { get; init; }

    /// <summary>AR the ledger shows as settled but no payment on record dates; it counts as open in BeginAr.</summary>
    public decimal UndatedSettlements { get; init; }

    public required int CustomersIncluded { get; init; }

    /// <summary>Customers not in any figure, each with the reason (a missing exchange rate).</summary>
    public required IReadOnlyList<LeftOutCustomer> LeftOut { get; init; }

    /// <summary>Why a figure is missing or only a bound.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}

/// <summary>One month of the countback: its sales, the AR still to explain before it, and the days it adds.</summary>
public sealed record CountbackStep(DateOnly From, DateOnly To, int Days, decimal Sales, decimal ArBefore, decimal DaysCounted);

public sealed record LeftOutCustomer(string CustomerId, string Reason);

/// <summary>
/// One customer's metric inputs in its credit currency: AR at the end of the day before the period, the open items on
/// the date (all, not yet due, more than the policy's days past due) and the invoices dated within the period.
/// </summary>
public sealed record CustomerMetricInputs(decimal BeginAr, decimal EndAr, decimal EndCurrentAr, decimal EndOverAr, decimal CreditSales);

/// <summary>Told each customer the metrics include, with its inputs and its own countback DSO (<c>null</c>: not defined).</summary>
public delegate void CustomerInputsSink(Ledger.CustomerAccount account, CustomerMetricInputs inputs, decimal? dsoCountback);
