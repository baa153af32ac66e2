using System.Data.Common;
using System.Globalization;
using Connector.Domain.Ledger;
using Connector.Mapping.Canonical;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>
/// The entries read from bank statements (<see cref="IBankStatementStore"/>): one file's entries, the reversals they make,
/// their dead letters, audit events and the file's checkpoint in one transaction, so a crash reads the file again whole
/// and a merge (the same entry reported again) never makes a second payment.
/// </summary>
public abstract partial class RelationalConnectorStore
{
    private protected const string BankColumns =
        "id, payment_id, account, message, source, locator, amount, currency, is_credit, is_reversal, status, booking_date, value_date, " +
        "bank_reference, end_to_end_id, payer_name, payer_account, remittance, type_code, reverses, reversed_by";

    /// <summary>What an entry reported again changes in the stored one (the later report's status, dates, message; details kept).</summary>
    private protected const string BankEntryMerge =
        "ON CONFLICT (id) DO UPDATE SET message = excluded.message, source = excluded.source, locator = excluded.locator, status = excluded.status, " +
        "booking_date = COALESCE(excluded.booking_date, bank_entry.booking_date), value_date = COALESCE(excluded.value_date, bank_entry.value_date), " +
        "end_to_end_id = COALESCE(bank_entry.end_to_end_id, excluded.end_to_end_id), payer_name = COALESCE(bank_entry.payer_name, excluded.payer_name), " +
        "payer_account = COALESCE(bank_entry.payer_account, excluded.payer_account), remittance = COALESCE(bank_entry.remittance, excluded.remittance), " +
        "type_code = COALESCE(bank_entry.type_code, excluded.type_code), reports = bank_entry.reports + 1, updated_at = excluded.updated_at";

    public virtual async Task<HashSet<string>> ReadBankEntryIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return found;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT 1 FROM bank_entry WHERE id = @id");
        var parameter = command.Text("@id");
        foreach (var id in ids)
        {
            parameter.Value = id;
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null and not DBNull)
            {
                found.Add(id);
            }
        }

        return found;
    }

    public async Task<IReadOnlyList<StoredBankEntry>> ReadReversibleBankCreditsAsync(string account, string currency, decimal amount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"SELECT {BankColumns} FROM bank_entry WHERE account = @account AND currency = @currency AND amount = @amount " +
            "AND is_reversal = 0 AND reversed_by IS NULL ORDER BY first_seen_at, id");
        command.Text("@account", account);
        command.Text("@currency", currency);
        command.Text("@amount", AmountText(amount));
        return await ReadBankEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredBankEntry>> ReadBankEntriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {BankColumns} FROM bank_entry ORDER BY first_seen_at, id");
        return await ReadBankEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Payment>> ReadBankPaymentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"SELECT {BankColumns} FROM bank_entry WHERE is_credit = 1 AND is_reversal = 0 AND reversed_by IS NULL AND status = 'BOOK' ORDER BY first_seen_at, id");
        var entries = await ReadBankEntriesAsync(command, cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(static stored => new Payment
        {
            Id = stored.PaymentId,
            Date = stored.Entry.Date ?? default,
            Amount = stored.Entry.Amount,
            Currency = stored.Entry.Currency,
            Reference = stored.Entry.Remittance,
            Source = PaymentSource.BankStatement,
            BankReference = stored.Entry.BankReference,
            EndToEndId = stored.Entry.EndToEndId,
            PayerName = stored.Entry.PayerName,
            PayerAccount = stored.Entry.PayerAccount,
        })];
    }

    public async Task CommitBankStatementAsync(BankStatementBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var now = Time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (batch.Entries.Count > 0)
        {
            await WriteBankEntriesAsync(connection, transaction, batch.Entries, now, cancellationToken).ConfigureAwait(false);
        }

        if (batch.Reversals.Count > 0)
        {
            await using var reverse = connection.Command("UPDATE bank_entry SET reversed_by = @reversal, updated_at = @now WHERE id = @credit", transaction);
            var reversal = reverse.Text("@reversal");
            var credit = reverse.Text("@credit");
            reverse.Time("@now", now);
            foreach (var (creditId, reversalId) in batch.Reversals)
            {
                reversal.Value = reversalId;
                credit.Value = creditId;
                await reverse.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await WriteDeadLettersAsync(connection, transaction, batch.DeadLetters, now, cancellationToken).ConfigureAwait(false);
        await ResolveUnitLettersAsync(
            connection, transaction, new LedgerBatch(CanonicalEntity.Payments) { Source = batch.Source, ResolvedUnitLetters = batch.ResolvedUnitLetters }, now, cancellationToken)
            .ConfigureAwait(false);
        await AppendAuditAsync(connection, transaction, batch.Audit, cancellationToken).ConfigureAwait(false);
        if (batch.Checkpoint is { } checkpoint)
        {
            await WriteCheckpointAsync(connection, transaction, checkpoint, now, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts each entry, or merges it into the stored one of the same id: the later report (a camt.053 after the camt.054) gives
    /// the status, the dates and the message; details it lacks are kept; what reverses what is never undone by a merge.
    /// </summary>
    private protected virtual async Task WriteBankEntriesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredBankEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            $"INSERT INTO bank_entry ({BankColumns}, reports, first_seen_at, updated_at) VALUES (" +
            "@id, @payment_id, @account, @message, @source, @locator, @amount, @currency, @is_credit, @is_reversal, @status, @booking_date, @value_date, " +
            "@bank_reference, @end_to_end_id, @payer_name, @payer_account, @remittance, @type_code, @reverses, NULL, 1, @now, @now) " + BankEntryMerge,
            transaction);
        string[] names =
        [
            "@id", "@payment_id", "@account", "@message", "@source", "@locator", "@amount", "@currency", "@status", "@booking_date", "@value_date",
            "@bank_reference", "@end_to_end_id", "@payer_name", "@payer_account", "@remittance", "@type_code", "@reverses",
        ];
        var text = names.ToDictionary(static n => n, n => command.Text(n), StringComparer.Ordinal);
        var isCredit = command.Int64("@is_credit");
        var isReversal = command.Int64("@is_reversal");
        command.Time("@now", now);
        foreach (var stored in entries)
        {
            var entry = stored.Entry;
            text["@id"].Set(stored.Id);
            text["@payment_id"].Set(stored.PaymentId);
            text["@account"].Set(entry.Account);
            text["@message"].Set(stored.Message);
            text["@source"].Set(stored.Source);
            text["@locator"].Set(entry.Locator);
            text["@amount"].Set(AmountText(entry.Amount));
            text["@currency"].Set(entry.Currency);
            text["@status"].Set(entry.Status);
            text["@booking_date"].Set(DateText(entry.BookingDate));
            text["@value_date"].Set(DateText(entry.ValueDate));
            text["@bank_reference"].Set(entry.BankReference);
            text["@end_to_end_id"].Set(entry.EndToEndId);
            text["@payer_name"].Set(entry.PayerName);
            text["@payer_account"].Set(entry.PayerAccount);
            text["@remittance"].Set(entry.Remittance);
            text["@type_code"].Set(entry.TypeCode);
            text["@reverses"].Set(stored.Reverses);
            isCredit.Value = entry.IsCredit ? 1L : 0L;
            isReversal.Value = entry.IsReversal ? 1L : 0L;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<StoredBankEntry>> ReadBankEntriesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<StoredBankEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            entries.Add(new StoredBankEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(3),
                reader.GetString(4),
                new BankStatementEntry
                {
                    Account = reader.GetString(2),
                    Locator = reader.GetString(5),
                    Amount = decimal.Parse(reader.GetString(6), NumberStyles.Number, CultureInfo.InvariantCulture),
                    Currency = reader.GetString(7),
                    IsCredit = reader.GetInt64(8) != 0,
                    IsReversal = reader.GetInt64(9) != 0,
                    Status = reader.GetString(10),
                    BookingDate = Text(11) is { } booked ? DateOnly.ParseExact(booked, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                    ValueDate = Text(12) is { } value ? DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                    BankReference = Text(13),
                    EndToEndId = Text(14),
                    PayerName = Text(15),
                    PayerAccount = Text(16),
                    Remittance = Text(17),
                    TypeCode = Text(18),
                },
                Text(19),
                Text(20)));
        }

        return entries;
    }

    private protected static string AmountText(decimal amount) => amount.ToString("0.00########", CultureInfo.InvariantCulture);

    private protected static string? DateText(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
