namespace Connector.Domain.Collections;

/// <summary>What the ladder makes of one customer.</summary>
public enum CollectionOutcome
{
    /// <summary>No undisputed invoice has reached the first enabled ladder step.</summary>
    NothingDue,

    /// <summary>A case: see its level, amount and priority.</summary>
    Case,

    /// <summary>
    /// Only disputed items are overdue. Such a balance gets no dunning case (disputes are settled
    /// by the dispute process, not by reminders); the customer is reported as skipped with this reason.
    /// </summary>
    DisputedOnly,

    /// <summary>An invoice reached the ladder but the undisputed overdue amount (credit memos netted) is below materiality.</summary>
    BelowMateriality,

    /// <summary>A rate is missing: the amount cannot be known, so nothing is decided for this customer.</summary>
    NotEvaluable,
}
