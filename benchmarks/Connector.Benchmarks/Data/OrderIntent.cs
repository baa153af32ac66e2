namespace Connector.Benchmarks.Data;

/// <summary>A salesorder's customer lookup: an account, or a contact with its parent account (<c>parentcustomerid</c>).</summary>
internal sealed record OrderCustomer(string Table, Guid Id, Guid Account)
{
    public bool IsContact => string.Equals(Table, "contact", StringComparison.Ordinal);

    public static OrderCustomer OfAccount(Guid account) => new("account", account, account);

    public static OrderCustomer OfContact(Guid contact, Guid account) => new("contact", contact, account);
}

/// <summary>
/// An order a sales rep saves in Dynamics, as the benchmark means it (the webhook must work it out from the JSON):
/// a Create, or an Update of its total (with the pre-image), possibly moving it to another customer.
/// </summary>
internal sealed record OrderIntent
{
    /// <summary>How the generator picked it (<c>held</c>, <c>over limit</c>, <c>any</c>, <c>unknown account</c>).</summary>
    public required string Kind { get; init; }

    public required bool IsUpdate { get; init; }

    /// <summary>The salesorder's Dataverse id (PrimaryEntityId and the Target's Id).</summary>
    public required Guid OrderGuid { get; init; }

    /// <summary>The order number Dynamics shows (an order the ERP already counts in exposure when it names one); <c>null</c> on a new order.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>The customer the order has after the save.</summary>
    public required OrderCustomer Customer { get; init; }

    /// <summary>Update: the customer before the save (the pre-image's).</summary>
    public OrderCustomer? CustomerBefore { get; init; }

    /// <summary>The ERP customer of <see cref="Customer"/>'s account; <c>null</c>: an account the connector never pushed.</summary>
    public string? CustomerId { get; init; }

    /// <summary>The total after the save (0 for an order created before its lines).</summary>
    public required decimal Amount { get; init; }

    /// <summary>Update: the total before the save (the pre-image's).</summary>
    public decimal? AmountBefore { get; init; }

    /// <summary>The user saving it.</summary>
    public required Guid UserId { get; init; }

    public bool CustomerChanged => IsUpdate && CustomerBefore is not null && CustomerBefore.Id != Customer.Id;

    /// <summary>The id the domain knows the order by: its number, else its Dataverse id.</summary>
    public string OrderId => OrderNumber ?? OrderGuid.ToString("D");
}
