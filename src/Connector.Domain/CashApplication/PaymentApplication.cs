namespace Connector.Domain.CashApplication;

/// <summary>One part of a payment applied to one invoice, with the rule and the reason a person can check.</summary>
/// <param name="Amount">Cash applied, in the payment's currency.</param>
/// <param name="InvoiceAmount">For a cross-currency line: what it takes off the invoice, in the invoice's currency; <c>null</c> when the currencies agree.</param>
/// <param name="FxAmount">For a cross-currency line: the FX gain (positive) or loss, in the payment's currency: the cash applied less the invoice amount converted at the payment date's rate.</param>
public sealed record PaymentApplication(
    string PaymentId,
    string InvoiceId,
    string CustomerId,
    decimal Amount,
    string Currency,
    MatchMethod Method,
    MatchConfidence Confidence,
    string Explanation,
    decimal? InvoiceAmount = null,
    decimal FxAmount = 0m);
