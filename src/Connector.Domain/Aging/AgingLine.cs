namespace Connector.Domain.Aging;

/// <summary>
/// One customer's aging as of a date, in the customer's credit currency (or, for the total line,
/// in the company currency). Amounts are unrounded; round only when showing or storing.
/// </summary>
public sealed record AgingLine
{
    public required string CustomerId { get; init; }
    public required string Currency { get; init; }

    /// <summary>Open amounts per bucket, in <see cref="AgingBuckets"/> order.</summary>
    public required decimal[] Buckets { get; init; }

    public decimal TotalOpen { get; init; }

    /// <summary>Open amount more than 0 days past due.</summary>
    public decimal Overdue { get; init; }

    /// <summary>Open amount of disputed items (also counted in their buckets).</summary>
    public decimal Disputed { get; init; }

    /// <summary>Payments received but not applied to any invoice; not aged.</summary>
    public decimal Unapplied { get; init; }

    /// <summary>Total open less unapplied cash.</summary>
    public decimal NetBalance => TotalOpen - Unapplied;

    /// <summary>Days past due of the oldest overdue item (0 when nothing is overdue).</summary>
    public int OldestOverdueDays { get; init; }

    public int ItemCount { get; init; }

    /// <summary>Set when a figure could not be computed (a missing exchange rate); the amounts are then incomplete.</summary>
    public string? NotEvaluableReason { get; init; }

    public bool IsEvaluable => NotEvaluableReason is null;
}
