using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Promises;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>A case the connector cannot put in anyone's Outlook, and why.</summary>
public sealed record UnroutedCase(string CaseId, string? AssigneeId, string Reason);

/// <summary>The collections plan for a date, with what it would write: used by the run and by <c>collections send --dry-run</c>.</summary>
public sealed record CollectionsPlanResult
{
    public required CollectionPlan Plan { get; init; }
    public required CollectionsCommit Commit { get; init; }
    public required IReadOnlyList<DunningDecision> Mail { get; init; }
    public required IReadOnlyList<OutgoingMail> Outgoing { get; init; }
    public required IReadOnlyList<UnroutedCase> Unrouted { get; init; }

    /// <summary>The mailbox each assignee's cases go to.</summary>
    public required IReadOnlyDictionary<string, string> Mailboxes { get; init; }
}

/// <summary>What planning one case gives: its new snapshot, its task intent, its audit event, or why it has no task.</summary>
internal readonly record struct PlannedCase(CaseSnapshot? Snapshot, OutboxItem? Intent, AuditEvent? Audit, UnroutedCase? Unrouted);

/// <summary>What one collections run did.</summary>
public sealed record CollectionsSyncReport
{
    public required TaskReadBackResult ReadBack { get; init; }
    public required CollectionsPlanResult Planned { get; init; }
    public required int Queued { get; init; }
    public required TaskWriteResult Tasks { get; init; }
    public MailSendResult? Mail { get; init; }
}

/// <summary>
/// Read back the collectors' lists → plan every case → commit snapshots and intents in one transaction → write the
/// tasks → send the dunning mail. Only a case whose task content changed queues a request; every step resumes from
/// the store after a crash.
/// </summary>
public sealed class CollectionsSync
{
    private readonly IConnectorStore store;
    private readonly ITaskBoard board;
    private readonly IMailSender? mail;
    private readonly TimeProvider time;

    public CollectionsSync(IConnectorStore store, ITaskBoard board, IMailSender? mail, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(time);
        this.store = store;
        this.board = board;
        this.mail = mail;
        this.time = time;
    }

    public async Task<CollectionsSyncReport> RunAsync(
        EvaluationPolicies policies, DateOnly asOf, CollectionsSyncOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(options);
        progress?.Report("reading the collectors' task lists");
        var readBack = await new TaskReadBack(board, store, time).RunAsync(options, cancellationToken).ConfigureAwait(false);

        progress?.Report("planning collections");
        var planned = await PlanAsync(store, policies, asOf, options, time, cancellationToken).ConfigureAwait(false);
        var queued = await store.CommitCollectionsAsync(planned.Commit, cancellationToken).ConfigureAwait(false);

        progress?.Report("writing collection tasks");
        var tasks = await new TaskWriter(board, store).RunAsync(options, cancellationToken).ConfigureAwait(false);

        MailSendResult? sent = null;
        if (options.Mail is not null && mail is not null)
        {
            progress?.Report("sending dunning email");
            sent = await new DunningSender(mail, store).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        return new CollectionsSyncReport { ReadBack = readBack, Planned = planned, Queued = queued, Tasks = tasks, Mail = sent };
    }

    /// <summary>Plans the cases and composes every task and email they need, without writing anything.</summary>
    public static async Task<CollectionsPlanResult> PlanAsync(
        IConnectorStore store, EvaluationPolicies policies, DateOnly asOf, CollectionsSyncOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var ledger = await LedgerLoader.LoadAsync(store, cancellationToken).ConfigureAwait(false);
        var stored = (await store.ReadCasesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(static c => c.CaseId, StringComparer.Ordinal);
        var contacts = await store.ReadContactAttemptsAsync(cancellationToken).ConfigureAwait(false);
        var accountIds = options.DynamicsUrl is null
            ? new Dictionary<string, Guid>()
            : await store.ReadRecordIdsAsync("account", cancellationToken).ConfigureAwait(false);

        var previous = new List<CollectionCase>();
        foreach (var open in stored.Values.Where(static c => c.IsOpen))
        {
            previous.Add(CaseSnapshotJson.Deserialize(open.Snapshot!));
        }

        var rates = ledger.RatesOn(policies.Company.Currency, asOf);
        var history = contacts.Select(static c => new ContactAttempt(c.CustomerId, c.Level, c.Kind, c.On)).ToList();
        var plan = CollectionPlanner.Plan(ledger, policies.Collections, rates, history, previous);
        var contactsByCustomer = contacts.ToLookup(static c => c.CustomerId, StringComparer.Ordinal);
        var mailboxes = Mailboxes(ledger, options);
        var names = ledger.Collectors.ToDictionary(static c => c.Id, static c => c.Name, StringComparer.Ordinal);
        var now = time.GetUtcNow();

        CaseContext Context(CollectionCase c)
        {
            var account = ledger.Find(c.CustomerId);
            var assignee = c.NextAction.AssigneeId ?? c.Assignment?.CollectorId;
            return new CaseContext
            {
                Customer = account?.Customer ?? new Customer { Id = c.CustomerId, Name = c.CustomerName, Currency = c.Currency },
                CollectorName = assignee is null ? null : names.GetValueOrDefault(assignee) ?? assignee,
                Promises = account is null ? [] : PromiseEvaluator.Evaluate(account, asOf, policies.Collections.PromiseGraceDays),
                Contacts = [.. contactsByCustomer[c.CustomerId]],
                AccountUrl = AccountUrl(options.DynamicsUrl, accountIds, c.CustomerId),
            };
        }

        var snapshots = new List<CaseSnapshot>();
        var outbox = new List<OutboxItem>();
        var audit = new List<AuditEvent>();
        var unrouted = new List<UnroutedCase>();
        // Composing every case's task is the cycle's heaviest local work (HTML, JSON, hashes) and each case is
        // independent: spread over the cores, kept in plan order so the outcome is the same on every machine.
        foreach (var planned in plan.Changes.AsParallel().AsOrdered().Select(PlanCase))
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

        PlannedCase PlanCase(CaseChange change)
        {
            stored.TryGetValue(change.CaseId, out var before);
            if (change.Kind == ChangeKind.Closed)
            {
                var closed = new AuditEvent(now, "connector", "collections.case.closed", "customer:" + change.CustomerId, $"level {change.Previous!.Level}", null, string.Join("; ", change.Changes));
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
                ? new AuditEvent(now, "connector", "collections.case.opened", "customer:" + current.CustomerId, null, $"level {current.Level}", string.Join("; ", change.Changes))
                : null;

            var wantsTask = current.NextAction.Kind is ActionKind.CollectorTask or ActionKind.ManagerTask || before?.Placement is not null;
            if (!wantsTask || (before is { OutlookAction: OutlookAction.Deleted } && before.OutlookActionLevel == current.Level))
            {
                return new PlannedCase(snapshot, null, opened, null);
            }

            var assignee = current.NextAction.AssigneeId ?? current.Assignment?.CollectorId;
            if (assignee is null || !mailboxes.TryGetValue(assignee, out var mailbox))
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

        var decisions = new List<DunningDecision>();
        var outgoing = new List<OutgoingMail>();
        if (options.Mail is { } setup)
        {
            var customers = ledger.Accounts.ToDictionary(static a => a.Id, static a => a.Customer, StringComparer.Ordinal);
            decisions.AddRange(DunningMailPlanner.Plan(plan.Cases, customers, contacts, policies.Collections, asOf));
            var casesById = plan.Cases.ToDictionary(static c => c.CaseId, StringComparer.Ordinal);
            foreach (var decision in decisions.Where(static d => d.Send))
            {
                var collectionCase = casesById[decision.CaseId];
                var collectorId = collectionCase.Assignment?.CollectorId;
                var collector = collectorId is null ? null : ledger.Collectors.FirstOrDefault(c => string.Equals(c.Id, collectorId, StringComparison.Ordinal));
                var message = DunningMailComposer.Compose(
                    decision, collectionCase, customers[decision.CustomerId], setup.Templates, setup.Options, collector?.Name, collector?.Email);
                outgoing.Add(message);
                outbox.Add(new MailIntent
                {
                    Mail = message,
                    CustomerId = decision.CustomerId,
                    CaseId = decision.CaseId,
                    Level = decision.Level,
                    On = asOf,
                    Key = decision.Key,
                }.ToOutbox());
            }
        }

        return new CollectionsPlanResult
        {
            Plan = plan,
            Commit = new CollectionsCommit { Cases = snapshots, Outbox = outbox, Audit = audit },
            Mail = decisions,
            Outgoing = outgoing,
            Unrouted = unrouted,
            Mailboxes = mailboxes,
        };
    }

    private static Dictionary<string, string> Mailboxes(ArLedger ledger, CollectionsSyncOptions options)
    {
        var mailboxes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var collector in ledger.Collectors)
        {
            if (!string.IsNullOrWhiteSpace(collector.Email))
            {
                mailboxes[collector.Id] = collector.Email.Trim();
            }
        }

        foreach (var (id, mailbox) in options.Mailboxes)
        {
            mailboxes[id] = mailbox;
        }

        return mailboxes;
    }

    private static Uri? AccountUrl(Uri? dynamics, IReadOnlyDictionary<string, Guid> ids, string customerId) =>
        dynamics is not null && ids.TryGetValue(customerId, out var id)
            ? new Uri(dynamics, $"main.aspx?pagetype=entityrecord&etn=account&id={id:D}")
            : null;
}
