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

    /// <summary>How many orders counted; which ones is found again when the exposure is read (decision 124).</summary>
    public int OrdersCount;

    public string? NotEvaluableReason;
}
