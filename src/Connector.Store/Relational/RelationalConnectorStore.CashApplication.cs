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
    /// new lines, line states), audit, outbox. Returns how many new matches were stored. Each table is written in bulk
    /// (decision 131): multi-row inserts on SQLite, binary COPY and array parameters on PostgreSQL.
    /// </summary>
    public async Task<int> CommitCashAsync(CashCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var now = Time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // A payment given twice keeps its first match (the store's unique payment id would skip the second anyway).
        var matches = commit.NewMatches;
        var seen = new HashSet<string>(matches.Count, StringComparer.Ordinal);
        var unique = new List<StoredCashMatch>(matches.Count);
        foreach (var match in matches)
        {
            if (seen.Add(match.PaymentId))
            {
                unique.Add(match);
            }
        }

        var ids = unique.Count == 0 ? new Dictionary<string, long>() : await InsertCashMatchesAsync(connection, transaction, unique, cancellationToken).ConfigureAwait(false);
        var lines = new List<(long MatchId, StoredCashLine Line)>();
        foreach (var match in unique)
        {
            if (ids.TryGetValue(match.PaymentId, out var id))
            {
                foreach (var line in match.Lines)
                {
                    lines.Add((id, line));
                }
            }
        }

        await UpdateMatchesAsync(connection, transaction, commit.Updates, cancellationToken).ConfigureAwait(false);
        foreach (var change in commit.Updates)
        {
            foreach (var line in change.NewLines)
            {
                lines.Add((change.MatchId, line));
            }
        }

        if (lines.Count > 0)
        {
            await InsertCashLinesAsync(connection, transaction, lines, cancellationToken).ConfigureAwait(false);
        }

        await AppendAuditAsync(connection, transaction, commit.Audit, cancellationToken).ConfigureAwait(false);
        await EnqueueAsync(connection, transaction, commit.Outbox, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ids.Count;
    }

    /// <summary>
    /// Inserts the matches (payment ids distinct) in their order on the caller's transaction, skipping any whose payment
    /// is already matched; returns the new id of each one stored, by payment id.
    /// </summary>
    private protected abstract Task<Dictionary<string, long>> InsertCashMatchesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredCashMatch> matches, CancellationToken cancellationToken);

    /// <summary>Inserts the lines, each under its match, in their order on the caller's transaction.</summary>
    private protected abstract Task InsertCashLinesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(long MatchId, StoredCashLine Line)> lines, CancellationToken cancellationToken);

    private static async Task UpdateMatchesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<CashMatchUpdate> updates, CancellationToken cancellationToken)
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
        }
    }

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
}
