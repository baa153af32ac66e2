namespace Connector.Domain.Ledger;

/// <summary>A customer's promise, made on <see cref="PromisedOn"/>, to pay <see cref="Amount"/> by <see cref="DueDate"/>.</summary>
public sealed record PaymentPromise
{
    public required string CustomerId { get; init; }
    public DateOnly PromisedOn { get; init; }
    public DateOnly DueDate { get; init; }
    public decimal Amount { get; init; }
}
