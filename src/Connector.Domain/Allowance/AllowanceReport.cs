namespace Connector.Domain.Allowance;

/// <summary>
/// The allowance for doubtful accounts as of a date, in the company currency: the target from the
/// aging, its breakdown per bucket, and the entry that moves the books from the current balance to it.
/// Amounts are unrounded; round only when showing or posting.
/// </summary>
public sealed record AllowanceReport
{
    public required DateOnly AsOf { get; init; }

    /// <summary>The company currency every figure is in.</summary>
    public required string Currency { get; init; }

    /// <summary>One line per aging bucket, Current first.</summary>
    public required IReadOnlyList<AllowanceBucketLine> Buckets { get; init; }

    /// <summary>Σ of the bucket allowances: the balance the allowance account should have.</summary>
    public required decimal Target { get; init; }

    /// <summary>The balance on the books (from <see cref="AllowancePolicy.CurrentBalance"/>).</summary>
    public required decimal CurrentBalance { get; init; }

    public required AllowanceAdjustment Adjustment { get; init; }

    /// <summary>Customers whose items are not in the figures (a missing exchange rate), each with the reason.</summary>
    public required IReadOnlyList<string> LeftOut { get; init; }
}

/// <summary>
/// One aging bucket: its net open amount (credit memos reduce it), the disputed part when disputed
/// items carry their own rate, the rates applied and the resulting allowance.
/// </summary>
public sealed record AllowanceBucketLine
{
    /// <summary>Machine key of the bucket ("current", "d1_30", …).</summary>
    public required string Key { get; init; }

    /// <summary>Human label of the bucket ("Current", "1–30", …).</summary>
    public required string Label { get; init; }

    /// <summary>Net open amount of the bucket, disputed items included; negative when credit memos outweigh invoices.</summary>
    public required decimal Open { get; init; }

    /// <summary>Open amount of disputed items in this bucket (0 unless a disputed rate is set; then they take that rate).</summary>
    public decimal Disputed { get; init; }

    /// <summary>The bucket's loss rate in percent.</summary>
    public required decimal RatePercent { get; init; }

    /// <summary>The rate in percent applied to <see cref="Disputed"/>; <c>null</c> when disputed items take the bucket rate.</summary>
    public decimal? DisputedRatePercent { get; init; }

    /// <summary>(Open − Disputed) × rate + Disputed × disputed rate, each part floored at 0.</summary>
    public required decimal Allowance { get; init; }

    /// <summary>True when a part of the bucket was a net credit and was taken as 0 instead of a negative allowance.</summary>
    public bool Floored { get; init; }
}

public enum AdjustmentDirection
{
    /// <summary>Target equals the balance: no entry.</summary>
    None,

    /// <summary>Target above the balance: Dr bad-debt expense / Cr allowance for doubtful accounts.</summary>
    Increase,

    /// <summary>Target below the balance: Dr allowance for doubtful accounts / Cr bad-debt expense (release).</summary>
    Release,
}

/// <summary>The proposed adjusting entry: <c>Amount = target − current balance</c>, and the accounts it moves.</summary>
public sealed record AllowanceAdjustment
{
    /// <summary>Target − current balance: positive raises the allowance, negative releases part of it.</summary>
    public required decimal Amount { get; init; }

    public required AdjustmentDirection Direction { get; init; }

    /// <summary>The account debited (empty when no entry is needed).</summary>
    public required string DebitAccount { get; init; }

    /// <summary>The account credited (empty when no entry is needed).</summary>
    public required string CreditAccount { get; init; }

    /// <summary>One sentence a person can post from, with the figures.</summary>
    public required string Explanation { get; init; }
}
