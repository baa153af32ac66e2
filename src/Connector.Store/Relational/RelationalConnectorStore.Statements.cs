using System.Data.Common;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>
/// The statements of account sent (<see cref="IStatementState"/>, table <c>statement_send</c>): the primary key
/// (customer, period) is the "at most once": a claim is an insert that does nothing when the row exists.
/// </summary>
public abstract partial class RelationalConnectorStore
{
    public async Task<IReadOnlyList<StatementSendRecord>> ReadStatementSendsAsync(string? period, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT customer_id, period, state, recipients, subject, started_at, sent_at FROM statement_send " +
            (period is null ? "" : "WHERE period = @period ") + "ORDER BY period, customer_id");
        if (period is not null)
        {
            command.Text("@period", period);
        }

        var records = new List<StatementSendRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new StatementSendRecord(
                reader.GetString(0),
                reader.GetString(1),
                Enum.Parse<StatementSendState>(reader.GetString(2)),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return records;
    }

    public async Task<bool> TryClaimStatementSendAsync(StatementSendRecord claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "INSERT INTO statement_send (customer_id, period, state, recipients, subject, started_at, sent_at) " +
            "VALUES (@customer, @period, @state, @recipients, @subject, @started, NULL) ON CONFLICT (customer_id, period) DO NOTHING");
        command.Text("@customer", claim.CustomerId);
        command.Text("@period", claim.Period);
        command.Text("@state", nameof(StatementSendState.Sending));
        command.Text("@recipients", claim.Recipients);
        command.Text("@subject", claim.Subject);
        command.Time("@started", claim.StartedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task RecordStatementSentAsync(string customerId, string period, DateTimeOffset sentAt, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.Command(
            "UPDATE statement_send SET state = @state, sent_at = @sent WHERE customer_id = @customer AND period = @period", transaction))
        {
            command.Text("@state", nameof(StatementSendState.Sent));
            command.Time("@sent", sentAt);
            command.Text("@customer", customerId);
            command.Text("@period", period);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await AppendAuditAsync(connection, transaction, [audit], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ReleaseStatementSendAsync(string customerId, string period, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.Command("DELETE FROM statement_send WHERE customer_id = @customer AND period = @period", transaction))
        {
            command.Text("@customer", customerId);
            command.Text("@period", period);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await AppendAuditAsync(connection, transaction, [audit], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
