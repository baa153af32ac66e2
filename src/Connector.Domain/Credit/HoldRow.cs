namespace Connector.Domain.Credit;

/// <summary>
/// One customer's hold decision as a value kept in a large array by the evaluation; the
/// <see cref="HoldEvaluation"/> record is built from it (with the account and its overdue figures)
/// only when someone reads it, its reasons found again then from the same inputs: an evaluation keeps no reason
/// records. Only customers with several codes own an array of codes.
/// </summary>
internal struct HoldRow
{
    /// <summary>How many reasons fired (the over-limit rule once per group over its limit).</summary>
    public int ReasonCount;

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
