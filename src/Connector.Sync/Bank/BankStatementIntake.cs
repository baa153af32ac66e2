using System.Globalization;
using Connector.Mapping.Canonical;
using Connector.Sync.Ports;
using Microsoft.Extensions.Logging;

namespace Connector.Sync.Bank;

/// <summary>
/// Bank statements in: every statement file in the bank's drop folder is read whole and validated; credits to the company's
/// own accounts become payments (one per entry identity, so a camt.054 and the camt.053 that confirms it are one payment),
/// reversals and returns undo the payment they name (audited), debits and other accounts' entries are left out. A bad entry is
/// a dead letter and the rest proceed; a file that cannot be used as a whole (not valid against its XSD, control totals that
/// do not add up) is one dead letter and is set aside; a file still being written is left where it is. Each file is one
/// transaction with its checkpoint, so a crash reads it again without counting anything twice.
/// </summary>
public sealed partial class BankStatementIntake
{
    /// <summary>Who the audit journal names for what the intake decides on its own.</summary>
    public const string Actor = "connector:bank";

    /// <summary>The checkpoint of a file read to its end.</summary>
    public const string Done = "done";

    private readonly IBankStatementSource source;
    private readonly TimeProvider time;
    private readonly ILogger<BankStatementIntake> logger;

    public BankStatementIntake(IBankStatementSource source, TimeProvider time, ILogger<BankStatementIntake> logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.source = source;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Whether a bank drop folder is configured: without one the cycle has no bank step.</summary>
    public bool IsConfigured => source.IsConfigured;

    /// <summary>Reads every statement file at rest; a folder that is missing or cannot be read is a line of the report.</summary>
    public async Task<BankIntakeReport> RunAsync(IConnectorStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var report = new BankIntakeReport();
        try
        {
            await ReadFolderAsync(store, report, cancellationToken).ConfigureAwait(false);
        }
        catch (BankSourceException e)
        {
            // A missing folder or a file that cannot be moved stops the statements, never the ERP's side of the cycle.
            report.FileProblems.Add(e.Message);
            LogFolderFailed(e.Message);
        }

        LogRead(report.Files.Count, report.Read, report.NewPayments, report.SeenAgain, report.Reversed, report.Ignored, report.Quarantined);
        return report;
    }

    private async Task ReadFolderAsync(IConnectorStore store, BankIntakeReport report, CancellationToken cancellationToken)
    {
        foreach (var unit in await source.DiscoverAsync(cancellationToken).ConfigureAwait(false))
        {
            if (unit.NotReady is { } notReady)
            {
                report.Skipped.Add($"{unit.Name}: {notReady}");
                LogFileLeft(unit.Name, notReady);
                continue;
            }

            if (await store.ReadCheckpointAsync(unit.CheckpointKey, cancellationToken).ConfigureAwait(false) == Done)
            {
                // The same statement dropped again (or a crash between the commit and the archive): nothing is counted twice.
                report.AlreadyRead.Add(unit.Name);
                await unit.CompleteAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            await ReadFileAsync(store, unit, report, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReadFileAsync(IConnectorStore store, IBankStatementUnit unit, BankIntakeReport report, CancellationToken cancellationToken)
    {
        var read = await unit.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (read.Changed is { } changed)
        {
            report.Skipped.Add($"{unit.Name}: left for the next run: {changed}");
            LogFileLeft(unit.Name, changed);
            return;
        }

        var now = time.GetUtcNow();
        if (read.Problem is { } problem)
        {
            report.FileProblems.Add($"{unit.Name}: {problem} (kept as {unit.KeptAs}; once the bank sends it corrected, drop the new file in the folder)");
            var letter = Letter(unit, "file", null, problem, "") with { Raw = new RawRow([], null, null) { File = unit.KeptAs } };
            await store.CommitBankStatementAsync(new(unit.Name, unit.CheckpointKey) { DeadLetters = [letter] }, cancellationToken).ConfigureAwait(false);
            await unit.SetAsideAsync(cancellationToken).ConfigureAwait(false);
            LogFileQuarantined(unit.Name, problem);
            return;
        }

        report.Files.Add(unit.Name);
        report.Read += read.Entries.Count + read.Problems.Count;
        var letters = read.Problems.Select(p => Letter(unit, p.Locator, p.Field, p.Reason, p.Text)).ToList();
        report.Quarantined += letters.Count;

        var kept = new List<(string Id, BankStatementEntry Entry)>();
        foreach (var entry in read.Entries)
        {
            if (!source.Accounts.Contains(entry.Account) || !(entry.IsCredit ^ entry.IsReversal))
            {
                // Another account's entry, a debit, or the reversal of a debit: not money in for the company.
                report.Ignored++;
                continue;
            }

            kept.Add((BankEntryIdentity.Of(entry, unit.CheckpointKey), entry));
        }

        var known = await store.ReadBankEntryIdsAsync([.. kept.Select(static k => k.Id)], cancellationToken).ConfigureAwait(false);
        var entries = new List<StoredBankEntry>(kept.Count);
        var reversals = new List<(string Credit, string Reversal)>();
        var audit = new List<AuditEvent>();
        var undone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, entry) in kept)
        {
            var stored = new StoredBankEntry(id, BankEntryIdentity.PaymentIdOf(id), read.Message, unit.Name, entry);
            if (!known.Add(id))
            {
                // Reported before (a camt.054, then the camt.053): the stored entry takes the newer details, still one payment.
                report.SeenAgain++;
                entries.Add(stored);
                continue;
            }

            if (!entry.IsReversal)
            {
                report.NewPayments++;
                entries.Add(stored);
                continue;
            }

            var credit = await ReversedCreditAsync(store, entry, entries, undone, cancellationToken).ConfigureAwait(false);
            if (credit is null)
            {
                report.Warnings.Add($"{unit.Name} {entry.Locator}: a reversal of {Money(entry)} on {entry.Account} matches no payment read before (no credit with its reference); check it by hand");
                entries.Add(stored);
                continue;
            }

            undone.Add(credit.Id);
            reversals.Add((credit.Id, id));
            entries.Add(stored with { Reverses = credit.Id });
            report.Reversed++;
            audit.Add(new AuditEvent(
                now,
                Actor,
                "bank.payment_reversed",
                $"payment:{credit.PaymentId}",
                $"received {Money(credit.Entry)} on {credit.Entry.Date:yyyy-MM-dd} ({credit.Source} {credit.Entry.Locator})",
                "reversed",
                $"reversed by {unit.Name} {entry.Locator}{(entry.TypeCode is { } code ? $" (type {code})" : "")}{(entry.Remittance is { } text ? $": {text}" : "")}"));
        }

        await store.CommitBankStatementAsync(
            new(unit.Name, unit.CheckpointKey)
            {
                Entries = entries,
                Reversals = reversals,
                DeadLetters = letters,
                Audit = audit,
                ResolvedUnitLetters = [unit.CheckpointKey],
                Checkpoint = new(unit.CheckpointKey, Done),
            },
            cancellationToken).ConfigureAwait(false);
        await unit.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The credit a reversal undoes: one of the same account, amount and currency, not undone yet, that shares its end-to-end
    /// id, its bank reference or its remittance text. Never a guess: without such a reference there is none.
    /// </summary>
    private static async Task<StoredBankEntry?> ReversedCreditAsync(
        IBankStatementStore store, BankStatementEntry reversal, List<StoredBankEntry> thisFile, HashSet<string> undone, CancellationToken cancellationToken)
    {
        bool Same(StoredBankEntry credit) =>
            !credit.Entry.IsReversal && credit.ReversedBy is null && !undone.Contains(credit.Id)
            && credit.Entry.Account == reversal.Account && credit.Entry.Currency == reversal.Currency && credit.Entry.Amount == reversal.Amount
            && (Shared(credit.Entry.EndToEndId, reversal.EndToEndId) || Shared(credit.Entry.BankReference, reversal.BankReference) || Shared(credit.Entry.Remittance, reversal.Remittance));

        return thisFile.FirstOrDefault(Same)
            ?? (await store.ReadReversibleBankCreditsAsync(reversal.Account, reversal.Currency, reversal.Amount, cancellationToken).ConfigureAwait(false)).FirstOrDefault(Same);
    }

    private static bool Shared(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) && string.Equals(a.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string Money(BankStatementEntry entry) => string.Create(CultureInfo.InvariantCulture, $"{entry.Amount:0.00} {entry.Currency}");

    private static DeadLetterDraft Letter(IBankStatementUnit unit, string locator, string? field, string reason, string text) =>
        new(CanonicalEntity.Payments, unit.Name, unit.CheckpointKey, locator, null, null, field, reason, new RawRow([], null, text));

    [LoggerMessage(EventId = LogEventIds.BankStatementIntake + 1, Level = LogLevel.Information, Message = "Read bank statements: {Files} files, {Read} entries, {NewPayments} new payments, {SeenAgain} seen again, {Reversed} reversed, {Ignored} ignored, {Quarantined} quarantined")]
    private partial void LogRead(int files, long read, long newPayments, long seenAgain, long reversed, long ignored, long quarantined);

    [LoggerMessage(EventId = LogEventIds.BankStatementIntake + 2, Level = LogLevel.Information, Message = "Left bank statement {File} where it is: {Reason}")]
    private partial void LogFileLeft(string file, string reason);

    [LoggerMessage(EventId = LogEventIds.BankStatementIntake + 4, Level = LogLevel.Warning, Message = "Bank statements not read: {Problem}")]
    private partial void LogFolderFailed(string problem);

    [LoggerMessage(EventId = LogEventIds.BankStatementIntake + 3, Level = LogLevel.Warning, Message = "Quarantined bank statement {File} as a whole: {Problem}")]
    private partial void LogFileQuarantined(string file, string problem);
}
