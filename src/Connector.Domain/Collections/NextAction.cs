namespace Connector.Domain.Collections;

/// <summary>
/// What to do next on a case. Dates are stable from day to day (the day the level was reached, the
/// end of a quiet period, the day after a promise's grace) so that an unchanged case stays unchanged.
/// </summary>
public sealed record NextAction
{
    public required ActionKind Kind { get; init; }

    /// <summary>When the action is due (for <see cref="ActionKind.None"/>: when the case resumes).</summary>
    public required DateOnly DueDate { get; init; }

    public required Importance Importance { get; init; }

    /// <summary>The step also emails the customer on this date (with a task, or as the action itself); <c>null</c>: no email.</summary>
    public DateOnly? EmailDate { get; init; }

    /// <summary>The step coincides with the credit hold rule.</summary>
    public bool CreditHold { get; init; }

    /// <summary>The collector or manager who owns the action; set when the case is assigned.</summary>
    public string? AssigneeId { get; init; }

    /// <summary>The action as a person reads it.</summary>
    public required string Description { get; init; }
}
