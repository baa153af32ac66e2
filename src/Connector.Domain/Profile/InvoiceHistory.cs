using Connector.Domain.Ledger;

namespace Connector.Domain.Profile;

public enum SettlementKind
{
    /// <summary>Cash: the applied part of a payment.</summary>
    Payment,

    /// <summary>The applied part of a credit memo (not cash: left out of days-to-pay figures).</summary>
    CreditMemo,
}

/// <summary>One estimated settlement of (part of) an invoice: when, how much, and by what.</summary>
public sealed record PaidPart(DateOnly Date, decimal Amount, SettlementKind Kind, string SourceId);

/// <summary>
/// An invoice with its reconstructed settlements, amounts in the customer's credit currency.
/// The dates are estimates (see <see cref="PaymentHistory"/>).
/// </summary>
public sealed record InvoiceHistory
{
    public required Invoice Invoice { get; init; }

    /// <summary>Invoice amount in the customer's credit currency.</summary>
    public required decimal Amount { get; init; }

    /// <summary>What the ledger says was settled (amount − open; the whole amount when paid; 0 when written off).</summary>
    public required decimal Settled { get; init; }

    /// <summary>The settlements allocated to this invoice, oldest first.</summary>
    public required IReadOnlyList<PaidPart> Parts { get; init; }

    /// <summary>Settled according to the ledger but not covered by any payment or credit memo on record.</summary>
    public decimal Undated { get; init; }

    /// <summary>The estimated day the invoice was fully settled: the last part's date, when the ledger says it is paid and every part is dated.</summary>
    public DateOnly? PaidOn { get; init; }

    public bool IsLate => PaidOn is { } paid && paid > Invoice.DueDate;
}
