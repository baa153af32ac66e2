namespace Connector.Domain.CashApplication;

/// <summary>
/// An open invoice a person might apply an unmatched payment to. <see cref="Score"/> runs from 0 to 1:
/// 0.50 × reference similarity + 0.35 × amount closeness + 0.15 × date proximity.
/// </summary>
public sealed record MatchCandidate(
    string InvoiceId,
    string CustomerId,
    decimal OpenAmount,
    string Currency,
    DateOnly DueDate,
    decimal Score,
    string Explanation);
