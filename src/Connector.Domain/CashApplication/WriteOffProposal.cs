namespace Connector.Domain.CashApplication;

/// <summary>
/// A proposal (not a booking) to write off what a short payment left open on an invoice.
/// The run treats the invoice as settled so that no other payment is applied to the gap.
/// </summary>
public sealed record WriteOffProposal(
    string PaymentId,
    string InvoiceId,
    string CustomerId,
    decimal Amount,
    string Currency,
    string ReasonCode,
    string Explanation)
{
    public const string ShortPay = "SHORT_PAY";
}
