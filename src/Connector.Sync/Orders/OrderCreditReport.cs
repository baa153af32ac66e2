namespace Connector.Sync.Orders;

/// <summary>What one order credit pass did.</summary>
/// <param name="Read">Orders Dataverse reported as new or changed.</param>
/// <param name="Checked">Orders decided (changed ones, and held ones re-checked).</param>
/// <param name="Held">Orders that became held this pass.</param>
/// <param name="Released">Orders released this pass (by a person or because no rule holds them any more).</param>
/// <param name="Written">Order credit columns written to Dataverse (this pass and any left from an interrupted one).</param>
/// <param name="Notified">Notifications created.</param>
/// <param name="Quarantined">Writes Dataverse refused, set aside with the reason.</param>
/// <param name="Skipped">Why the pass did nothing, when it did nothing (no evaluation yet); otherwise <c>null</c>.</param>
public sealed record OrderCreditReport(int Read, int Checked, int Held, int Released, int Written, int Notified, int Quarantined, string? Skipped = null)
{
    public static OrderCreditReport NotRun(string why) => new(0, 0, 0, 0, 0, 0, 0, why);
}
