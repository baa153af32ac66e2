namespace Connector.Domain.Collections;

/// <summary>
/// What to do next on a case. Dates are stable from day to day (the day the level was reached, the
/// end of a quiet period, the day after a promise's grace, the day the action was first planned) so
/// that an unchanged case stays unchanged. How urgent it is comes from the case's
/// <see cref="CollectionCase.Priority"/>, not from the action.
/// </summary>
public sealed record NextAction
{
    public required ActionKind Kind { get; init; }

    /// <summary>
    /// The day the ladder puts the action on: the day the level was reached, the end of a quiet period, or (for a
    /// paused case) the day after the promise's grace. Not <c>required</c> so that a case stored before it existed
    /// still reads (it comes back as <see cref="DateOnly.MinValue"/> and the next evaluation plans the action afresh).
    /// </summary>
    public DateOnly ScheduledOn { get; init; }

    /// <summary>
    /// When the action is due (for <see cref="ActionKind.None"/>: when the case resumes): <see cref="ScheduledOn"/>, or
    /// the evaluation date on which the action was first planned when that is later. A task never starts out overdue,
    /// and the day stays put while the action stays the same.
    /// </summary>
    public required DateOnly DueDate { get; init; }

    /// <summary>The step also emails the customer on this date (with a task, or as the action itself); <c>null</c>: no email.</summary>
    public DateOnly? EmailDate { get; init; }

    /// <summary>The step coincides with the credit hold rule.</summary>
    public bool CreditHold { get; init; }

    /// <summary>The collector or manager who owns the action; set when the case is assigned.</summary>
    public string? AssigneeId { get; init; }

    /// <summary>The action as a person reads it.</summary>
    public required string Description { get; init; }
}
