using System.Data;
using System.Data.Common;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>
/// What the connector's cash application keeps (<see cref="ICashApplicationState"/>): each payment it matched with its
/// proposal and decision, and the lines proposed and applied. ERP writeback rows go through the one outbox, in the same
/// transaction as the decision that makes them.
/// </summary>
public abstract partial class RelationalConnectorStore
{
    private const string MatchColumns =
        "id, payment_id, customer_id, amount, currency, payment_date, bank_reference, payer_account, source, status, reason, explanation, candidates, " +
        "created_at, decided_by, decided_at, decision_reason";

    private const string LineColumns =
        "id, match_id, kind, invoice_id, customer_id, amount, write_off, fx_amount, method, confidence, explanation, state, accepted_by, accepted_at, " +
        "open_before, payment_applied_before, invoice_amount";

    public async Task<IReadOnlyList<StoredCashMatch>> ReadCashMatchesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var lines = new Dictionary<long, List<StoredCashLine>>();
        await using (var read = connection.Command($"SELECT {LineColumns} FROM cash_line ORDER BY id"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var matchId = reader.GetInt64(1);
                if (!lines.TryGetValue(matchId, out var list))
                {
                    lines[matchId] = list = [];
                }

                list.Add(ReadLine(reader));
            }
        }

        var matches = new List<StoredCashMatch>();
        await using (var read = connection.Command($"SELECT {MatchColumns} FROM cash_match ORDER BY id"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var match = ReadMatch(reader);
                matches.Add(lines.TryGetValue(match.Id, out var list) ? match with { Lines = list } : match);
            }
        }

        return matches;
    }

    public async Task<StoredCashMatch?> FindCashMatchAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        StoredCashMatch? match = null;
        await using (var read = connection.Command($"SELECT {MatchColumns} FROM cash_match WHERE id = @id"))
        {
            read.Int64("@id", id);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                match = ReadMatch(reader);
            }
        }

        if (match is null)
        {
            return null;
        }

        var lines = new List<StoredCashLine>();
        await using (var read = connection.Command($"SELECT {LineColumns} FROM cash_line WHERE match_id = @id ORDER BY id"))
        {
            read.Int64("@id", id);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                lines.Add(ReadLine(reader));
            }
        }

        return match with { Lines = lines };
    }

    /// <summary>
    /// In one transaction: new matches (a payment already matched is skipped with its lines), updates (status, decision,
    /// new lines, line states), audit, outbox. Returns how many new matches were stored.
    /// </summary>
    public async Task<int> CommitCashAsync(CashCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var now = Time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var stored = 0;
        await using (var insert = connection.Command(
            "INSERT INTO cash_match (payment_id, customer_id, amount, currency, payment_date, bank_reference, payer_account, source, status, reason, " +
            "explanation, candidates, created_at, decided_by, decided_at, decision_reason) VALUES (@payment, @customer, @amount, @currency, @date, @bank, " +
            "@account, @source, @status, @reason, @explanation, @candidates, @created, @by, @at, @why) ON CONFLICT (payment_id) DO NOTHING RETURNING id", transaction))
        await using (var lines = LineInsert(connection, transaction))
        {
            var payment = insert.Text("@payment");
            var customer = insert.Text("@customer");
            var amount = insert.Add("@amount", DbType.Decimal);
            var currency = insert.Text("@currency");
            var date = insert.Date("@date");
            var bank = insert.Text("@bank");
            var account = insert.Text("@account");
            var source = insert.Text("@source");
            var status = insert.Text("@status");
            var reason = insert.Text("@reason");
            var explanation = insert.Text("@explanation");
            var candidates = insert.Text("@candidates");
            var created = insert.Add("@created", DbType.DateTimeOffset);
            var by = insert.Text("@by");
            var at = insert.Add("@at", DbType.DateTimeOffset);
            var why = insert.Text("@why");
            foreach (var match in commit.NewMatches)
            {
                payment.Set(match.PaymentId);
                customer.Set(match.CustomerId);
                amount.Value = AmountValue(match.Amount);
                currency.Set(match.Currency);
                date.Value = match.PaymentDate;
                bank.Set(match.BankReference);
                account.Set(match.PayerAccount);
                source.Set(match.Source);
                status.Set(match.Status);
                reason.Set(match.Reason);
                explanation.Set(match.Explanation);
                candidates.Set(match.Candidates);
                created.Value = match.CreatedAt.ToUniversalTime();
                by.Set(match.DecidedBy);
                at.Set(match.DecidedAt?.ToUniversalTime());
                why.Set(match.DecisionReason);
                var id = await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (id is null or DBNull)
                {
                    continue;
                }

                stored++;
                await lines.WriteAsync(Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture), match.Lines, cancellationToken).ConfigureAwait(false);
            }

            await UpdateMatchesAsync(connection, transaction, lines, commit.Updates, cancellationToken).ConfigureAwait(false);
        }

        await AppendAuditAsync(connection, transaction, commit.Audit, cancellationToken).ConfigureAwait(false);
        await EnqueueAsync(connection, transaction, commit.Outbox, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private static async Task UpdateMatchesAsync(DbConnection connection, DbTransaction transaction, CashLineWriter lines, IReadOnlyList<CashMatchUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        await using var update = connection.Command(
            "UPDATE cash_match SET status = @status, reason = @reason, explanation = COALESCE(@explanation, explanation), " +
            "decided_by = COALESCE(@by, decided_by), decided_at = COALESCE(@at, decided_at), decision_reason = COALESCE(@why, decision_reason) WHERE id = @id", transaction);
        var id = update.Int64("@id");
        var status = update.Text("@status");
        var reason = update.Text("@reason");
        var explanation = update.Text("@explanation");
        var by = update.Text("@by");
        var at = update.Add("@at", DbType.DateTimeOffset);
        var why = update.Text("@why");
        await using var state = connection.Command("UPDATE cash_line SET state = @state WHERE id = @id AND match_id = @match", transaction);
        var lineId = state.Int64("@id");
        var lineMatch = state.Int64("@match");
        var lineState = state.Text("@state");
        foreach (var change in updates)
        {
            id.Value = change.MatchId;
            status.Set(change.Status);
            reason.Set(change.Reason);
            explanation.Set(change.Explanation);
            by.Set(change.DecidedBy);
            at.Set(change.DecidedAt?.ToUniversalTime());
            why.Set(change.DecisionReason);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (line, value) in change.LineStates)
            {
                lineId.Value = line;
                lineMatch.Value = change.MatchId;
                lineState.Set(value);
                await state.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await lines.WriteAsync(change.MatchId, change.NewLines, cancellationToken).ConfigureAwait(false);
        }
    }

    private CashLineWriter LineInsert(DbConnection connection, DbTransaction transaction) => new(this, connection.Command(
        $"INSERT INTO cash_line ({LineColumns[4..]}) VALUES (@match, @kind, @invoice, @customer, @amount, @write_off, @fx, @method, @confidence, " +
        "@explanation, @state, @by, @at, @open_before, @applied_before, @invoice_amount)", transaction));

    private static StoredCashMatch ReadMatch(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        PaymentId = reader.GetString(1),
        CustomerId = NullableString(reader, 2),
        Amount = reader.GetFieldValue<decimal>(3),
        Currency = reader.GetString(4),
        PaymentDate = reader.GetFieldValue<DateOnly>(5),
        BankReference = NullableString(reader, 6),
        PayerAccount = NullableString(reader, 7),
        Source = reader.GetString(8),
        Status = reader.GetString(9),
        Reason = NullableString(reader, 10),
        Explanation = reader.GetString(11),
        Candidates = reader.GetString(12),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(13),
        DecidedBy = NullableString(reader, 14),
        DecidedAt = reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15),
        DecisionReason = NullableString(reader, 16),
    };

    private static StoredCashLine ReadLine(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Kind = reader.GetString(2),
        InvoiceId = reader.GetString(3),
        CustomerId = reader.GetString(4),
        Amount = reader.GetFieldValue<decimal>(5),
        WriteOff = reader.GetFieldValue<decimal>(6),
        FxAmount = reader.GetFieldValue<decimal>(7),
        Method = reader.GetString(8),
        Confidence = reader.GetString(9),
        Explanation = reader.GetString(10),
        State = NullableString(reader, 11),
        AcceptedBy = NullableString(reader, 12),
        AcceptedAt = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
        OpenBefore = reader.GetFieldValue<decimal>(14),
        PaymentAppliedBefore = reader.GetFieldValue<decimal>(15),
        InvoiceAmount = reader.IsDBNull(16) ? null : reader.GetFieldValue<decimal>(16),
    };

    /// <summary>The one prepared insert of cash lines, reused for every match of a commit.</summary>
    private sealed class CashLineWriter : IAsyncDisposable
    {
        private readonly RelationalConnectorStore store;
        private readonly DbCommand command;
        private readonly DbParameter match, kind, invoice, customer, amount, writeOff, fx, method, confidence, explanation, state, by, at, openBefore, appliedBefore, invoiceAmount;

        public CashLineWriter(RelationalConnectorStore store, DbCommand command)
        {
            this.store = store;
            this.command = command;
            match = command.Int64("@match");
            kind = command.Text("@kind");
            invoice = command.Text("@invoice");
            customer = command.Text("@customer");
            amount = command.Add("@amount", DbType.Decimal);
            writeOff = command.Add("@write_off", DbType.Decimal);
            fx = command.Add("@fx", DbType.Decimal);
            method = command.Text("@method");
            confidence = command.Text("@confidence");
            explanation = command.Text("@explanation");
            state = command.Text("@state");
            by = command.Text("@by");
            at = command.Add("@at", DbType.DateTimeOffset);
            openBefore = command.Add("@open_before", DbType.Decimal);
            appliedBefore = command.Add("@applied_before", DbType.Decimal);
            invoiceAmount = command.Add("@invoice_amount", DbType.Decimal);
        }

        public async Task WriteAsync(long matchId, IReadOnlyList<StoredCashLine> lines, CancellationToken cancellationToken)
        {
            foreach (var line in lines)
            {
                match.Value = matchId;
                kind.Set(line.Kind);
                invoice.Set(line.InvoiceId);
                customer.Set(line.CustomerId);
                amount.Value = store.AmountValue(line.Amount);
                writeOff.Value = store.AmountValue(line.WriteOff);
                fx.Value = store.AmountValue(line.FxAmount);
                method.Set(line.Method);
                confidence.Set(line.Confidence);
                explanation.Set(line.Explanation);
                state.Set(line.State);
                by.Set(line.AcceptedBy);
                at.Set(line.AcceptedAt?.ToUniversalTime());
                openBefore.Value = store.AmountValue(line.OpenBefore);
                appliedBefore.Value = store.AmountValue(line.PaymentAppliedBefore);
                invoiceAmount.Value = line.InvoiceAmount is { } off ? store.AmountValue(off) : DBNull.Value;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}
