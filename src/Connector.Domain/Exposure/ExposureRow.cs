namespace Connector.Domain.Exposure;

/// <summary>
/// The exposure figures of one customer as a value kept in a large array by the evaluation's
/// <see cref="ExposureBook"/>; the <see cref="CustomerExposure"/> record is built from it only when
/// someone reads it. Open AR and unapplied cash stay in the account figures they come from.
/// </summary>
internal struct ExposureRow
{
    public decimal Total;

    public decimal OpenOrders;

    /// <summary>Where the customer's counted orders start in the book's order buffer, and how many.</summary>
    public int OrdersStart;

    public int OrdersCount;

    public string? NotEvaluableReason;
}
