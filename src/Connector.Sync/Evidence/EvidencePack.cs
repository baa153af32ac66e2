using Connector.Sync.Audit;
using Connector.Sync.Statements;

namespace Connector.Sync.Evidence;

/// <summary>
/// Everything the store knows about one customer's debt, as a collection agency or a court asks for it: the statement of
/// account, every invoice, credit note and payment with how it was applied, the dunning email sent, the collectors'
/// contacts, promises, disputes and the holds and releases with who and why — each item with its source — and the audit
/// chain head it was read under (<see cref="Chain"/>): the journal events in the pack are those the head covers.
/// </summary>
public sealed record EvidencePack
{
    public required string CustomerId { get; init; }
    public required string CustomerName { get; init; }
    public required string Currency { get; init; }

    /// <summary>The company's day the pack describes (open amounts, days overdue, promise states).</summary>
    public required DateOnly AsOf { get; init; }

    public required DateTimeOffset BuiltAt { get; init; }

    /// <summary>The audit chain as verified while the pack was read: event count, head hash, the first broken link if any.</summary>
    public required AuditChainVerification Chain { get; init; }

    public required StatementOfAccount Statement { get; init; }
    public required IReadOnlyList<EvidenceDocument> Invoices { get; init; }
    public required IReadOnlyList<EvidenceDocument> CreditNotes { get; init; }
    public required IReadOnlyList<EvidencePayment> Payments { get; init; }
    public required IReadOnlyList<EvidenceApplication> Applications { get; init; }
    public required IReadOnlyList<EvidenceEmail> DunningEmails { get; init; }
    public required IReadOnlyList<EvidenceContact> Contacts { get; init; }
    public required IReadOnlyList<EvidencePromise> Promises { get; init; }
    public required IReadOnlyList<EvidenceDispute> Disputes { get; init; }
    public required IReadOnlyList<EvidenceAuditEvent> HoldsAndReleases { get; init; }

    /// <summary>The customer's other journal events (collection cases, tasks, cash decisions), so nothing the journal holds is left out.</summary>
    public required IReadOnlyList<EvidenceAuditEvent> OtherEvents { get; init; }

    /// <summary>What the sources can and cannot tell (a sentence each), printed with the pack.</summary>
    public IReadOnlyList<string> SourceNotes { get; init; } = [];
}

/// <summary>
/// Where an item came from: <paramref name="Where"/> (<c>ERP file archive/OP_1.csv</c>, <c>bank statement camt053.xml</c>), the
/// place in it (<paramref name="At"/>: <c>line 7</c>, <c>entry Stmt 1 Ntry 4</c>; <c>null</c> when not recorded) and what
/// identifies the read (<paramref name="Detail"/>: the import and when it was read).
/// </summary>
public sealed record EvidenceSource(string Where, string? At = null, string? Detail = null)
{
    /// <summary>The source without the place in it: what the PDF groups its tables under.</summary>
    public string Group => Detail is null ? Where : $"{Where} ({Detail})";

    /// <summary>The whole source in one line: <c>ERP file archive/OP_1.csv line 7 (import 3 of 2026-11-16 08:00 UTC)</c>.</summary>
    public override string ToString() => (At is null ? Where : $"{Where} {At}") + (Detail is null ? "" : $" ({Detail})");
}

/// <summary>An invoice or credit note as the ledger holds it, with the ERP export (and line) its current version came from.</summary>
public sealed record EvidenceDocument(
    string Id,
    string Type,
    DateOnly DocumentDate,
    DateOnly DueDate,
    string? PoNumber,
    decimal Amount,
    decimal OpenAmount,
    string Currency,
    string Status,
    bool Disputed,
    int DaysOverdue,
    EvidenceSource Source);

/// <summary>A payment: what the ERP (or the bank statement) says and how much of it is applied.</summary>
public sealed record EvidencePayment(
    string Id,
    DateOnly Date,
    decimal Amount,
    decimal AppliedAmount,
    decimal UnappliedAmount,
    string Currency,
    string? Reference,
    EvidenceSource Source);

/// <summary>One application of a payment to an invoice decided in the connector (cash application), with who and how.</summary>
public sealed record EvidenceApplication(
    string PaymentId,
    string InvoiceId,
    decimal Amount,
    decimal WriteOff,
    string Currency,
    string Method,
    string State,
    string? AcceptedBy,
    DateTimeOffset? AcceptedAt,
    string Explanation,
    string Source);

/// <summary>A dunning email sent: when, from and to whom, and its full content (empty when it was sent before the store kept it).</summary>
public sealed record EvidenceEmail(
    string Key,
    DateOnly On,
    DateTimeOffset? SentAt,
    int Level,
    string From,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    string Subject,
    string? HtmlBody,
    string Source);

/// <summary>A contact with the customer (a dunning email, a collector's task completed in Outlook).</summary>
public sealed record EvidenceContact(DateOnly On, string Kind, int Level, string By, string? Detail, string Source);

/// <summary>A promise to pay and whether it was kept, broken or is still running on <see cref="EvidencePack.AsOf"/>.</summary>
public sealed record EvidencePromise(DateOnly PromisedOn, DateOnly DueDate, decimal Amount, string Currency, string State, decimal Received, DateOnly GraceEnd, EvidenceSource Source);

/// <summary>A disputed item: what the ERP marks disputed, with its amounts.</summary>
public sealed record EvidenceDispute(string InvoiceId, DateOnly DueDate, decimal Amount, decimal OpenAmount, string Currency, EvidenceSource Source);

/// <summary>An audit journal event: when, who, what, before and after, and why.</summary>
public sealed record EvidenceAuditEvent(long Id, DateTimeOffset At, string Actor, string Action, string Subject, string? Before, string? After, string? Reason, string Source);
