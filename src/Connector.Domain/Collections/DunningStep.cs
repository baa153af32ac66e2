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
}
