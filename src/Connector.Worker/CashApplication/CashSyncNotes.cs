using Connector.Sync.CashApplication;

namespace Connector.Worker.CashApplication;

/// <summary>The sync summary's line about the cash step.</summary>
public static class CashSyncNotes
{
    /// <summary>"Cash application: 3 payments matched, 2 accepted automatically, 1 waiting for a person …".</summary>
    public static string Note(CashApplicationReport cash)
    {
        ArgumentNullException.ThrowIfNull(cash);
        var note = $"Cash application: {cash.Matched} new payments matched, {cash.AutoAccepted} accepted automatically, {cash.Queued} queued; "
            + $"{cash.Awaiting} applications count now, awaiting the ERP; {cash.OpenExceptions} exceptions wait for a person ('connector cash exceptions list').";
        if (cash.Confirmed > 0 || cash.Disagreed > 0 || cash.SettledInErp > 0)
        {
            note += $" The ERP's export confirmed {cash.Confirmed} applications, disagreed with {cash.Disagreed} (back in the queue), and applied {cash.SettledInErp} queued payments itself.";
        }

        return note;
    }
}
