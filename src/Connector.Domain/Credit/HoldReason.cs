using Connector.Domain.Exposure;

namespace Connector.Domain.Credit;

/// <summary>
/// One hold rule that fires, with the figures behind it and the phrase a person reads
/// (for example "3 invoices more than 60 days overdue (12,400.00 USD)"). Figures that do not apply
/// to the rule are <c>null</c>. Amounts are in <see cref="Currency"/>, unrounded.
/// </summary>
public sealed record HoldReason
{
    public required string Code { get; init; }

    /// <summary>
    /// The phrase for the hold sentence, built from the figures when read (evaluating 100,000
    /// customers formats no text nobody reads).
    /// </summary>
    public string Text => Code switch
    {
        CreditCodes.OverdueAge => HoldSentence.OverdueAge(Count ?? 0, AgeDays ?? 0, Amount ?? 0m, Currency ?? ""),
        CreditCodes.OverdueShare => HoldSentence.OverdueShare(Amount ?? 0m, Percent ?? 0m, Limit ?? 0m, Currency ?? ""),
        CreditCodes.OverLimit => HoldSentence.OverLimit(Exposure ?? 0m, Limit ?? 0m, Percent ?? 0m, Currency ?? "", GroupName),
        CreditCodes.BrokenPromise => HoldSentence.BrokenPromise(Amount ?? 0m, Date ?? default, Received ?? 0m, Currency ?? ""),
        CreditCodes.Manual when By is null or Erp => HoldSentence.Manual(null, null),
        CreditCodes.Manual when AlsoErpHold => HoldSentence.Manual(By, Reason) + "; " + HoldSentence.Manual(null, null),
        CreditCodes.Manual => HoldSentence.Manual(By, Reason),
        _ => Code,
    };

    /// <summary>The <see cref="By"/> of a manual hold set in the ERP.</summary>
    public const string Erp = "ERP";

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

    /// <summary>The value the figure had to exceed: the limit with its tolerance, or the share of the limit.</summary>
    public decimal? Threshold => Code switch
    {
        CreditCodes.OverLimit when Limit is { } limit => LimitCheck.ThresholdOf(limit, Percent ?? 0m),
        CreditCodes.OverdueShare when Limit is { } limit => limit * (Percent ?? 0m) / 100m,
        _ => null,
    };

    /// <summary>OVER_LIMIT of a group: the parent customer whose group limit is exceeded.</summary>
    public string? GroupId { get; init; }

    public string? GroupName { get; init; }

    /// <summary>OVERDUE_AGE: the age in days an invoice had to exceed.</summary>
    public int? AgeDays { get; init; }

    /// <summary>OVERDUE_SHARE: the share of the limit; OVER_LIMIT: the tolerance percentage.</summary>
    public decimal? Percent { get; init; }

    /// <summary>MANUAL: a hold placed in Dynamics while the ERP's manual-hold flag is also set.</summary>
    public bool AlsoErpHold { get; init; }

    /// <summary>MANUAL: who placed the hold (or "ERP"); BROKEN_PROMISE: amount received is in <see cref="Received"/>.</summary>
    public string? By { get; init; }

    /// <summary>MANUAL: the reason given.</summary>
    public string? Reason { get; init; }

    /// <summary>MANUAL: when it was placed; BROKEN_PROMISE: the promised date.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>BROKEN_PROMISE: money received toward the promise.</summary>
    public decimal? Received { get; init; }
}
