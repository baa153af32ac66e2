using Connector.Domain.Ledger;

namespace Connector.Sync.Ports;

/// <summary>
/// The entries read from bank statements (credits to the company's accounts and the reversals of them), one row per entry
/// identity, so the same entry reported by a camt.054 and later by the camt.053 is one row and one payment (decision 86).
/// </summary>
public interface IBankStatementStore
{
    /// <summary>Which of <paramref name="ids"/> are stored already.</summary>
    Task<HashSet<string>> ReadBankEntryIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>The stored credits of an account with this amount and currency that no reversal has undone yet, oldest first: what a reversal may undo.</summary>
    Task<IReadOnlyList<StoredBankEntry>> ReadReversibleBankCreditsAsync(string account, string currency, decimal amount, CancellationToken cancellationToken);

    /// <summary>Writes one statement file's entries, reversals, dead letters, audit events and checkpoint in one transaction.</summary>
    Task CommitBankStatementAsync(BankStatementBatch batch, CancellationToken cancellationToken);

    /// <summary>Every booked credit not reversed, as the ledger's payments (<see cref="PaymentSource.BankStatement"/>, unapplied).</summary>
    Task<IReadOnlyList<Payment>> ReadBankPaymentsAsync(CancellationToken cancellationToken);

    /// <summary>Every stored entry, in the order first seen (for people and tests: <c>bank entries</c>).</summary>
    Task<IReadOnlyList<StoredBankEntry>> ReadBankEntriesAsync(CancellationToken cancellationToken);
}

/// <summary>An entry as stored: its identity, the message it was last reported in, and what reverses what.</summary>
/// <param name="Id">The entry's identity (decision 86); the payment's id is <c>BNK-</c> and its first 12 hash digits.</param>
/// <param name="PaymentId">The id the ledger's payment carries.</param>
/// <param name="Message">The message that reported it last (camt.053.001.08 after a camt.054.001.08).</param>
/// <param name="Source">The file that reported it last.</param>
/// <param name="Reverses">For a reversal: the id of the entry it undoes (<c>null</c> when none was found).</param>
/// <param name="ReversedBy">For a credit: the id of the reversal that undid it.</param>
public sealed record StoredBankEntry(string Id, string PaymentId, string Message, string Source, BankStatementEntry Entry, string? Reverses = null, string? ReversedBy = null);

/// <summary>One statement file's worth of changes.</summary>
public sealed record BankStatementBatch(string Source, string SourceKey)
{
    /// <summary>Entries to insert, or to merge into the row of the same id (a later report of the same entry: status, dates and missing details filled in).</summary>
    public IReadOnlyList<StoredBankEntry> Entries { get; init; } = [];

    /// <summary>Credits undone by a reversal of this batch: (credit id, reversal id).</summary>
    public IReadOnlyList<(string Credit, string Reversal)> Reversals { get; init; } = [];

    public IReadOnlyList<DeadLetterDraft> DeadLetters { get; init; } = [];

    public IReadOnlyList<AuditEvent> Audit { get; init; } = [];

    /// <summary>The file's own whole-file letters that this read answers (it was read in full this time).</summary>
    public IReadOnlyList<string> ResolvedUnitLetters { get; init; } = [];

    public Checkpoint? Checkpoint { get; init; }
}
