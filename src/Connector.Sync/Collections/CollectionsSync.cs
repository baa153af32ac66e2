using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Promises;
using Connector.Sync.Clock;
using Connector.Sync.Evaluation;
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
/// The collections step of a cycle, in two halves around the evaluation: first read back the collectors' lists (tasks
/// completed in Outlook are contacts the plan counts), then — given the cycle's one evaluation and its collection plan —
/// compose every changed case's task and the dunning email that is due, commit snapshots and intents in one transaction,
/// write the tasks and send the mail. Only a case whose task content changed queues a request; every step resumes from
/// the store after a crash.
/// </summary>
public sealed class CollectionsSync
{
    private readonly IConnectorStore store;
    private readonly ITaskBoard board;
    private readonly IMailSender? mail;
    private readonly CompanyClock clock;

    public CollectionsSync(IConnectorStore store, ITaskBoard board, IMailSender? mail, CompanyClock clock)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(clock);
        this.store = store;
        this.board = board;
        this.mail = mail;
        this.clock = clock;
    }

    /// <summary>Reads the collectors' lists since their delta links; runs before the evaluation.</summary>
    public Task<TaskReadBackResult> ReadBackAsync(CollectionsSyncOptions options, CancellationToken cancellationToken) =>
        new TaskReadBack(board, store, clock).RunAsync(options, cancellationToken);

    /// <summary>
    /// Composes, commits, writes and sends what <paramref name="evaluation"/>'s collection plan calls for. The cases are
    /// composed and committed in growing chunks (in plan order), and each chunk's intents go to the writer as soon as
    /// they are committed, so Outlook's slots fill while the rest is still being composed.
    /// </summary>
    public async Task<CollectionsSyncReport> WriteAsync(
        LedgerEvaluation evaluation, TaskReadBackResult readBack, CollectionsSyncOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(options);
        progress?.Report("composing collection tasks");
        var prepared = await PrepareAsync(store, evaluation, options, clock.Now, cancellationToken).ConfigureAwait(false);
        var parts = new List<ComposedCases>();
        var queued = 0;
        TaskWriteResult tasks;
        await using (var writing = await new TaskWriter(board, store).StartAsync(options, cancellationToken).ConfigureAwait(false))
        {
            writing.PrepareLists(prepared.TaskMailboxes());
            foreach (var chunk in prepared.Chunks())
            {
                // Each case's snapshot, intent and audit event go in one transaction (a crash between chunks leaves the
                // later cases as they were: the next run composes them again); the email rides with the first chunk.
                var part = prepared.Compose(chunk, withMail: parts.Count == 0);
                parts.Add(part);
                queued += await store.CommitCollectionsAsync(part.Commit, cancellationToken).ConfigureAwait(false);
                if (parts.Count == 1)
                {
                    progress?.Report("writing collection tasks");
                }

                await writing.TakeCommittedAsync(cancellationToken).ConfigureAwait(false);
            }

            tasks = await writing.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        MailSendResult? sent = null;
        if (options.Mail is not null && mail is not null)
        {
            progress?.Report("sending dunning email");
            sent = await new DunningSender(mail, store, clock.Time).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        return new CollectionsSyncReport { ReadBack = readBack, Planned = prepared.PlanResult(parts), Queued = queued, Tasks = tasks, Mail = sent };
    }

    /// <summary>Composes every task and email the evaluation's cases need, without writing anything.</summary>
    public static async Task<CollectionsPlanResult> PlanAsync(
        IConnectorStore store, LedgerEvaluation evaluation, CollectionsSyncOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(store, evaluation, options, now, cancellationToken).ConfigureAwait(false);
        return prepared.PlanResult([prepared.Compose(prepared.Plan.Changes, withMail: true)]);
    }

    /// <summary>Everything composing a case needs: the plan (replanned for the email that will go), the stored cases, mailboxes, names.</summary>
    private static async Task<PreparedCollectionsPlan> PrepareAsync(
        IConnectorStore store, LedgerEvaluation evaluation, CollectionsSyncOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(options);
        var ledger = evaluation.Ledger;
        var policies = evaluation.Policies;
        var asOf = evaluation.AsOf;

        // The email the ladder calls for is decided first, whether or not mail is set up, so a dry run can say what would
        // go; it is composed and queued only when it can be sent. The tasks are then planned as if the queued email had
        // gone out (dated today, as the sender records it), so each task says so from its first write and the next run,
        // finding the email in the history, composes the same task.
        var customers = ledger.Accounts.ToDictionary(static a => a.Id, static a => a.Customer, StringComparer.Ordinal);
        var decisions = DunningMailPlanner.Plan(evaluation.Collections.Cases, customers, evaluation.State.Contacts, policies.Collections, asOf);
        var mails = options.Mail is { } setup ? ComposeMail(evaluation, decisions, customers, setup) : [];
        var sending = mails.Select(static m => m.Attempt()).ToList();
        var plan = LedgerEvaluator.Replan(evaluation, sending);
        var contacts = sending.Count == 0 ? evaluation.State.Contacts : [.. evaluation.State.Contacts, .. sending];
        var stored = (await store.ReadCasesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(static c => c.CaseId, StringComparer.Ordinal);
        var accountIds = options.DynamicsUrl is null
            ? new Dictionary<string, Guid>()
            : await store.ReadRecordIdsAsync("account", cancellationToken).ConfigureAwait(false);

        return new PreparedCollectionsPlan
        {
            Evaluation = evaluation,
            Options = options,
            Now = now,
            Plan = plan,
            Decisions = decisions,
            Mails = mails,
            Stored = stored,
            AccountIds = accountIds,
            ContactsByCustomer = contacts.ToLookup(static c => c.CustomerId, StringComparer.Ordinal),
            Mailboxes = Mailboxes(ledger, options),
            Names = ledger.Collectors.ToDictionary(static c => c.Id, static c => c.Name, StringComparer.Ordinal),
        };
    }

    /// <summary>The email of each decision that sends, composed and ready to queue.</summary>
    private static List<MailIntent> ComposeMail(
        LedgerEvaluation evaluation, IReadOnlyList<DunningDecision> decisions, Dictionary<string, Customer> customers, DunningMailSetup setup)
    {
        var ledger = evaluation.Ledger;
        var casesById = evaluation.Collections.Cases.ToDictionary(static c => c.CaseId, StringComparer.Ordinal);
        var mails = new List<MailIntent>();
        foreach (var decision in decisions.Where(static d => d.Send))
        {
            var collectionCase = casesById[decision.CaseId];
            var collectorId = collectionCase.Assignment?.CollectorId;
            var collector = collectorId is null ? null : ledger.Collectors.FirstOrDefault(c => string.Equals(c.Id, collectorId, StringComparison.Ordinal));
            var letter = DunningLetter.For(collectionCase, ledger.Find(decision.CustomerId), evaluation.Rates, evaluation.Policies.Collections, decision.EmailDate);
            var message = DunningMailComposer.Compose(
                decision, collectionCase, customers[decision.CustomerId], setup.Templates, setup.Options, collector?.Name, collector?.Email, letter);
            mails.Add(new MailIntent
            {
                Mail = message,
                CustomerId = decision.CustomerId,
                CaseId = decision.CaseId,
                Level = decision.Level,
                On = evaluation.AsOf,
                Key = decision.Key,
                Charges = ChargeRows(decision, collectionCase, letter.Charges),
            });
        }

        return mails;
    }

    /// <summary>The writeback rows of a letter's charges, one per charged invoice, keyed by the letter and the invoice.</summary>
    internal static IReadOnlyList<DunningChargeRow> ChargeRows(DunningDecision decision, CollectionCase c, LateCharges charges) =>
        [.. charges.Lines.Select(l => new DunningChargeRow(
            decision.Key + "|" + l.InvoiceId,
            c.CustomerId,
            c.CaseId,
            c.Level,
            l.InvoiceId,
            c.Currency,
            l.OpenAmount,
            l.DueDate,
            l.DaysOverdue,
            charges.RatePercent,
            l.Interest,
            l.Fee,
            charges.On))];

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
}
