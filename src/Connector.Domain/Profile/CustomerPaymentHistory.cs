using Connector.Domain.Ledger;

namespace Connector.Domain.Profile;

/// <summary>
/// One customer's reconstructed settlement history as of a date, in its credit currency.
/// </summary>
public sealed record CustomerPaymentHistory
{
    public required string CustomerId { get; init; }

    public required string Currency { get; init; }

    public required DateOnly AsOf { get; init; }

    /// <summary>Invoices (not credit memos) dated on or before <see cref="AsOf"/>, oldest due date first.</summary>
    public required IReadOnlyList<InvoiceHistory> Invoices { get; init; }

    /// <summary>Credit memos dated on or before <see cref="AsOf"/>, not written off, with their amount (negative) in the credit currency.</summary>
    public required IReadOnlyList<(Invoice Item, decimal Amount)> CreditMemos { get; init; }

    /// <summary>Applied payment and credit-memo money left over once every invoice's settled part was covered.</summary>
    public decimal Unallocated { get; init; }

    /// <summary>Σ <see cref="InvoiceHistory.Undated"/>: settled per the ledger, but no payment on record explains it.</summary>
    public decimal Undated { get; init; }

    /// <summary>Set when an item could not be converted to the credit currency; the history is then empty.</summary>
    public string? NotEvaluableReason { get; init; }

    public bool IsEvaluable => NotEvaluableReason is null;

    /// <summary>
    /// Receivable at the end of <paramref name="date"/>: items dated on or before it, less the cash
    /// the history places on or before it. Credit-memo applications move money between items and do
    /// not change the total. Written-off items are left out (the ledger does not say when they were
    /// written off); undated settlements count as still open, so an incomplete payment file overstates
    /// AR rather than hiding it.
    /// </summary>
    public decimal OpenAt(DateOnly date)
    {
        var open = 0m;
        foreach (var history in Invoices)
        {
            if (history.Invoice.DocumentDate > date || history.Invoice.Status == ItemStatus.WrittenOff)
            {
                continue;
            }

            open += history.Amount;
            foreach (var part in history.Parts)
            {
                if (part.Kind == SettlementKind.Payment && part.Date <= date)
                {
                    open -= part.Amount;
                }
            }
        }

        foreach (var (item, amount) in CreditMemos)
        {
            if (item.DocumentDate <= date)
            {
                open += amount;
            }
        }

        return open;
    }
}
