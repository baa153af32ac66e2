namespace Connector.Domain.Collections;

/// <summary>
/// One rung of the dunning ladder: reached when the oldest undisputed overdue invoice is
/// <see cref="Days"/> days past due (negative: before the due date). Mutable so that it binds from
/// configuration (<c>Collections:Ladder:2:Days</c>).
/// </summary>
public sealed class DunningStep
{
    public int Level { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Days past due of the oldest undisputed overdue invoice at which this step applies.</summary>
    public int Days { get; set; }

    /// <summary>A disabled step is skipped: the case stays on the step below it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The step sends the customer an email (subject to the quiet period).</summary>
    public bool Email { get; set; }

    /// <summary>Who gets a task at this step. How important the task is comes from the case's priority score, not the step.</summary>
    public DunningTaskKind Task { get; set; } = DunningTaskKind.None;

    /// <summary>The step coincides with the credit hold rule (shown on the task; the hold itself is the credit engine's).</summary>
    public bool CreditHold { get; set; }

    /// <summary>
    /// Late-payment interest the step's letter proposes, in percent a year, counted pro rata per undisputed overdue invoice
    /// from its due date to the letter's date (actual days / 365). <c>null</c> or 0: none. The EU rule (Directive
    /// 2011/7/EU) is the reference rate plus 8 points: 2.15 + 8 = <c>10.15</c>.
    /// </summary>
    public decimal? InterestRatePercent { get; set; }

    /// <summary>
    /// A fixed fee the step's letter proposes per undisputed overdue invoice, in the customer's currency (the EU rule: 40
    /// EUR per invoice). <c>null</c> or 0: none.
    /// </summary>
    public decimal? FeeAmount { get; set; }

    /// <summary>The step proposes interest or a fee.</summary>
    public bool ProposesCharges() => InterestRatePercent is > 0m || FeeAmount is > 0m;
}
