namespace Connector.Sync.Orders;

/// <summary>
/// What the order credit check needs of one order, resolved: its ERP customer (through a contact's parent account),
/// its amount and owner, and — when Dataverse was read this pass — what its credit columns say now.
/// </summary>
public sealed record OrderFacts
{
    public required Guid OrderId { get; init; }

    public string? Number { get; init; }

    public string? Name { get; init; }

    /// <summary>The ERP customer number; <c>null</c> when the account is not a customer of the AR ledger.</summary>
    public string? CustomerId { get; init; }

    public required Guid AccountId { get; init; }

    public Guid? OwnerUserId { get; init; }

    /// <summary>The order's amount in the customer's credit currency (as converted), else as Dataverse holds it.</summary>
    public required decimal Amount { get; init; }

    /// <summary>Why the amount could not be converted into the credit currency; <c>null</c> when it was (or needed not be).</summary>
    public string? AmountProblem { get; init; }

    /// <summary>The order as Dataverse shows it now; <c>null</c> when the pass re-checks a stored order without reading it.</summary>
    public OrderRecord? Row { get; init; }

    /// <summary>How people name the order: its number, else its id.</summary>
    public string Label => Number ?? OrderId.ToString("D");

    public string Subject => "salesorder:" + Label;
}
