using System.Data.Common;
using Connector.Store.Relational;
using Connector.Sync.Ports;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Store.Postgres;

/// <summary>
/// The bulk writes of a cash commit and of the audit chain on PostgreSQL (decision 131): the matches in one
/// <c>INSERT … SELECT FROM unnest(arrays) … ON CONFLICT DO NOTHING RETURNING</c> (a payment already matched is skipped, and
/// the new ids come back), the lines and the audit events with binary <c>COPY</c> straight into their tables.
/// </summary>
public sealed partial class PostgresConnectorStore
{
    private const string MatchInsertSql =
        "INSERT INTO cash_match (payment_id, customer_id, amount, currency, payment_date, bank_reference, payer_account, source, status, reason, " +
        "explanation, candidates, created_at, decided_by, decided_at, decision_reason) " +
        "SELECT payment, customer, amount, currency, day, bank, account, source, status, reason, explanation, candidates, created, by, at, why " +
        "FROM unnest(@payment, @customer, @amount, @currency, @day, @bank, @account, @source, @status, @reason, @explanation, @candidates, @created, @by, @at, @why) " +
        "WITH ORDINALITY AS m (payment, customer, amount, currency, day, bank, account, source, status, reason, explanation, candidates, created, by, at, why, n) " +
        "ORDER BY n ON CONFLICT (payment_id) DO NOTHING RETURNING id, payment_id";

    private const string LineCopySql =
        "COPY cash_line (match_id, kind, invoice_id, customer_id, amount, write_off, fx_amount, method, confidence, explanation, state, accepted_by, " +
        "accepted_at, open_before, payment_applied_before, invoice_amount) FROM STDIN (FORMAT BINARY)";

    private const string AuditCopySql =
        "COPY audit_event (id, at, actor, action, subject, before, after, reason, prev_hash, hash) FROM STDIN (FORMAT BINARY)";

    private protected override async Task<Dictionary<string, long>> InsertCashMatchesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredCashMatch> matches, CancellationToken cancellationToken)
    {
        await using var insert = (NpgsqlCommand)connection.Command(MatchInsertSql, transaction);
        Column(insert, "payment", NpgsqlDbType.Text, matches, static m => m.PaymentId);
        Column(insert, "customer", NpgsqlDbType.Text, matches, static m => m.CustomerId);
        Column(insert, "amount", NpgsqlDbType.Numeric, matches, static m => m.Amount);
        Column(insert, "currency", NpgsqlDbType.Text, matches, static m => m.Currency);
        Column(insert, "day", NpgsqlDbType.Date, matches, static m => m.PaymentDate);
        Column(insert, "bank", NpgsqlDbType.Text, matches, static m => m.BankReference);
        Column(insert, "account", NpgsqlDbType.Text, matches, static m => m.PayerAccount);
        Column(insert, "source", NpgsqlDbType.Text, matches, static m => m.Source);
        Column(insert, "status", NpgsqlDbType.Text, matches, static m => m.Status);
        Column(insert, "reason", NpgsqlDbType.Text, matches, static m => m.Reason);
        Column(insert, "explanation", NpgsqlDbType.Text, matches, static m => m.Explanation);
        Column(insert, "candidates", NpgsqlDbType.Text, matches, static m => m.Candidates);
        Column(insert, "created", NpgsqlDbType.TimestampTz, matches, static m => m.CreatedAt.ToUniversalTime());
        Column(insert, "by", NpgsqlDbType.Text, matches, static m => m.DecidedBy);
        Column(insert, "at", NpgsqlDbType.TimestampTz, matches, static m => m.DecidedAt?.ToUniversalTime());
        Column(insert, "why", NpgsqlDbType.Text, matches, static m => m.DecisionReason);
        var ids = new Dictionary<string, long>(matches.Count, StringComparer.Ordinal);
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids[reader.GetString(1)] = reader.GetInt64(0);
        }

        return ids;
    }

    private protected override async Task InsertCashLinesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(long MatchId, StoredCashLine Line)> lines, CancellationToken cancellationToken)
    {
        await using var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(LineCopySql, cancellationToken).ConfigureAwait(false);
        foreach (var (matchId, line) in lines)
        {
            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(matchId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(line.Kind, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(line.InvoiceId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(line.CustomerId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(line.Amount, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(line.WriteOff, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(line.FxAmount, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(line.Method, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(line.Confidence, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(line.Explanation, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await TextOrNullAsync(writer, line.State, cancellationToken).ConfigureAwait(false);
            await TextOrNullAsync(writer, line.AcceptedBy, cancellationToken).ConfigureAwait(false);
            if (line.AcceptedAt is { } acceptedAt)
            {
                await writer.WriteAsync(acceptedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }

            await writer.WriteAsync(line.OpenBefore, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(line.PaymentAppliedBefore, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
            if (line.InvoiceAmount is { } invoiceAmount)
            {
                await writer.WriteAsync(invoiceAmount, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override async Task<long[]> NextAuditIdsAsync(DbConnection connection, DbTransaction transaction, int count, CancellationToken cancellationToken)
    {
        // From the identity's own sequence, so ids stay unique with any row inserted without one; under the audit lock
        // no other appender takes ids meanwhile, and whatever it took before is below these.
        await using var next = connection.Command("SELECT nextval(pg_get_serial_sequence('audit_event', 'id')) FROM generate_series(1, @count)", transaction);
        next.Add("@count", System.Data.DbType.Int32, count);
        var ids = new long[count];
        var i = 0;
        await using (var reader = await next.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids[i++] = reader.GetInt64(0);
            }
        }

        Array.Sort(ids);
        return ids;
    }

    private protected override async Task WriteAuditAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ChainedAuditEvent> events, CancellationToken cancellationToken)
    {
        await using var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(AuditCopySql, cancellationToken).ConfigureAwait(false);
        foreach (var chained in events)
        {
            var e = chained.Event;
            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(chained.Id, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(e.At.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(e.Actor, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(e.Action, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(e.Subject, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await TextOrNullAsync(writer, e.Before, cancellationToken).ConfigureAwait(false);
            await TextOrNullAsync(writer, e.After, cancellationToken).ConfigureAwait(false);
            await TextOrNullAsync(writer, e.Reason, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(chained.PrevHash!, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(chained.Hash!, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task<HashSet<string>> ReadBankEntryIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        // One statement for the whole file's ids instead of a round trip per entry.
        ArgumentNullException.ThrowIfNull(ids);
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return found;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = (NpgsqlCommand)connection.Command("SELECT id FROM bank_entry WHERE id = ANY(@ids)");
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. ids] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    private static async Task TextOrNullAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One column of the matches as a typed array parameter (nulls kept).</summary>
    private static void Column<T>(NpgsqlCommand command, string name, NpgsqlDbType type, IReadOnlyList<StoredCashMatch> matches, Func<StoredCashMatch, T> column)
    {
        var values = new T[matches.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = column(matches[i]);
        }

        command.Parameters.Add(new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | type) { TypedValue = values });
    }
}
