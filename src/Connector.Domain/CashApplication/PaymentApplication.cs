namespace Connector.Domain.CashApplication;

/// <summary>One part of a payment applied to one invoice, with the rule and the reason a person can check.</summary>
public sealed record PaymentApplication(
    string PaymentId,
    string InvoiceId,
    string CustomerId,
    decimal Amount,
    string Currency,
    MatchMethod Method,
    MatchConfidence Confidence,
    string Explanation);
