namespace Connector.Sync.Ports;

/// <summary>The bank's statements: camt.053/camt.054 and BAI2 files in a drop folder, each a unit read whole.</summary>
public interface IBankStatementSource
{
    /// <summary>Whether a bank drop folder is configured at all (without one, nothing is read and nothing reported).</summary>
    bool IsConfigured { get; }

    /// <summary>The company's own accounts (IBANs or account numbers, normalized): only credits to these become payments.</summary>
    IReadOnlyCollection<string> Accounts { get; }

    /// <summary>The statement files to read, oldest first (none when no bank drop folder is configured), including those not ready yet.</summary>
    /// <exception cref="BankSourceException">The drop folder does not exist or cannot be listed.</exception>
    Task<IReadOnlyList<IBankStatementUnit>> DiscoverAsync(CancellationToken cancellationToken);
}

/// <summary>One statement file, identified by its content hash (the same file dropped twice, even renamed, is read once).</summary>
public interface IBankStatementUnit
{
    /// <summary>The file name as the bank dropped it.</summary>
    string Name { get; }

    /// <summary><c>bank:&lt;content XxHash128&gt;</c>: where the file's checkpoint (<c>done</c>) is kept, and the source key of its letters.</summary>
    string CheckpointKey { get; }

    /// <summary>Why it is left where it is for a later run (too fresh, still changing, not a regular file); <c>null</c> when ready.</summary>
    string? NotReady { get; }

    /// <summary>Where the file is kept when it fails as a whole (<c>archive/stmt_3f2a….xml</c>), as its dead letter names it.</summary>
    string? KeptAs { get; }

    /// <summary>Reads and validates the whole file.</summary>
    Task<BankStatementRead> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Moves the read file to <c>archive/</c>. Idempotent.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>Moves a file that failed as a whole to <see cref="KeptAs"/>. Idempotent.</summary>
    Task SetAsideAsync(CancellationToken cancellationToken);
}

/// <summary>What one statement file held.</summary>
/// <param name="Message">camt.053.001.02, camt.054.001.08, bai2.</param>
/// <param name="Entries">Every entry read (credits and debits, any account): the use case decides which become payments.</param>
/// <param name="Problems">Entries that could not be read, each with where and why; the others still count.</param>
/// <param name="Problem">Why the file as a whole cannot be used (not valid against its XSD, a BAI2 control total that does not add up); no entries then.</param>
/// <param name="Changed">Why what was read is not the file as it was found (it was still being written): nothing of it is used.</param>
public sealed record BankStatementRead(
    string Message,
    IReadOnlyList<BankStatementEntry> Entries,
    IReadOnlyList<BankEntryProblem> Problems,
    string? Problem = null,
    string? Changed = null)
{
    public static BankStatementRead Failed(string message, string problem) => new(message, [], [], problem);

    public static BankStatementRead Unsettled(string changed) => new("", [], [], null, changed);
}

/// <summary>An entry that could not be read: <paramref name="Locator"/> (<c>Stmt 1 Ntry 4</c>, <c>line 17</c>), the field and why, and its text.</summary>
public sealed record BankEntryProblem(string Locator, string? Field, string Reason, string Text);

/// <summary>One booked movement on an account as the bank reported it (one per <c>TxDtls</c> of a camt batch entry).</summary>
public sealed record BankStatementEntry
{
    /// <summary>Where in the file: <c>Stmt 1 Ntry 4 TxDtls 2</c>, <c>line 17</c>.</summary>
    public required string Locator { get; init; }

    /// <summary>The account the statement is for (normalized: upper case, no spaces).</summary>
    public required string Account { get; init; }

    /// <summary>Positive; <see cref="IsCredit"/> says the direction.</summary>
    public required decimal Amount { get; init; }

    public required string Currency { get; init; }

    /// <summary>Money in (camt <c>CRDT</c>, BAI2 type codes 100–399).</summary>
    public required bool IsCredit { get; init; }

    /// <summary>This entry undoes an earlier one (camt <c>RvslInd</c>, BAI2 returns and credit reversals).</summary>
    public bool IsReversal { get; init; }

    /// <summary>camt <c>Sts</c> (<c>BOOK</c>, <c>PDNG</c>, <c>INFO</c>); BAI2 reports booked entries only (<c>BOOK</c>).</summary>
    public string Status { get; init; } = "BOOK";

    public DateOnly? BookingDate { get; init; }

    public DateOnly? ValueDate { get; init; }

    /// <summary>camt <c>AcctSvcrRef</c> (of the transaction, else of the entry); BAI2 bank reference.</summary>
    public string? BankReference { get; init; }

    /// <summary>camt <c>EndToEndId</c> (<c>NOTPROVIDED</c> dropped); BAI2 customer reference.</summary>
    public string? EndToEndId { get; init; }

    public string? PayerName { get; init; }

    /// <summary>The payer's IBAN or other account id.</summary>
    public string? PayerAccount { get; init; }

    /// <summary>The remittance, as the bank gave it: <c>Ustrd</c>, referred document numbers, creditor references, <c>AddtlNtryInf</c>; BAI2 text.</summary>
    public string? Remittance { get; init; }

    /// <summary>The bank's transaction code: BAI2 type code, camt <c>BkTxCd</c> (<c>PMNT/RCDT/ESCT</c> or proprietary).</summary>
    public string? TypeCode { get; init; }

    /// <summary>The entry's business date: booking date, else value date.</summary>
    public DateOnly? Date => BookingDate ?? ValueDate;
}

/// <summary>The bank source failed as a whole (its folder is missing or cannot be listed, a file cannot be moved).</summary>
public sealed class BankSourceException : Exception
{
    public BankSourceException()
    {
    }

    public BankSourceException(string message)
        : base(message)
    {
    }

    public BankSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
