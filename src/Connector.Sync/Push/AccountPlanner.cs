using Connector.Domain.Credit;
using Connector.Domain.Evaluation;
using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>
/// Turns one evaluation into the desired state of every Dataverse account (its AR columns, credit limit, hold flag,
/// hold sentence and collector), the hold states to keep and the audit events of the hold transitions. Only accounts
/// whose columns differ from what was last sent are queued.
/// </summary>
public static class AccountPlanner
{
    /// <param name="zone">The zone evaluation days are in (a CLI release's end is written as its local midnight); <c>null</c>: UTC.</param>
    public static EvaluationCommit Plan(PortfolioEvaluation evaluation, PushBaseline baseline, IReadOnlyDictionary<string, HoldStatus>? previous, DateTimeOffset now, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(baseline);
        var target = DataverseModel.Target(DataverseModel.Accounts);
        using var writer = new PayloadWriter();
        var outbox = new List<OutboxItem>();
        var aging = AgingByCustomer(evaluation);
        var snapshots = evaluation.Credit.Snapshots;
        for (var i = 0; i < snapshots.Count; i++)
        {
            var snapshot = snapshots[i];
            var summary = evaluation.Collections.Count == snapshots.Count ? evaluation.Collections[i] : default;
            writer.Begin();
            AccountColumns.Write(writer, snapshot, aging.TryGetValue(snapshot.CustomerId, out var line) ? line : null, summary, evaluation.AsOf, zone);
            var item = writer.End(target, snapshot.CustomerId);
            if (baseline.NeedsSending(item))
            {
                outbox.Add(item);
            }
        }

        return new EvaluationCommit
        {
            Outbox = outbox,
            HoldStatuses = ChangedStatuses(evaluation.Credit, previous),
            Audit = [.. evaluation.Credit.Transitions.Select(t => HoldAudit.Of(t, now))],
        };
    }

    private static Dictionary<string, Domain.Aging.AgingLine> AgingByCustomer(PortfolioEvaluation evaluation)
    {
        var lines = new Dictionary<string, Domain.Aging.AgingLine>(evaluation.Aging.Lines.Count, StringComparer.Ordinal);
        foreach (var line in evaluation.Aging.Lines)
        {
            lines.TryAdd(line.CustomerId, line);
        }

        return lines;
    }

    private static List<StoredHoldStatus> ChangedStatuses(CreditEvaluation credit, IReadOnlyDictionary<string, HoldStatus>? previous)
    {
        var changed = new List<StoredHoldStatus>();
        foreach (var (customerId, status) in credit.Statuses())
        {
            var before = previous is not null && previous.TryGetValue(customerId, out var kept) ? kept : null;
            if (before is null ? status.OnHold : !Same(before, status))
            {
                changed.Add(new StoredHoldStatus(customerId, status.OnHold, string.Join(';', status.Codes), status.Since));
            }
        }

        return changed;
    }

    private static bool Same(HoldStatus a, HoldStatus b) =>
        a.OnHold == b.OnHold && a.Since == b.Since && a.Codes.SequenceEqual(b.Codes, StringComparer.Ordinal);
}
