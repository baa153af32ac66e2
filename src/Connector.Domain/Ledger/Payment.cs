namespace Connector.Domain.Ledger;

/// <summary>Money received. <see cref="CustomerId"/> is empty when the bank file did not say who paid.</summary>
public sealed record Payment
{
    public required string Id { get; init; }
    public string? CustomerId { get; init; }
    public DateOnly Date { get; init; }
    public decimal Amount { get; init; }
    public required string Currency { get; init; }

    /// <summary>The remittance text as the bank delivered it (messy by nature).</summary>
    public string? Reference { get; init; }

    public decimal AppliedAmount { get; init; }

    public decimal UnappliedAmount => Amount - AppliedAmount;
}
