using System.Globalization;
using System.Runtime.CompilerServices;
using Connector.Domain.Aging;
using Connector.Domain.Collections;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Domain.Promises;
using Connector.Mapping.Canonical;
using Connector.Sync.Audit;
using Connector.Sync.Clock;
using Connector.Sync.Collections;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;
using Connector.Sync.Statements;

namespace Connector.Sync.Evidence;

/// <summary>What <c>connector evidence</c> asks for: the customer and the company's name and pay link for the statement.</summary>
public sealed record EvidencePackRequest(string CustomerId, string CompanyName, DunningMailOptions? PayLinks = null);

/// <summary>Why no pack could be built, in a sentence; or the pack.</summary>
public sealed record EvidencePackResult(EvidencePack? Pack, string? Problem);

/// <summary>
/// Builds a customer's <see cref="EvidencePack"/> from the store alone: the ledger evaluated as every report sees it (the
/// statement over the customer's whole history up to today), the cash applications, the dunning email kept as sent, the
/// contacts and the audit journal. The journal is read by walking its hash chain once: the chain is verified and the
/// customer's events are taken from that same walk, so the head the pack prints covers exactly the events it shows.
/// </summary>
public sealed class EvidencePackBuilder
{
    /// <summary>What the ledger keeps of where a record came from (decision 115).</summary>
    public const string LineNotes =
        "ERP items name the export file (as archived under the drop folder) and the line of it their current version was read from (the line an editor shows, the header counted), "
        + "with the import it landed in; a row an export did not change keeps the file and line it came from first. Bank payments name the statement file and the entry in it.";

    /// <summary>An item stored before the ledger kept its file and line.</summary>
    public const string NotRecorded = "source not recorded (ingested before store migration 0017)";

    private readonly IConnectorStoreFactory stores;
    private readonly EvaluationPolicies policies;
    private readonly CompanyClock clock;

    public EvidencePackBuilder(IConnectorStoreFactory stores, EvaluationPolicies policies, CompanyClock clock)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(clock);
        this.stores = stores;
        this.policies = policies;
        this.clock = clock;
    }

    public async Task<EvidencePackResult> BuildAsync(EvidencePackRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        if (store is null)
        {
            return new(null, "no store yet: run `connector ingest` or `connector sync --once` first");
        }

        var asOf = clock.Today;
        var evaluation = await LedgerEvaluator.EvaluateAsync(store, policies, asOf, cancellationToken).ConfigureAwait(false);
        if (evaluation.Ledger.Find(request.CustomerId) is not { } account)
        {
            return new(null, $"customer {request.CustomerId} is not in the ledger");
        }

        var customerId = account.Id;
        var matches = (await store.ReadCashMatchesAsync(cancellationToken).ConfigureAwait(false))
            .Where(m => m.CustomerId == customerId || m.Lines.Any(l => l.CustomerId == customerId))
            .ToList();

        // The journal: the customer's own events and those of its payments, taken from the walk that verifies the chain.
        var subjects = new HashSet<string>(StringComparer.Ordinal) { "customer:" + customerId };
        subjects.UnionWith(account.Payments.Select(static p => "payment:" + p.Id));
        subjects.UnionWith(matches.Select(static m => "payment:" + m.PaymentId));
        var events = new List<StoredAuditEvent>();
        var chain = await AuditChain.VerifyAsync(Tap(store.ReadAuditChainAsync(cancellationToken), subjects, events, cancellationToken), cancellationToken).ConfigureAwait(false);

        var invoiceSources = await store.ReadSourcesAsync(CanonicalEntity.Invoices, [.. account.Invoices.Select(static i => i.Id)], cancellationToken).ConfigureAwait(false);
        var paymentSources = await store.ReadSourcesAsync(CanonicalEntity.Payments, [.. account.Payments.Select(static p => p.Id)], cancellationToken).ConfigureAwait(false);
        var bankEntries = (await store.ReadBankEntriesAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(static e => e.PaymentId, StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => g.Last(), StringComparer.Ordinal);
        var promiseSources = await PromiseSourcesAsync(store, customerId, cancellationToken).ConfigureAwait(false);
        var contacts = (await store.ReadContactAttemptsAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.CustomerId == customerId).ToList();
        var sent = await store.ReadSentMailAsync(customerId, cancellationToken).ConfigureAwait(false);

        var documents = account.Invoices.OrderBy(static i => i.DocumentDate).ThenBy(static i => i.Id, StringComparer.Ordinal)
            .Select(i => Document(i, asOf, ErpSource(invoiceSources, i.Id))).ToList();
        var statement = new StatementOfAccountBuilder(request.CompanyName, new AgingBuckets(policies.Aging.Bounds), request.PayLinks)
            .Build(account, new StatementPeriod(FirstDay(account, asOf), asOf), asOf);
        var (holds, other) = Journal(events);

        return new(
            new EvidencePack
            {
                CustomerId = customerId,
                CustomerName = account.Customer.Name,
                Currency = account.Customer.Currency,
                AsOf = asOf,
                BuiltAt = clock.Now,
                Chain = chain,
                Statement = statement,
                Invoices = [.. documents.Where(static d => d.Type != "credit note")],
                CreditNotes = [.. documents.Where(static d => d.Type == "credit note")],
                Payments = [.. account.Payments.OrderBy(static p => p.Date).ThenBy(static p => p.Id, StringComparer.Ordinal).Select(p => Payment(p, paymentSources, bankEntries))],
                Applications = [.. Applications(matches, customerId)],
                DunningEmails = Emails(sent, contacts),
                Contacts = [.. contacts.Select(Contact)],
                Promises = [.. PromiseEvaluator.Evaluate(account, asOf, policies.Collections.PromiseGraceDays).Select(s => Promise(s, account.Customer.Currency, promiseSources))],
                Disputes = [.. documents.Where(static d => d.Disputed).Select(static d => new EvidenceDispute(d.Id, d.DueDate, d.Amount, d.OpenAmount, d.Currency, d.Source))],
                HoldsAndReleases = holds,
                OtherEvents = other,
                SourceNotes =
                [
                    LineNotes,
                    "Dunning email content is kept from store migration 0015 on; an email sent earlier shows its date, sender and subject only.",
                    "Holds, releases and their reasons are the audit journal's events: `dynamics:` actors were set in Dynamics 365 (Dataverse) and read back, `outlook:` actors in Outlook, `cli:` actors on the command line, `connector` by the rules.",
                ],
            },
            null);
    }

    /// <summary>Hands every event on to the verification and keeps those of <paramref name="subjects"/>.</summary>
    private static async IAsyncEnumerable<ChainedAuditEvent> Tap(
        IAsyncEnumerable<ChainedAuditEvent> chain, HashSet<string> subjects, List<StoredAuditEvent> kept, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var stored in chain.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (subjects.Contains(stored.Event.Subject))
            {
                kept.Add(new StoredAuditEvent(stored.Id, stored.Event));
            }

            yield return stored;
        }
    }

    private static (IReadOnlyList<EvidenceAuditEvent> Holds, IReadOnlyList<EvidenceAuditEvent> Other) Journal(List<StoredAuditEvent> events)
    {
        var holds = new List<EvidenceAuditEvent>();
        var other = new List<EvidenceAuditEvent>();
        foreach (var (id, e) in events.Select(static s => (s.Id, s.Event)))
        {
            var row = new EvidenceAuditEvent(id, e.At, e.Actor, e.Action, e.Subject, e.Before, e.After, e.Reason, JournalSource(id, e.Actor));
            (IsHoldOrRelease(e.Action) ? holds : other).Add(row);
        }

        return (holds, other);
    }

    /// <summary>hold.placed, hold.released…, manual-hold.set/cleared, hold-release.set/cleared.</summary>
    public static bool IsHoldOrRelease(string action) =>
        action.StartsWith("hold.", StringComparison.Ordinal)
        || action.StartsWith("manual-hold.", StringComparison.Ordinal)
        || action.StartsWith("hold-release.", StringComparison.Ordinal);

    private static string JournalSource(long id, string actor)
    {
        var where = actor.StartsWith("dynamics:", StringComparison.Ordinal) ? "Dataverse (Dynamics 365), read back"
            : actor.StartsWith("outlook:", StringComparison.Ordinal) ? "Outlook To Do, read back"
            : actor.StartsWith("cli:", StringComparison.Ordinal) ? "connector command line"
            : "connector";
        return $"audit journal event {id} ({where})";
    }

    private static DateOnly FirstDay(CustomerAccount account, DateOnly asOf)
    {
        var first = asOf;
        foreach (var invoice in account.Invoices)
        {
            first = invoice.DocumentDate < first ? invoice.DocumentDate : first;
        }

        foreach (var payment in account.Payments)
        {
            first = payment.Date < first ? payment.Date : first;
        }

        return first;
    }

    private static EvidenceDocument Document(Invoice i, DateOnly asOf, EvidenceSource source) => new(
        i.Id,
        i.IsCreditMemo ? "credit note" : "invoice",
        i.DocumentDate,
        i.DueDate,
        i.PoNumber,
        i.Amount,
        i.OpenAmount,
        i.Currency,
        i.Status switch { ItemStatus.Open => i.OpenAmount == 0m ? "paid" : "open", ItemStatus.WrittenOff => "written off", _ => i.Status.ToString().ToLowerInvariant() },
        i.Disputed,
        i.IsOpen && !i.IsCreditMemo ? Math.Max(0, asOf.DayNumber - i.DueDate.DayNumber) : 0,
        source);

    private static EvidencePayment Payment(Payment p, IReadOnlyDictionary<string, LedgerRowSource> sources, Dictionary<string, StoredBankEntry> bank) => new(
        p.Id,
        p.Date,
        p.Amount,
        p.AppliedAmount,
        p.UnappliedAmount,
        p.Currency,
        p.Reference,
        p.Source == PaymentSource.BankStatement ? BankSource(p, bank) : ErpSource(sources, p.Id));

    private static EvidenceSource BankSource(Payment p, Dictionary<string, StoredBankEntry> bank)
    {
        var reference = p.BankReference is { Length: > 0 } r ? $"bank reference {r}" : null;
        return bank.TryGetValue(p.Id, out var entry)
            ? new EvidenceSource($"bank statement {entry.Source}", $"entry {entry.Entry.Locator}", reference is null ? entry.Message : $"{entry.Message}, {reference}")
            : new EvidenceSource("bank statement", null, reference);
    }

    private static IEnumerable<EvidenceApplication> Applications(List<StoredCashMatch> matches, string customerId)
    {
        foreach (var match in matches.OrderBy(static m => m.PaymentDate).ThenBy(static m => m.Id))
        {
            foreach (var line in match.Lines.Where(l => l.CustomerId == customerId))
            {
                yield return new EvidenceApplication(
                    match.PaymentId,
                    line.InvoiceId,
                    line.Amount,
                    line.WriteOff,
                    match.Currency,
                    line.Method,
                    line.Kind == CashLineKinds.Applied ? line.State ?? line.Kind : line.Kind,
                    line.AcceptedBy,
                    line.AcceptedAt,
                    line.Explanation,
                    $"connector cash application, match {match.Id} ({(match.Source == "bank" ? "bank statement" : "ERP")} payment, {match.Status})");
            }
        }
    }

    /// <summary>Each email as kept; an email contact recorded before the content was kept is listed with what is known.</summary>
    private static IReadOnlyList<EvidenceEmail> Emails(IReadOnlyList<SentMail> sent, List<StoredContactAttempt> contacts)
    {
        var emails = sent.Select(static m => new EvidenceEmail(
            m.Key, m.On, m.SentAt, m.Level, m.FromMailbox, m.To, m.Cc, m.Subject, m.HtmlBody, $"Outlook: sent from {m.FromMailbox} through Microsoft Graph sendMail")).ToList();
        var kept = new HashSet<string>(sent.Select(static m => m.Key), StringComparer.Ordinal);
        foreach (var attempt in contacts.Where(c => c.Kind == ContactKind.Email && !kept.Contains(c.SourceId)))
        {
            emails.Add(new EvidenceEmail(
                attempt.SourceId, attempt.On, null, attempt.Level, attempt.By, [], [], attempt.Detail ?? "", null,
                $"Outlook: sent from {attempt.By} through Microsoft Graph sendMail (recipients and content not kept: sent before store migration 0015)"));
        }

        return [.. emails.OrderBy(static e => e.On).ThenBy(static e => e.Key, StringComparer.Ordinal)];
    }

    private static EvidenceContact Contact(StoredContactAttempt a) => new(
        a.On,
        a.Kind == ContactKind.Email ? "email" : "task completed",
        a.Level,
        a.By,
        a.Detail,
        a.Kind == ContactKind.Email ? "Outlook: dunning email sent (Microsoft Graph sendMail)" : "Outlook To Do: the collector completed the case's task (read back)");

    private static EvidencePromise Promise(PromiseStatus s, string currency, IReadOnlyDictionary<PaymentPromise, EvidenceSource> sources) => new(
        s.Promise.PromisedOn,
        s.Promise.DueDate,
        s.Promise.Amount,
        currency,
        s.State.ToString().ToLowerInvariant(),
        s.Received,
        s.GraceEnd,
        sources.GetValueOrDefault(s.Promise) ?? new EvidenceSource(NotRecorded));

    private static async Task<IReadOnlyDictionary<PaymentPromise, EvidenceSource>> PromiseSourcesAsync(IConnectorStore store, string customerId, CancellationToken cancellationToken)
    {
        var records = new List<CanonicalRecord>();
        await foreach (var record in store.ReadRecordsAsync(CanonicalEntity.Promises, cancellationToken).ConfigureAwait(false))
        {
            if (record[0] == customerId)
            {
                records.Add(record);
            }
        }

        var sources = await store.ReadSourcesAsync(CanonicalEntity.Promises, [.. records.Select(static r => r.Key)], cancellationToken).ConfigureAwait(false);
        var byPromise = new Dictionary<PaymentPromise, EvidenceSource>();
        foreach (var record in records)
        {
            byPromise.TryAdd(CanonicalConverter.ToPromise(record), ErpSource(sources, record.Key));
        }

        return byPromise;
    }

    /// <summary>
    /// "ERP file archive/OP_1.csv line 7 (import 3 of … UTC)"; a query's row; or, for a row stored before the ledger kept it,
    /// <see cref="NotRecorded"/> with the export it last landed from.
    /// </summary>
    public static EvidenceSource ErpSource(IReadOnlyDictionary<string, LedgerRowSource> sources, string key)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (!sources.TryGetValue(key, out var source))
        {
            return new EvidenceSource(NotRecorded);
        }

        if (source.Import is { } import && source.Line is { } line)
        {
            var read = $"import {import.Id.ToString(CultureInfo.InvariantCulture)} of {import.FirstReadAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";
            return import.IsFile
                ? new EvidenceSource($"ERP file {import.ArchivedAs ?? import.Name}", $"line {line.ToString(CultureInfo.InvariantCulture)}", read)
                : new EvidenceSource($"ERP query {import.Name}", $"row {line.ToString(CultureInfo.InvariantCulture)}", read);
        }

        return source.Unit switch
        {
            "retry" => new EvidenceSource("ERP row landed by `connector deadletters retry`", null, "its file and line are in the dead letter it resolved"),
            { Length: > 0 } unit when source.Import is null => new EvidenceSource($"{NotRecorded}; last landed from ERP {unit}"),
            _ => new EvidenceSource(NotRecorded),
        };
    }
}
