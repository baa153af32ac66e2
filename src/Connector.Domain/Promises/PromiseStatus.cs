using Connector.Domain.Ledger;

namespace Connector.Domain.Promises;

/// <summary>Where a promise-to-pay stands on the evaluation date, with the money received against it.</summary>
public sealed record PromiseStatus(PaymentPromise Promise, PromiseState State, decimal Received)
{
    /// <summary>The last day the promise may still be kept: due date plus grace days.</summary>
    public DateOnly GraceEnd { get; init; }

    public decimal Shortfall => Math.Max(0m, Promise.Amount - Received);
}
