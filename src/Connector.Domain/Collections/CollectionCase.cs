using Connector.Domain.Ledger;

namespace Connector.Domain.Collections;

/// <summary>
/// The one collection case of a customer (never one per invoice). Its id is stable
/// (<c>CASE-{customerId}</c>) so the task written for it is updated in place.
/// </summary>
public sealed record CollectionCase
{
    public required string CaseId { get; init; }
    public required string CustomerId { get; init; }
    public required string CustomerName { get; init; }

    /// <summary>The customer's credit currency: <see cref="Amount"/> and the items are in it.</summary>
    public required string Currency { get; init; }

    public required int Level { get; init; }
    public required string LevelName { get; init; }

    /// <summary>The risk class whose ladder and factor applied (the default class when the ERP gives none).</summary>
    public RiskClass RiskClass { get; init; }

    /// <summary>The oldest undisputed overdue invoice: it sets the level.</summary>
    public required string OldestInvoiceId { get; init; }

    public int OldestDaysPastDue { get; init; }

    /// <summary>The day the current level was reached (oldest invoice's due date plus the step's days).</summary>
    public DateOnly LevelReachedOn { get; init; }

    /// <summary>Undisputed overdue amount (credit memos net it), in <see cref="Currency"/>.</summary>
    public decimal Amount { get; init; }

    /// <summary>Overdue amount under dispute, listed but not dunned.</summary>
    public decimal DisputedAmount { get; init; }

    public required string CompanyCurrency { get; init; }

    /// <summary><see cref="Amount"/> in the company currency: what the priority compares across customers.</summary>
    public decimal AmountInCompanyCurrency { get; init; }

    public required IReadOnlyList<CaseItem> Items { get; init; }

    public required PriorityScore Priority { get; init; }

    public CaseState State { get; init; }

    public required NextAction NextAction { get; init; }

    /// <summary>Set by the planner; <c>null</c> on a case evaluated for one customer alone.</summary>
    public CollectorAssignment? Assignment { get; init; }

    /// <summary>The grace end of the promise that pauses the case, if any.</summary>
    public DateOnly? PromiseGraceEnd { get; init; }

    /// <summary>The customer broke a promise recently (it boosts the priority).</summary>
    public bool BrokenPromise { get; init; }

    public int IncompleteItemCount { get; init; }

    public static string IdFor(string customerId) => "CASE-" + customerId;
}
