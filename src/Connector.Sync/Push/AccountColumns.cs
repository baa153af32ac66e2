using Connector.Domain.Aging;
using Connector.Domain.Collections;
using Connector.Domain.Credit;

namespace Connector.Sync.Push;

/// <summary>The account columns the connector owns (solution-package/Entities/Account), from one customer's evaluation.</summary>
internal static class AccountColumns
{
    /// <summary>The six aging columns, in the order of <see cref="AgingBuckets.Default"/>.</summary>
    public static readonly string[] AgingColumns =
        ["arc_aging_current", "arc_aging_1_30", "arc_aging_31_60", "arc_aging_61_90", "arc_aging_91_120", "arc_aging_121_plus"];

    /// <summary>Who gives releases from the command line; their releases are shown on the account in Dynamics.</summary>
    public const string CliActorPrefix = "cli:";

    /// <param name="zone">The zone evaluation days are in: a release given from the CLI is written as that day's local midnight, as a person would enter it.</param>
    public static void Write(PayloadWriter writer, CustomerCreditSnapshot snapshot, AgingLine? aging, CollectionSummary summary, DateOnly asOf, TimeZoneInfo? zone = null)
    {
        writer.Text("name", snapshot.CustomerName);
        writer.Money("creditlimit", snapshot.CreditLimit);
        writer.Boolean("creditonhold", snapshot.Hold.OnHold);
        writer.Money("arc_arbalance", aging?.TotalOpen);
        writer.Money("arc_overdueamount", aging?.Overdue);
        writer.Money("arc_exposure", snapshot.Exposure.IsEvaluable ? snapshot.Exposure.Total : null);
        writer.Money("arc_availablecredit", snapshot.AvailableCredit);
        for (var i = 0; i < AgingColumns.Length; i++)
        {
            // Evaluated with other bounds, the buckets cannot fill these six columns: leave them empty rather than wrong.
            writer.Money(AgingColumns[i], aging is { Buckets.Length: 6 } ? aging.Buckets[i] : null);
        }

        writer.Integer("arc_oldestoverduedays", aging?.OldestOverdueDays ?? 0);
        writer.Choice("arc_riskclass", DataverseModel.Choices.RiskClass(summary.RiskClass));
        writer.Text("arc_holdreasons", snapshot.Hold.OnHold ? string.Join(';', snapshot.Hold.Codes) : null);
        writer.Text("arc_holdmessage", snapshot.Hold.OnHold ? snapshot.HoldMessage : null);
        writer.Date("arc_heldsince", snapshot.Hold.OnHold ? snapshot.Hold.Since : null);
        writer.Text("arc_collectorname", snapshot.Collector.Id is null ? null : snapshot.Collector.Name);
        writer.Text("arc_collectoremail", snapshot.Collector.Email);
        writer.Day("arc_lastevaluatedon", asOf);

        // A release given with 'connector holds release' is shown where AR managers look, and the read-back then finds
        // Dynamics agreeing with the store. A release people set in Dynamics is theirs: its columns are never written.
        if (snapshot.Hold.Release is { } release && release.ReleasedBy.StartsWith(CliActorPrefix, StringComparison.Ordinal) && snapshot.Hold.ReleaseExpiresOn is { } until)
        {
            writer.Text("arc_holdreleasereason", release.Reason);
            writer.LocalDay("arc_holdreleaseuntil", until, zone ?? TimeZoneInfo.Utc);
        }
    }
}
