using Connector.Sync.Ports;

namespace Connector.Sync.CashApplication;

/// <summary>What the CLI shows of a stored match beside its own fields.</summary>
public static class CashDeskViews
{
    /// <summary>The ranked candidate invoices kept with an exception (empty when it has none or they cannot be read).</summary>
    public static IReadOnlyList<CandidateRow> Candidates(StoredCashMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return CashRows.Candidates(match.Candidates);
    }
}
