namespace Connector.Sync.Ports;

/// <summary>The values of <see cref="StoredCashMatch.Status"/>.</summary>
public static class CashMatchStatuses
{
    /// <summary>In the exceptions queue: a person accepts, assigns or rejects it.</summary>
    public const string Open = "open";

    /// <summary>Applied (automatically or by a person): its applied lines count.</summary>
    public const string Accepted = "accepted";

    /// <summary>A person decided no application: the cash stays unapplied and is not matched again.</summary>
    public const string Rejected = "rejected";

    /// <summary>The ERP applied the payment on its own before anyone worked the exception.</summary>
    public const string SettledInErp = "settled_in_erp";
}

/// <summary>The values of <see cref="StoredCashLine.Kind"/> and <see cref="StoredCashLine.State"/>.</summary>
public static class CashLineKinds
{
    /// <summary>What the matching proposed (kept on the match, applied only when accepted).</summary>
    public const string Proposed = "proposed";

    /// <summary>What was applied (accepted or assigned).</summary>
    public const string Applied = "applied";

    public const string Awaiting = "awaiting";
    public const string Confirmed = "confirmed";
    public const string Disagreed = "disagreed";
    public const string Unapplied = "unapplied";
}

/// <summary>
/// One payment the connector's cash application looked at (one row per payment, never two): its proposal and what
/// became of it. <see cref="Id"/> is what people type (<c>connector cash accept 12</c>).
/// </summary>
public sealed record StoredCashMatch
{
    /// <summary>0 until stored.</summary>
    public long Id { get; init; }

    public required string PaymentId { get; init; }

    /// <summary>The payer, when the payment or the matching identified one.</summary>
    public string? CustomerId { get; init; }

    /// <summary>The cash the run found unapplied on the payment.</summary>
    public required decimal Amount { get; init; }

    public required string Currency { get; init; }

    public DateOnly PaymentDate { get; init; }

    public string? BankReference { get; init; }

    public string? PayerAccount { get; init; }

    /// <summary>Where the payment came from: <c>erp</c> or <c>bank</c>.</summary>
    public required string Source { get; init; }

    /// <summary>One of <see cref="CashMatchStatuses"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Why it is in the queue (<c>amount_tie</c>, <c>not_auto_accepted</c>, <c>erp_disagrees</c>); <c>null</c> when auto-accepted.</summary>
    public string? Reason { get; init; }

    /// <summary>The sentence a person reads: the proposal's reasoning, or why no rule could decide.</summary>
    public required string Explanation { get; init; }

    /// <summary>Ranked candidate invoices as JSON (<c>[{"invoice":"INV-1","score":0.92,"open":100.00}]</c>).</summary>
    public string Candidates { get; init; } = "[]";

    public required DateTimeOffset CreatedAt { get; init; }

    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecisionReason { get; init; }

    /// <summary>Proposed lines first, then applied lines, in the order they were made.</summary>
    public IReadOnlyList<StoredCashLine> Lines { get; init; } = [];
}

/// <summary>One invoice of a match: proposed, or applied with where it stands against the ERP.</summary>
public sealed record StoredCashLine
{
    /// <summary>0 until stored.</summary>
    public long Id { get; init; }

    /// <summary><see cref="CashLineKinds.Proposed"/> or <see cref="CashLineKinds.Applied"/>.</summary>
    public required string Kind { get; init; }

    public required string InvoiceId { get; init; }

    public required string CustomerId { get; init; }

    /// <summary>Cash applied, in the payment's currency.</summary>
    public required decimal Amount { get; init; }

    /// <summary>Proposed write-off of the invoice's rest (short payment within tolerance).</summary>
    public decimal WriteOff { get; init; }

    /// <summary>FX gain (positive) or loss, in the payment's currency, when the payment came in another currency than the invoice.</summary>
    public decimal FxAmount { get; init; }

    /// <summary>For a payment in another currency: what the line takes off the invoice, in the invoice's currency; <c>null</c> when the currencies agree (then it is the amount plus the write-off).</summary>
    public decimal? InvoiceAmount { get; init; }

    /// <summary>The rule (<c>reference</c>, <c>exact_amount</c>, <c>manual</c>).</summary>
    public required string Method { get; init; }

    public required string Confidence { get; init; }

    public required string Explanation { get; init; }

    /// <summary>For an applied line: one of awaiting, confirmed, disagreed, unapplied. <c>null</c> for a proposed line.</summary>
    public string? State { get; init; }

    public string? AcceptedBy { get; init; }

    public DateTimeOffset? AcceptedAt { get; init; }

    /// <summary>The invoice's open amount in the ERP's export when accepted (to recognise the ERP's own application later).</summary>
    public decimal OpenBefore { get; init; }

    /// <summary>The payment's applied amount in the ERP's export when accepted.</summary>
    public decimal PaymentAppliedBefore { get; init; }
}

/// <summary>A change to a stored match: its status and decision, lines appended, lines whose state moved.</summary>
public sealed record CashMatchUpdate
{
    public required long MatchId { get; init; }

    public required string Status { get; init; }

    public string? Reason { get; init; }

    public string? Explanation { get; init; }

    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecisionReason { get; init; }

    /// <summary>Lines to add (applied lines of an acceptance).</summary>
    public IReadOnlyList<StoredCashLine> NewLines { get; init; } = [];

    /// <summary>Line id → new state.</summary>
    public IReadOnlyDictionary<long, string> LineStates { get; init; } = new Dictionary<long, string>();
}

/// <summary>
/// What one cash step or one person's decision changes, in one transaction: new matches (a payment already matched is
/// skipped, so a repeated cycle adds nothing), updates, audit events, and the ERP writeback rows (outbox).
/// </summary>
public sealed record CashCommit
{
    public IReadOnlyList<StoredCashMatch> NewMatches { get; init; } = [];

    public IReadOnlyList<CashMatchUpdate> Updates { get; init; } = [];

    public IReadOnlyList<AuditEvent> Audit { get; init; } = [];

    public IReadOnlyList<OutboxItem> Outbox { get; init; } = [];
}

/// <summary>What the connector's cash application keeps: every payment it matched, its proposal and what people decided.</summary>
public interface ICashApplicationState
{
    /// <summary>Every match with its lines, in id order.</summary>
    Task<IReadOnlyList<StoredCashMatch>> ReadCashMatchesAsync(CancellationToken cancellationToken);

    /// <summary>One match with its lines; <c>null</c> when there is none with that id.</summary>
    Task<StoredCashMatch?> FindCashMatchAsync(long id, CancellationToken cancellationToken);

    /// <summary>Applies the commit atomically; returns how many new matches were stored (payments already matched are skipped).</summary>
    Task<int> CommitCashAsync(CashCommit commit, CancellationToken cancellationToken);
}
