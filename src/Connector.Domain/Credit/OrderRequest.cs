namespace Connector.Domain.Credit;

/// <summary>A new or changed order to check against the customer's credit.</summary>
public sealed record OrderRequest
{
    public required string CustomerId { get; init; }

    /// <summary>The order id; needed for a one-order override and to recognise an order already counted in exposure.</summary>
    public string? OrderId { get; init; }

    /// <summary>The order's (new) amount.</summary>
    public required decimal Amount { get; init; }

    /// <summary>The order's currency; <c>null</c>: the customer's credit currency.</summary>
    public string? Currency { get; init; }

    /// <summary>
    /// For an edit: the amount the order had before. Only the increase is checked. When the order is
    /// already counted in exposure, the counted amount is used instead.
    /// </summary>
    public decimal? ExistingAmount { get; init; }

    /// <summary>The day of the check (for override expiry); <c>null</c>: the snapshot's date.</summary>
    public DateOnly? On { get; init; }
}
