using Connector.Domain.Ledger;

namespace Connector.Domain.Collections;

/// <summary>
/// Carries the collection plan's assignments back onto the customers the ERP left without a collector,
/// so that a hold sentence names the same person whose Outlook holds the case.
/// </summary>
public static class AssignedCollectors
{
    /// <summary>The ledger with each unassigned customer's collector taken from its case; the same ledger when nothing changes.</summary>
    public static ArLedger WithAssignedCollectors(this ArLedger ledger, CollectionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(plan);
        var assigned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var @case in plan.Cases)
        {
            if (@case.Assignment?.CollectorId is { Length: > 0 } collectorId
                && ledger.Find(@case.CustomerId)?.Customer.CollectorId is null or "")
            {
                assigned[@case.CustomerId] = collectorId;
            }
        }

        if (assigned.Count == 0)
        {
            return ledger;
        }

        return new ArLedger(
            ledger.Accounts.Select(a => assigned.TryGetValue(a.Id, out var collectorId) ? a.Customer with { CollectorId = collectorId } : a.Customer),
            ledger.Accounts.SelectMany(static a => a.Invoices),
            ledger.AllPayments,
            ledger.Accounts.SelectMany(static a => a.Orders),
            ledger.Rates,
            ledger.Accounts.SelectMany(static a => a.Promises),
            ledger.Collectors);
    }
}
