namespace Connector.Domain.Credit;

/// <summary>
/// One customer's hold on the evaluation date: the rules that fire with their figures, whether a
/// person's release suppresses them, the state to keep, and the transitions since the previous state.
/// </summary>
public sealed record HoldEvaluation
{
    public required string CustomerId { get; init; }
    public required string CustomerName { get; init; }

    /// <summary>The credit currency of every amount in the reasons.</summary>
    public required string Currency { get; init; }

    public required DateOnly AsOf { get; init; }

    /// <summary>The customer is on credit hold: a rule fires and no release is in force (or a hold is kept because the figures are incomplete).</summary>
    public bool OnHold { get; init; }

    /// <summary>Every rule that fires, in rule order, whether or not a release suppresses it.</summary>
    public IReadOnlyList<HoldReason> Reasons { get; init; } = [];

    /// <summary>The codes of the hold: those of <see cref="Reasons"/>, plus the kept ones when <see cref="KeptForMissingRate"/>.</summary>
    public IReadOnlyList<string> Codes { get; init; } = [];

    /// <summary>Since when the customer is on hold (carried over from <see cref="Previous"/>); <c>null</c> when not on hold.</summary>
    public DateOnly? Since { get; init; }

    /// <summary>A person placed a hold (ERP flag or Dynamics) that is in place on the evaluation date.</summary>
    public bool ManualHold { get; init; }

    /// <summary>The release in force, if any; while it is, the rules do not hold the customer.</summary>
    public HoldRelease? Release { get; init; }

    /// <summary>The day <see cref="Release"/> expires (its own date or the policy's default days).</summary>
    public DateOnly? ReleaseExpiresOn { get; init; }

    /// <summary>Rules fire, but a person's release keeps the customer off hold.</summary>
    public bool SuppressedByRelease => Release is not null && Reasons.Count > 0 && !OnHold;

    /// <summary>The hold stays because some amounts could not be converted; a missing rate never lifts a hold.</summary>
    public bool KeptForMissingRate { get; init; }

    public OverdueFigures Overdue { get; init; }

    /// <summary>Set when some amounts could not be converted (a missing rate): limit rules were then not decided.</summary>
    public string? NotEvaluableReason { get; init; }

    public bool IsEvaluable => NotEvaluableReason is null;

    /// <summary>The state to keep for the next evaluation.</summary>
    public HoldStatus Status => new(CustomerId, OnHold, Codes, Since);

    /// <summary>The state this evaluation was compared with (<c>null</c> on the first run).</summary>
    public HoldStatus? Previous { get; init; }

    /// <summary>
    /// What changed since <see cref="Previous"/>, ready for the audit journal. Built when read:
    /// an evaluation of every customer only pays for the transitions someone writes.
    /// </summary>
    public IReadOnlyList<HoldTransition> Transitions => HoldEvaluator.Transitions(this, Previous);
}
