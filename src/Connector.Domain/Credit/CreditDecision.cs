namespace Connector.Domain.Credit;

public enum CreditOutcome
{
    Allowed,
    Blocked,
}

/// <summary>One limit an order was held against: the customer's own (<see cref="GroupId"/> null) or a group's.</summary>
public sealed record LimitOutcome
{
    /// <summary>The parent customer for a group limit; <c>null</c> for the customer's own limit.</summary>
    public string? GroupId { get; init; }

    public string? GroupName { get; init; }

    public required string Currency { get; init; }
    public decimal? Limit { get; init; }
    public decimal ExposureBefore { get; init; }
    public decimal ExposureAfter { get; init; }

    /// <summary>The exposure after the order exceeds the limit plus tolerance, and the order adds to it.</summary>
    public bool Exceeded { get; init; }
}

/// <summary>
/// The answer to "may this order go ahead?", with its reasons, the figures behind them and the
/// sentence a sales rep reads. Amounts are in the customer's credit currency, unrounded.
/// </summary>
public sealed record CreditDecision
{
    public required CreditOutcome Outcome { get; init; }

    public bool IsAllowed => Outcome == CreditOutcome.Allowed;

    public required string CustomerId { get; init; }
    public required string CustomerName { get; init; }
    public string? OrderId { get; init; }
    public required DateOnly On { get; init; }

    /// <summary>The credit currency of every amount here.</summary>
    public required string Currency { get; init; }

    /// <summary>
    /// Why the order is blocked (or would be, when an override let it pass): <c>ON_HOLD</c> followed
    /// by the hold's codes, then <c>OVER_LIMIT</c>, <c>NO_CREDIT</c>, <c>GROUP_OVER_LIMIT</c>,
    /// <c>NOT_EVALUABLE</c>, <c>UNKNOWN_CUSTOMER</c>. Empty when nothing stands in the way.
    /// </summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>The codes of the customer's hold (empty when not on hold).</summary>
    public IReadOnlyList<string> HoldCodes { get; init; } = [];

    /// <summary>The sentence the sales rep reads.</summary>
    public required string Message { get; init; }

    /// <summary>The order amount converted to the credit currency.</summary>
    public decimal? OrderAmount { get; init; }

    /// <summary>What the order adds to exposure: its amount, or for an edit the change (negative when it shrinks).</summary>
    public decimal? Increase { get; init; }

    /// <summary><c>null</c> when not evaluable.</summary>
    public decimal? ExposureBefore { get; init; }

    /// <summary>The exposure with this order; <c>null</c> when not evaluable.</summary>
    public decimal? ExposureAfter { get; init; }

    public decimal? CreditLimit { get; init; }

    /// <summary>
    /// Credit available once the decision applies: after the order when it is allowed, without it
    /// when blocked; the tighter of the own and group limits; never below 0; <c>null</c> when no limit applies.
    /// </summary>
    public decimal? AvailableCredit { get; init; }

    /// <summary>Each limit the order was held against (own first, then groups nearest first).</summary>
    public IReadOnlyList<LimitOutcome> Limits { get; init; } = [];

    public decimal OverdueAmount { get; init; }
    public int OldestOverdueDays { get; init; }

    /// <summary>Whom to contact: the collector's name, or "your AR team".</summary>
    public required string Collector { get; init; }

    /// <summary>The one-order override that let a blocked order pass, if any.</summary>
    public OrderOverride? Override { get; init; }

    /// <summary>The audit event when an override was used; <c>null</c> otherwise.</summary>
    public HoldTransition? OverrideEvent => Override is null ? null : new HoldTransition
    {
        Kind = HoldTransitionKind.OverrideUsed,
        CustomerId = CustomerId,
        OrderId = OrderId,
        On = On,
        By = Override.By,
        Codes = Reasons,
        Reason = Override.Reason,
        Until = Override.Until,
        Details = Message,
    };
}
