using System.Data.Common;
using System.Globalization;
using Connector.Store.Relational;
using Connector.Sync.Ports;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Connector.Store.Sqlite;

/// <summary>
/// The bulk writes of a cash commit and of the audit chain and outbox on SQLite (decision 131): one multi-row insert per
/// table, prepared once and reused, bound by position on the connection's open (IMMEDIATE) transaction. Synchronous,
/// as SQLite is.
/// </summary>
public sealed partial class SqliteConnectorStore
{
    private const string MatchInsert =
        "INSERT INTO cash_match (payment_id, customer_id, amount, currency, payment_date, bank_reference, payer_account, source, status, reason, " +
        "explanation, candidates, created_at, decided_by, decided_at, decision_reason) VALUES";

    private const string LineInsert =
        "INSERT INTO cash_line (match_id, kind, invoice_id, customer_id, amount, write_off, fx_amount, method, confidence, explanation, state, " +
        "accepted_by, accepted_at, open_before, payment_applied_before, invoice_amount) VALUES";

    private protected override Task<Dictionary<string, long>> InsertCashMatchesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredCashMatch> matches, CancellationToken cancellationToken)
    {
        // RETURNING gives back only the rows stored (a payment already matched is skipped by its unique key), in no
        // promised order: each row says whose payment it is.
        var ids = new Dictionary<string, long>(matches.Count, StringComparer.Ordinal);
        using var insert = new SqliteRowsInsert(
            Handle(connection),
            MatchInsert,
            16,
            "ON CONFLICT (payment_id) DO NOTHING RETURNING id, payment_id",
            row => ids[raw.sqlite3_column_text(row, 1).utf8_to_string()] = raw.sqlite3_column_int64(row, 0));
        for (var i = 0; i < matches.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var match = matches[i];
            insert.Add(match.PaymentId).Add(match.CustomerId).Amount(match.Amount).Add(match.Currency)
                .Add(match.PaymentDate.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)).Add(match.BankReference).Add(match.PayerAccount)
                .Add(match.Source).Add(match.Status).Add(match.Reason).Add(match.Explanation).Add(match.Candidates)
                .Time(match.CreatedAt).Add(match.DecidedBy).Time(match.DecidedAt).Add(match.DecisionReason);
        }

        insert.Flush();
        return Task.FromResult(ids);
    }

    private protected override Task InsertCashLinesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(long MatchId, StoredCashLine Line)> lines, CancellationToken cancellationToken)
    {
        using var insert = new SqliteRowsInsert(Handle(connection), LineInsert, 16);
        for (var i = 0; i < lines.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (matchId, line) = lines[i];
            insert.Add(matchId).Add(line.Kind).Add(line.InvoiceId).Add(line.CustomerId).Amount(line.Amount).Amount(line.WriteOff)
                .Amount(line.FxAmount).Add(line.Method).Add(line.Confidence).Add(line.Explanation).Add(line.State).Add(line.AcceptedBy)
                .Time(line.AcceptedAt).Amount(line.OpenBefore).Amount(line.PaymentAppliedBefore)
                .Add(line.InvoiceAmount is { } amount ? amount.ToString(CultureInfo.InvariantCulture) : null);
        }

        insert.Flush();
        return Task.CompletedTask;
    }

    private protected override Task<long[]> NextAuditIdsAsync(DbConnection connection, DbTransaction transaction, int count, CancellationToken cancellationToken)
    {
        // AUTOINCREMENT: above the largest id ever given (sqlite_sequence) and stored; an explicit id moves the sequence on.
        var db = Handle(connection);
        Check(raw.sqlite3_prepare_v2(
            db,
            "SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit_event'), 0), COALESCE((SELECT max(id) FROM audit_event), 0))",
            out var statement), db);
        using (statement)
        {
            var result = raw.sqlite3_step(statement);
            if (result != raw.SQLITE_ROW)
            {
                Check(result, db);
            }

            var last = raw.sqlite3_column_int64(statement, 0);
            var ids = new long[count];
            for (var i = 0; i < count; i++)
            {
                ids[i] = last + 1 + i;
            }

            return Task.FromResult(ids);
        }
    }

    private protected override Task WriteAuditAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ChainedAuditEvent> events, CancellationToken cancellationToken)
    {
        using var insert = new SqliteRowsInsert(Handle(connection), "INSERT INTO audit_event (id, at, actor, action, subject, before, after, reason, prev_hash, hash) VALUES", 10);
        foreach (var chained in events)
        {
            var e = chained.Event;
            insert.Add(chained.Id).Time(e.At).Add(e.Actor).Add(e.Action).Add(e.Subject).Add(e.Before).Add(e.After).Add(e.Reason)
                .Add(chained.PrevHash).Add(chained.Hash);
        }

        insert.Flush();
        return Task.CompletedTask;
    }

    private protected override Task WriteOutboxAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(string Target, string Key)> drops, IReadOnlyList<OutboxItem> inserts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = Handle(connection);
        if (drops.Count > 0)
        {
            Check(raw.sqlite3_prepare_v2(db, "DELETE FROM outbox WHERE target = ?1 AND key = ?2", out var drop), db);
            using (drop)
            {
                foreach (var (target, key) in drops)
                {
                    Check(raw.sqlite3_bind_text(drop, 1, target), db);
                    Check(raw.sqlite3_bind_text(drop, 2, key), db);
                    var result = raw.sqlite3_step(drop);
                    if (result != raw.SQLITE_DONE)
                    {
                        Check(result, db);
                    }

                    Check(raw.sqlite3_reset(drop), db);
                }
            }
        }

        // In order, so ids follow it; a key pending meanwhile is left as it is.
        var at = SqliteTime.Format(now);
        using var insert = new SqliteRowsInsert(
            db, "INSERT INTO outbox (target, key, payload, payload_hash, attempts, created_at, updated_at) VALUES", 7, "ON CONFLICT (target, key) DO NOTHING");
        for (var i = 0; i < inserts.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var item = inserts[i];
            insert.Add(item.Target).Add(item.Key).Add(item.Payload).Add(HashBytes.ToBytes(item.PayloadHash)).Add(0L).Add(at).Add(at);
        }

        insert.Flush();
        return Task.CompletedTask;
    }

    public override async Task<HashSet<string>> ReadBankEntryIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        // A statement of 100,000 entries asks for each of them: one prepared look-up stepped per id, not a command each.
        ArgumentNullException.ThrowIfNull(ids);
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return found;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var db = Handle(connection);
        Check(raw.sqlite3_prepare_v2(db, "SELECT 1 FROM bank_entry WHERE id = ?1", out var statement), db);
        using (statement)
        {
            var n = 0;
            foreach (var id in ids)
            {
                if ((++n & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                Check(raw.sqlite3_bind_text(statement, 1, id), db);
                var result = raw.sqlite3_step(statement);
                if (result == raw.SQLITE_ROW)
                {
                    found.Add(id);
                }
                else if (result != raw.SQLITE_DONE)
                {
                    Check(result, db);
                }

                Check(raw.sqlite3_reset(statement), db);
            }
        }

        return found;
    }

    private protected override Task WriteBankEntriesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredBankEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Rows apply in order, so an entry given twice in one file merges into its first as it did row by row.
        var at = SqliteTime.Format(now);
        using var insert = new SqliteRowsInsert(Handle(connection), $"INSERT INTO bank_entry ({BankColumns}, reports, first_seen_at, updated_at) VALUES", 24, BankEntryMerge);
        for (var i = 0; i < entries.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var stored = entries[i];
            var entry = stored.Entry;
            insert.Add(stored.Id).Add(stored.PaymentId).Add(entry.Account).Add(stored.Message).Add(stored.Source).Add(entry.Locator)
                .Add(AmountText(entry.Amount)).Add(entry.Currency).Add(entry.IsCredit ? 1L : 0L).Add(entry.IsReversal ? 1L : 0L).Add(entry.Status)
                .Add(DateText(entry.BookingDate)).Add(DateText(entry.ValueDate)).Add(entry.BankReference).Add(entry.EndToEndId).Add(entry.PayerName)
                .Add(entry.PayerAccount).Add(entry.Remittance).Add(entry.TypeCode).Add(stored.Reverses).Add(null).Add(1L).Add(at).Add(at);
        }

        insert.Flush();
        return Task.CompletedTask;
    }

    private static sqlite3 Handle(DbConnection connection) => ((SqliteConnection)connection).Handle!;
}
