using Connector.Domain.Collections;
using Connector.Sync.Collections;
using Connector.Worker.Output;

namespace Connector.Worker.Collections;

/// <summary>What a collections run did, as people read it in the sync summary and <c>collections send</c>.</summary>
public static class CollectionsReports
{
    public static ReportSection Written(CollectionsSyncReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        ReportColumn[] columns =
        [
            ReportColumn.Text("what", "Outlook"),
            ReportColumn.Number("count", "Count"),
        ];
        var tasks = report.Tasks;
        (string What, long Count)[] lines =
        [
            ("open collection cases", report.Planned.Plan.Cases.Count),
            ("tasks and emails queued (changed since the last run)", report.Queued),
            ("tasks created", tasks.Created),
            ("tasks updated in place", tasks.Updated),
            ("tasks completed (paid, or completed by the collector)", tasks.Completed),
            ("tasks moved to another collector", tasks.Moved),
            ("tasks refused by Graph (set aside)", tasks.Quarantined),
            ("tasks not written this run (retried next run)", tasks.Failed),
            ("tasks completed by collectors in Outlook (contact attempts)", report.ReadBack.CompletedByCollectors),
            ("tasks deleted by collectors in Outlook", report.ReadBack.DeletedByCollectors),
            ("dunning emails sent", report.Mail?.Sent ?? 0),
        ];
        return new ReportSection("Collections in Outlook (only changed cases cause a request)", columns,
            [.. lines.Select(static l => new ReportRow([Cell.Of(l.What), Cell.Integer(l.Count)]))]);
    }

    /// <summary>
    /// The administrator's side of "no AR manager is named": the collector's task says whose it is in their terms, this
    /// names the setting. <c>null</c> when an AR manager is named or no case is at a manager step.
    /// </summary>
    public static string? NoArManager(CollectionPlan plan, CollectionsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(policy);
        if (!string.IsNullOrWhiteSpace(policy.ArManagerId))
        {
            return null;
        }

        var count = plan.Cases.Count(static c => c.NextAction.Kind == ActionKind.ManagerTask);
        return count == 0
            ? null
            : $"{count} case(s) at an AR manager step went to their collectors: Collections:ArManagerId names no AR manager.";
    }

    public static IReadOnlyList<string> Notes(CollectionsSyncReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var notes = new List<string>();
        if (report.ReadBack.Adopted > 0)
        {
            notes.Add($"{report.ReadBack.Adopted} tasks created before an interruption were found in the collectors' lists by their case id and kept (none created twice).");
        }

        foreach (var unrouted in report.Planned.Unrouted.Take(5))
        {
            notes.Add($"{unrouted.CaseId}: not written to Outlook: {unrouted.Reason}.");
        }

        if (report.Planned.Unrouted.Count > 5)
        {
            notes.Add($"… and {report.Planned.Unrouted.Count - 5} more cases without a mailbox.");
        }

        if (report.Tasks.Quarantined > 0 || report.Mail is { Quarantined: > 0 } or { Uncertain: > 0 })
        {
            notes.Add("Some tasks or emails were set aside: 'connector collections failures' shows why; 'connector collections retry' queues them again.");
        }

        if (report.Mail is { Uncertain: > 0 } mail)
        {
            notes.Add($"{mail.Uncertain} dunning emails may have been sent before an interruption and were not sent again: check the sender's Sent Items before retrying them.");
        }

        return notes;
    }
}
