using Connector.Domain.Ledger;

namespace Connector.Domain.Profile;

/// <summary>
/// A customer's payment behaviour and credit standing as of a date, in its credit currency, with the
/// factors behind its risk class and the arithmetic behind its suggested limit.
/// </summary>
public sealed record CustomerProfile
{
    public required string CustomerId { get; init; }
    public required string Currency { get; init; }
    public required DateOnly AsOf { get; init; }

    /// <summary>First day of the lookback window (the window ends on <see cref="AsOf"/>).</summary>
    public required DateOnly From { get; init; }

    /// <summary>Amount-weighted average days from document date to (estimated) payment; <c>null</c> without cash in the window.</summary>
    public decimal? AverageDaysToPay { get; init; }

    /// <summary>Amount-weighted average days paid after the due date (on-time money counts as 0).</summary>
    public decimal? AverageDaysLate { get; init; }

    /// <summary>Cash allocated to invoices in the window: the weight of the two averages.</summary>
    public decimal CashReceived { get; init; }

    /// <summary>Invoices fully paid in the window.</summary>
    public int PaidInvoices { get; init; }

    /// <summary>Of those, paid after their due date.</summary>
    public int PaidLate { get; init; }

    /// <summary>PaidLate / PaidInvoices × 100; <c>null</c> when none was paid.</summary>
    public decimal? LateSharePercent { get; init; }

    public int BrokenPromises { get; init; }
    public int KeptPromises { get; init; }

    /// <summary>Disputed invoices: open ones and those dated within the window.</summary>
    public int Disputes { get; init; }

    /// <summary>Open AR + uninvoiced open orders − unapplied cash.</summary>
    public decimal Exposure { get; init; }

    public decimal? CreditLimit { get; init; }

    /// <summary>Exposure / limit × 100; <c>null</c> without a positive limit.</summary>
    public decimal? UtilisationPercent { get; init; }

    /// <summary>Invoices (credit memos excluded) dated within the window.</summary>
    public decimal CreditSales { get; init; }

    /// <summary>Credit sales per month over the months the customer was active in the window.</summary>
    public decimal AverageMonthlySales { get; init; }

    public required RiskClass RiskClass { get; init; }

    /// <summary>The class the ERP gives, if any, for comparison.</summary>
    public RiskClass? ErpRiskClass { get; init; }

    /// <summary>Each factor with its value, its class and why; the worst of them is <see cref="RiskClass"/>.</summary>
    public required IReadOnlyList<RiskFactor> Factors { get; init; }

    /// <summary><c>null</c> when there is no basis (no credit sales in the window).</summary>
    public decimal? SuggestedLimit { get; init; }

    /// <summary>The arithmetic of <see cref="SuggestedLimit"/>, or why there is none.</summary>
    public required string SuggestedLimitExplanation { get; init; }

    /// <summary>Set when a rate was missing: the figures are then not computed.</summary>
    public string? NotEvaluableReason { get; init; }

    public bool IsEvaluable => NotEvaluableReason is null;
}

/// <summary>One input to the risk class: its value as shown, the class it points to and why.</summary>
public sealed record RiskFactor(string Code, decimal? Value, RiskClass Class, string Reason)
{
    public const string DaysLate = "DAYS_LATE";
    public const string LateShare = "LATE_SHARE";
    public const string BrokenPromises = "BROKEN_PROMISES";
    public const string Disputes = "DISPUTES";
    public const string Utilisation = "UTILISATION";
    public const string NoHistory = "NO_HISTORY";
}
