using Connector.Domain.Collections;
using Connector.Domain.Ledger;
using Connector.Domain.Promises;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>The cases of one chunk composed: what to commit, and the cases no mailbox takes.</summary>
internal sealed record ComposedCases(CollectionsCommit Commit, IReadOnlyList<UnroutedCase> Unrouted);

/// <summary>
/// A collections plan ready to compose: the plan (replanned for the email that will go), the dunning decisions and
/// composed email, the stored cases and what a task shows beyond its case. Composing is per case and independent, so it
/// can be done all at once (a dry run) or chunk by chunk while the writer drains what is committed.
/// </summary>
internal sealed class PreparedCollectionsPlan
{
    /// <summary>Cases in the first chunk: enough to give every mailbox its first requests while the next chunk is composed.</summary>
    public const int FirstChunk = 256;

    /// <summary>Chunks double up to this many cases (fewer, larger transactions once the writer has work queued).</summary>
    public const int LargestChunk = 2_048;

    public required LedgerEvaluation Evaluation { get; init; }
    public required CollectionsSyncOptions Options { get; init; }
    public required DateTimeOffset Now { get; init; }
    public required CollectionPlan Plan { get; init; }
    public required IReadOnlyList<DunningDecision> Decisions { get; init; }
    public required IReadOnlyList<MailIntent> Mails { get; init; }
    public required IReadOnlyDictionary<string, StoredCase> Stored { get; init; }
    public required IReadOnlyDictionary<string, Guid> AccountIds { get; init; }
    public required ILookup<string, StoredContactAttempt> ContactsByCustomer { get; init; }
    public required IReadOnlyDictionary<string, string> Mailboxes { get; init; }
    public required IReadOnlyDictionary<string, string> Names { get; init; }

    /// <summary>The plan's changes in plan order, in chunks of 256, 512, … up to <see cref="LargestChunk"/>; at least one chunk (perhaps empty).</summary>
    public IEnumerable<IReadOnlyList<CaseChange>> Chunks()
    {
        var changes = Plan.Changes;
        var size = FirstChunk;
        var start = 0;
        do
        {
            var count = Math.Min(size, changes.Count - start);
            yield return changes is List<CaseChange> list ? list.GetRange(start, count) : [.. changes.Skip(start).Take(count)];
            start += count;
            size = Math.Min(size * 2, LargestChunk);
        }
        while (start < changes.Count);
    }

    /// <summary>
    /// The mailboxes this plan's new and changed task-level cases go to (those a case with a collector or manager task is routed to), so
    /// their lists can be made ready while the first chunk is composed; distinct, in plan order.
    /// </summary>
    public IEnumerable<string> TaskMailboxes()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var change in Plan.Changes)
        {
            // An unchanged case queues nothing (its intent equals the stored one), so it asks for no list either: a
            // mailbox set aside as missing is not asked again until something for it changes.
            if (change.Kind == ChangeKind.Unchanged || change.Current is not { NextAction.Kind: ActionKind.CollectorTask or ActionKind.ManagerTask } current)
            {
                continue;
            }

            var assignee = current.NextAction.AssigneeId ?? current.Assignment?.CollectorId;
            if (assignee is not null && Mailboxes.TryGetValue(assignee, out var mailbox) && seen.Add(mailbox))
            {
                yield return mailbox;
            }
        }
    }

    /// <summary>
    /// Composes <paramref name="changes"/> (the cycle's heaviest local work: HTML, JSON, hashes), spread over the cores and
    /// kept in plan order so the outcome is the same on every machine; with <paramref name="withMail"/> the email is queued too.
    /// </summary>
    public ComposedCases Compose(IReadOnlyList<CaseChange> changes, bool withMail)
    {
        var snapshots = new List<CaseSnapshot>();
        var outbox = new List<OutboxItem>();
        var audit = new List<AuditEvent>();
        var unrouted = new List<UnroutedCase>();
        foreach (var planned in changes.AsParallel().AsOrdered().Select(PlanCase))
        {
            if (planned.Snapshot is { } snapshot)
            {
                snapshots.Add(snapshot);
            }

            if (planned.Intent is { } intent)
            {
                outbox.Add(intent);
            }

            if (planned.Audit is { } audited)
            {
                audit.Add(audited);
            }

            if (planned.Unrouted is { } notRouted)
            {
                unrouted.Add(notRouted);
            }
        }

        if (withMail)
        {
            outbox.AddRange(Mails.Select(static m => m.ToOutbox()));
        }

        return new ComposedCases(new CollectionsCommit { Cases = snapshots, Outbox = outbox, Audit = audit }, unrouted);
    }

    /// <summary>The plan result over every composed chunk, in order.</summary>
    public CollectionsPlanResult PlanResult(IReadOnlyList<ComposedCases> parts) => new()
    {
        Plan = Plan,
        Commit = parts.Count == 1
            ? parts[0].Commit
            : new CollectionsCommit
            {
                Cases = [.. parts.SelectMany(static p => p.Commit.Cases)],
                Outbox = [.. parts.SelectMany(static p => p.Commit.Outbox)],
                Audit = [.. parts.SelectMany(static p => p.Commit.Audit)],
            },
        Mail = Decisions,
        Outgoing = [.. Mails.Select(static m => m.Mail)],
        Unrouted = [.. parts.SelectMany(static p => p.Unrouted)],
        Mailboxes = Mailboxes,
    };

    private CaseContext Context(CollectionCase c)
    {
        var ledger = Evaluation.Ledger;
        var account = ledger.Find(c.CustomerId);
        var assignee = c.NextAction.AssigneeId ?? c.Assignment?.CollectorId;
        return new CaseContext
        {
            Customer = account?.Customer ?? new Customer { Id = c.CustomerId, Name = c.CustomerName, Currency = c.Currency },
            CollectorName = assignee is null ? null : Names.GetValueOrDefault(assignee) ?? assignee,
            Promises = account is null ? [] : PromiseEvaluator.Evaluate(account, Evaluation.AsOf, Evaluation.Policies.Collections.PromiseGraceDays),
            Contacts = [.. ContactsByCustomer[c.CustomerId]],
            AccountUrl = AccountUrl(Options.DynamicsUrl, AccountIds, c.CustomerId),
            Charges = LateCharges.Compute(
                LateCharges.StepOf(Evaluation.Policies.Collections, c.RiskClass, c.Level), c.Items, c.Currency, c.NextAction.EmailDate ?? c.LevelReachedOn),
        };
    }

    private PlannedCase PlanCase(CaseChange change)
    {
        var asOf = Evaluation.AsOf;
        Stored.TryGetValue(change.CaseId, out var before);
        if (change.Kind == ChangeKind.Closed)
        {
            var closed = new AuditEvent(Now, "connector", "collections.case.closed", "customer:" + change.CustomerId, $"level {change.Previous!.Level}", null, string.Join("; ", change.Changes));
            var closing = before?.Placement is { } placement
                ? new TaskIntent { UserId = placement.UserId, Content = CaseTaskComposer.Closed(change.Previous, Context(change.Previous), asOf) }.ToOutbox()
                : null;
            return new PlannedCase(new CaseSnapshot(change.CaseId, change.CustomerId, null), closing, closed, null);
        }

        var current = change.Current!;
        var snapshot = ReferenceEquals(current, change.Previous)
            ? null
            : new CaseSnapshot(current.CaseId, current.CustomerId, CaseSnapshotJson.Serialize(current));
        var opened = change.Kind == ChangeKind.New
            ? new AuditEvent(Now, "connector", "collections.case.opened", "customer:" + current.CustomerId, null, $"level {current.Level}", string.Join("; ", change.Changes))
            : null;

        var wantsTask = current.NextAction.Kind is ActionKind.CollectorTask or ActionKind.ManagerTask || before?.Placement is not null;
        if (!wantsTask || (before is { OutlookAction: OutlookAction.Deleted } && before.OutlookActionLevel == current.Level))
        {
            return new PlannedCase(snapshot, null, opened, null);
        }

        var assignee = current.NextAction.AssigneeId ?? current.Assignment?.CollectorId;
        if (assignee is null || !Mailboxes.TryGetValue(assignee, out var mailbox))
        {
            return new PlannedCase(snapshot, null, opened, new UnroutedCase(current.CaseId, assignee, assignee is null
                ? "no collector is assigned"
                : $"{assignee} has no mailbox: give the collector an email in the ERP, or set Graph:Mailboxes:{assignee}"));
        }

        var context = Context(current);
        TaskContent? reassigned = null;
        if (before?.Placement is { } old && !string.Equals(old.UserId, mailbox, StringComparison.OrdinalIgnoreCase))
        {
            reassigned = CaseTaskComposer.Reassigned(change.Previous ?? current, context, context.CollectorName ?? assignee, asOf);
        }

        var intent = new TaskIntent { UserId = mailbox, Content = CaseTaskComposer.Compose(current, context), Reassigned = reassigned }.ToOutbox();
        return new PlannedCase(snapshot, intent, opened, null);
    }

    private static Uri? AccountUrl(Uri? dynamics, IReadOnlyDictionary<string, Guid> ids, string customerId) =>
        dynamics is not null && ids.TryGetValue(customerId, out var id)
            ? new Uri(dynamics, $"main.aspx?pagetype=entityrecord&etn=account&id={id:D}")
            : null;
}
