namespace Connector.Domain.Exposure;

/// <summary>
/// The exposure of a whole customer group — the group's parent and all its descendants — in the
/// parent's credit currency, checked against the parent's limit.
/// </summary>
public sealed record GroupExposure
{
    /// <summary>The parent customer whose limit covers the group.</summary>
    public required string GroupId { get; init; }

    public required string GroupName { get; init; }

    /// <summary>The parent's credit currency.</summary>
    public required string Currency { get; init; }

    /// <summary>The parent's credit limit (<c>null</c>: no group check; <c>0</c>: no credit for the group).</summary>
    public decimal? Limit { get; init; }

    /// <summary>Σ the members' exposures, each converted to <see cref="Currency"/>.</summary>
    public decimal Total { get; init; }

    /// <summary>Number of customers in the group, the parent included.</summary>
    public int MemberCount { get; init; }

    /// <summary>Set when a member's exposure or its conversion could not be computed.</summary>
    public string? NotEvaluableReason { get; init; }

    public bool IsEvaluable => NotEvaluableReason is null;

    public LimitCheck Check(decimal tolerancePercent) => new(Limit, Total, tolerancePercent);
}
