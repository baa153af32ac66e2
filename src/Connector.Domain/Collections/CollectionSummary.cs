using Connector.Domain.Ledger;
using Connector.Domain.Promises;

namespace Connector.Domain.Collections;

/// <summary>
/// The figures of a customer's case without its item list, factors or texts: what the portfolio
/// evaluation needs per customer, computed without allocating (a value type holding references to
/// existing records).
/// </summary>
public readonly record struct CollectionSummary
{
    public CollectionOutcome Outcome { get; init; }

    /// <summary>Ladder level; −1 when there is no case.</summary>
    public int Level { get; init; }

    internal DunningStep? Step { get; init; }

    public RiskClass RiskClass { get; init; }

    /// <summary>The oldest undisputed overdue invoice (it sets the level).</summary>
    public Invoice? Oldest { get; init; }

    public int OldestDaysPastDue { get; init; }

    /// <summary>Items with at least this many days past due are on the case (1, or the courtesy step's days at level 0).</summary>
    public int WindowStartDays { get; init; }

    /// <summary>Undisputed overdue amount in the customer's credit currency.</summary>
    public decimal Amount { get; init; }

    public decimal DisputedAmount { get; init; }

    public decimal AmountInCompanyCurrency { get; init; }

    public decimal AgeWeight { get; init; }

    public string? AgeBand { get; init; }

    public decimal RiskFactor { get; init; }

    public decimal Boost { get; init; }

    /// <summary><c>AmountInCompanyCurrency × AgeWeight × RiskFactor + Boost</c>.</summary>
    public decimal Score { get; init; }

    /// <summary>Importance from the score thresholds: the case's, and its task's in Outlook.</summary>
    public Importance Importance { get; init; }

    /// <summary>The active promise that pauses the case.</summary>
    public PromiseStatus? ActivePromise { get; init; }

    /// <summary>The most recent broken promise within the look-back, which boosts the score.</summary>
    public PromiseStatus? BrokenPromise { get; init; }

    /// <summary>Why there is no case or why the customer is not evaluable.</summary>
    public string? Reason { get; init; }

    public bool HasCase => Outcome == CollectionOutcome.Case;
}
