namespace Connector.Domain.CashApplication;

/// <summary>A payment in the exception queue: the reason, and the invoices a person should look at first.</summary>
public sealed record UnmatchedPayment(
    string PaymentId,
    string? CustomerId,
    decimal Amount,
    string Currency,
    UnmatchedReason Reason,
    string Explanation,
    IReadOnlyList<MatchCandidate> Candidates);
