namespace Connector.Domain.Credit;

/// <summary>
/// One customer's hold decision as a value kept in a large array by the evaluation; the
/// <see cref="HoldEvaluation"/> record is built from it (with the account and its overdue figures)
/// only when someone reads it. Only customers whose rules fire own arrays of reasons and codes.
/// </summary>
internal struct HoldRow
{
    public HoldReason[] Reasons;

    public string[] Codes;

    public HoldRelease? Release;

    public HoldStatus? Previous;

    public string? NotEvaluableReason;

    public DateOnly? ReleaseExpiresOn;

    public DateOnly? Since;

    public bool OnHold;

    public bool ManualHold;

    public bool KeptForMissingRate;

    /// <summary>Whether reading the transitions can find one: a hold placed, released or changed needs a hold now or before.</summary>
    public readonly bool MayTransition => OnHold || Previous is { OnHold: true };
}
