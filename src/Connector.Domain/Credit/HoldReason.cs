namespace Connector.Domain.Credit;

/// <summary>
/// One hold rule that fires, with the figures behind it and the phrase a person reads
/// (for example "3 invoices more than 60 days overdue (12,400.00 USD)"). Figures that do not apply
/// to the rule are <c>null</c>. Amounts are in <see cref="Currency"/>, unrounded.
/// </summary>
public sealed record HoldReason
{
    public required string Code { get; init; }

    /// <summary>The phrase for the hold sentence.</summary>
    public required string Text { get; init; }

    public string? Currency { get; init; }

    /// <summary>OVERDUE_AGE: number of invoices beyond the age.</summary>
    public int? Count { get; init; }

    /// <summary>OVERDUE_AGE: their open amount; OVERDUE_SHARE: the overdue amount; BROKEN_PROMISE: the promised amount.</summary>
    public decimal? Amount { get; init; }

    /// <summary>OVERDUE_AGE: days past due of the oldest of them.</summary>
    public int? OldestDays { get; init; }

    /// <summary>OVER_LIMIT: the exposure held against the limit.</summary>
    public decimal? Exposure { get; init; }

    /// <summary>OVER_LIMIT and OVERDUE_SHARE: the credit limit.</summary>
    public decimal? Limit { get; init; }

    /// <summary>The value the figure had to exceed (limit with tolerance, share of the limit).</summary>
    public decimal? Threshold { get; init; }

    /// <summary>OVER_LIMIT of a group: the parent customer whose group limit is exceeded.</summary>
    public string? GroupId { get; init; }

    /// <summary>MANUAL: who placed the hold (or "ERP"); BROKEN_PROMISE: amount received is in <see cref="Received"/>.</summary>
    public string? By { get; init; }

    /// <summary>MANUAL: the reason given.</summary>
    public string? Reason { get; init; }

    /// <summary>MANUAL: when it was placed; BROKEN_PROMISE: the promised date.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>BROKEN_PROMISE: money received toward the promise.</summary>
    public decimal? Received { get; init; }
}
