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

    /// <summary>"Twins: 4 bank entries recognised as the ERP's own payments (B… = PAY-… (reference)), counted once …"; <c>null</c> when there is nothing to say.</summary>
    public static string? Twins(PaymentTwinReport twins)
    {
        ArgumentNullException.ThrowIfNull(twins);
        if (twins.Recognised == 0 && twins.Questions == 0 && twins.Disagreed == 0 && twins.Settled == 0)
        {
            return null;
        }

        var note = $"Twins: {twins.Recognised} bank entries recognised as the ERP's own record of the same money"
            + (twins.Examples.Count > 0 ? $" ({string.Join(", ", twins.Examples)}{(twins.Recognised > twins.Examples.Count ? ", …" : "")})" : "")
            + $", each counted once ({twins.Linked} linked in all)";
        if (twins.Questions > 0)
        {
            note += $"; {twins.Questions} possible twins held back for a person (reason possible_twin)";
        }

        if (twins.Disagreed > 0 || twins.Settled > 0)
        {
            note += $"; the ERP's record disagreed with {twins.Disagreed} applications (back in the queue) and applied {twins.Settled} queued bank entries itself";
        }

        return note + ".";
    }
}
