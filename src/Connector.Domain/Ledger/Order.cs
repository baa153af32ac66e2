namespace Connector.Domain.Ledger;

public enum OrderStatus
{
    Open,
    Invoiced,
    Cancelled,
}

public enum OrderSource
{
    Erp,
    Dataverse,
}

/// <summary>A sales order; only the not-yet-invoiced part of an open order counts toward exposure.</summary>
public sealed record Order
{
    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public decimal Amount { get; init; }
    public decimal UninvoicedAmount { get; init; }
    public required string Currency { get; init; }
    public OrderStatus Status { get; init; } = OrderStatus.Open;
    public OrderSource Source { get; init; } = OrderSource.Erp;

    public bool IsOpen => Status == OrderStatus.Open;
}
