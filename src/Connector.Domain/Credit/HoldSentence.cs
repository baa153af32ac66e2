using System.Globalization;
using Connector.Domain.Currencies;

namespace Connector.Domain.Credit;

/// <summary>
/// Builds the words a person reads about a hold: one phrase per rule, and the account's hold text
/// pushed to Dynamics (<c>arc_holdmessage</c>). Amounts go through <see cref="CurrencyUnits.Format"/>.
/// </summary>
public static class HoldSentence
{
    /// <summary>"3 invoices more than 60 days overdue (12,400.00 USD)".</summary>
    public static string OverdueAge(int count, int days, decimal amount, string currency) =>
        $"{count} {(count == 1 ? "invoice" : "invoices")} more than {days} days overdue ({CurrencyUnits.Format(amount, currency)})";

    /// <summary>"overdue 25,000.01 USD is more than 50% of the 50,000.00 USD limit".</summary>
    public static string OverdueShare(decimal overdue, decimal percent, decimal limit, string currency) =>
        $"overdue {CurrencyUnits.Format(overdue, currency)} is more than {Percent(percent)}% of the {CurrencyUnits.Format(limit, currency)} limit";

    /// <summary>"exposure 61,200.00 USD against a limit of 50,000.00 USD" (or the no-credit and group forms).</summary>
    public static string OverLimit(decimal exposure, decimal limit, decimal tolerancePercent, string currency, string? groupName)
    {
        var figure = CurrencyUnits.Format(exposure, currency);
        var tolerance = tolerancePercent > 0m ? $" (+{Percent(tolerancePercent)}% tolerance)" : "";
        if (groupName is not null)
        {
            return limit == 0m
                ? $"group exposure {figure} while the group of {groupName} has no credit (cash in advance)"
                : $"group exposure {figure} against the group limit of {CurrencyUnits.Format(limit, currency)}{tolerance} ({groupName})";
        }

        return limit == 0m
            ? $"exposure {figure} with no credit allowed (cash in advance)"
            : $"exposure {figure} against a limit of {CurrencyUnits.Format(limit, currency)}{tolerance}";
    }

    /// <summary>"promise to pay 5,000.00 USD by 2026-06-20 broken (1,000.00 USD received)".</summary>
    public static string BrokenPromise(decimal amount, DateOnly due, decimal received, string currency) =>
        $"promise to pay {CurrencyUnits.Format(amount, currency)} by {due:yyyy-MM-dd} broken ({CurrencyUnits.Format(received, currency)} received)";

    /// <summary>"manual hold by Jane Doe: disputed delivery terms" or "manual hold set in the ERP".</summary>
    public static string Manual(string? by, string? reason) =>
        by is null ? "manual hold set in the ERP"
        : string.IsNullOrWhiteSpace(reason) ? $"manual hold by {by}"
        : $"manual hold by {by}: {reason}";

    /// <summary>The rules' phrases joined: "3 invoices …; exposure … against a limit of …".</summary>
    public static string Describe(IReadOnlyList<HoldReason> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        return reasons.Count switch
        {
            0 => "",
            1 => reasons[0].Text,
            _ => string.Join("; ", reasons.Select(static r => r.Text)),
        };
    }

    /// <summary>"Contact Jane Doe (Collections) to request a release."</summary>
    public static string Contact(CollectorContact collector, string purpose)
    {
        ArgumentNullException.ThrowIfNull(collector);
        return $"Contact {collector.Label} to {purpose}.";
    }

    /// <summary>
    /// The account's hold text: why it is on hold and whom to call; or that a release is in force;
    /// or an empty string when the customer is not on hold.
    /// </summary>
    public static string ForAccount(HoldEvaluation hold, CollectorContact collector)
    {
        ArgumentNullException.ThrowIfNull(hold);
        ArgumentNullException.ThrowIfNull(collector);
        if (hold.OnHold)
        {
            return $"{hold.CustomerName} is on credit hold — {OnHoldReasons(hold)}. {Contact(collector, "request a release")}";
        }

        if (hold.SuppressedByRelease && hold.Release is { } release)
        {
            return $"{hold.CustomerName}'s credit hold is released by {release.ReleasedBy} until {hold.ReleaseExpiresOn:yyyy-MM-dd} ({release.Reason}); "
                + $"without the release: {Describe(hold.Reasons)}.";
        }

        return "";
    }

    /// <summary>The phrases of a hold, or why the hold is kept when figures are missing.</summary>
    internal static string OnHoldReasons(HoldEvaluation hold)
    {
        var described = Describe(hold.Reasons);
        if (hold.KeptForMissingRate)
        {
            var kept = $"the hold ({string.Join(", ", hold.Codes)}) is kept because the credit cannot be evaluated: {hold.NotEvaluableReason}";
            return described.Length == 0 ? kept : described + "; " + kept;
        }

        return described;
    }

    private static string Percent(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
