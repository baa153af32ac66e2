namespace Connector.Domain.CashApplication;

/// <summary>
/// The outcome of one cash-application run: what was applied and why, the write-offs proposed, the
/// exception queue, what stays unapplied per payment, and the figures a controller watches.
/// </summary>
public sealed record CashApplicationResult
{
    /// <summary>Applications in the order the payments were processed (date, then id).</summary>
    public required IReadOnlyList<PaymentApplication> Applications { get; init; }

    public required IReadOnlyList<WriteOffProposal> WriteOffs { get; init; }

    /// <summary>The exception queue: payments no rule could apply without guessing.</summary>
    public required IReadOnlyList<UnmatchedPayment> Exceptions { get; init; }

    /// <summary>Every payment considered (those with unapplied cash), in processing order.</summary>
    public required IReadOnlyList<PaymentOutcome> Payments { get; init; }

    /// <summary>Amount figures per payment currency.</summary>
    public required IReadOnlyList<CashCurrencyTotals> Totals { get; init; }

    public int PaymentCount => Payments.Count;

    /// <summary>Payments a rule applied (fully or up to the invoices they name).</summary>
    public int MatchedPaymentCount { get; init; }

    public int ExceptionCount => Exceptions.Count;

    /// <summary>Auto-match rate by payment count, 0 to 1.</summary>
    public decimal MatchRateByCount => PaymentCount == 0 ? 0m : (decimal)MatchedPaymentCount / PaymentCount;

    /// <summary>
    /// The currency of <see cref="AmountAvailable"/>, <see cref="AmountApplied"/> and <see cref="UnappliedTotal"/>:
    /// the single payment currency, or the company currency when rates were given; <c>null</c> when
    /// payments come in several currencies and no rates were given (then see <see cref="Totals"/>).
    /// </summary>
    public string? FiguresCurrency { get; init; }

    public decimal? AmountAvailable { get; init; }

    public decimal? AmountApplied { get; init; }

    /// <summary>Unapplied cash after the run: exceptions plus remainders of over-payments.</summary>
    public decimal? UnappliedTotal { get; init; }

    /// <summary>Auto-match rate by amount, 0 to 1; <c>null</c> when amounts of different currencies cannot be added.</summary>
    public decimal? MatchRateByAmount =>
        AmountAvailable is { } available && AmountApplied is { } applied
            ? (available == 0m ? 0m : applied / available)
            : null;

    /// <summary>Why a figure is missing (for example a missing exchange rate).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
