using System.Data;
using System.Data.Common;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>What the push and the Dynamics read-back keep between runs: manual actions, hold states, Dataverse ids, sent hashes.</summary>
public abstract partial class RelationalConnectorStore
{
    public async Task<IReadOnlyList<ManualAction>> ReadManualActionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT kind, customer_id, by_whom, reason, on_date, until_date FROM manual_action ORDER BY customer_id, kind");
        var actions = new List<ManualAction>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            actions.Add(new ManualAction(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                NullableString(reader, 3),
                reader.GetFieldValue<DateOnly>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5)));
        }

        return actions;
    }

    public async Task<IReadOnlyList<StoredHoldStatus>> ReadHoldStatusesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT customer_id, on_hold, codes, since FROM hold_state ORDER BY customer_id");
        var statuses = new List<StoredHoldStatus>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            statuses.Add(new StoredHoldStatus(
                reader.GetString(0),
                reader.GetBoolean(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3)));
        }

        return statuses;
    }

    public async Task<IReadOnlyDictionary<string, Guid>> ReadRecordIdsAsync(string table, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT record_key, record_id FROM dataverse_record WHERE table_name = @table");
        command.Text("@table", table);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids[reader.GetString(0)] = reader.GetGuid(1);
        }

        return ids;
    }

    public async Task<IReadOnlyDictionary<string, UInt128>> ReadSentHashesAsync(string target, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var hashes = new Dictionary<string, UInt128>(StringComparer.Ordinal);
        await ReadKeyHashesAsync(connection, null, "SELECT key, payload_hash FROM outbox_sent WHERE target = @value", target, (key, hash) => hashes[key] = hash, cancellationToken).ConfigureAwait(false);
        return hashes;
    }

    public async Task CommitReadBackAsync(ReadBackCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var now = Time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await SetManualActionsAsync(connection, transaction, commit.Set, now, cancellationToken).ConfigureAwait(false);
        await ClearManualActionsAsync(connection, transaction, commit.Cleared, cancellationToken).ConfigureAwait(false);
        await AppendAuditAsync(connection, transaction, commit.Audit, cancellationToken).ConfigureAwait(false);
        await WriteRecordIdsAsync(connection, transaction, commit.RecordIds, cancellationToken).ConfigureAwait(false);
        await ForgetRecordsAsync(connection, transaction, commit.Forgotten, cancellationToken).ConfigureAwait(false);
        if (commit.DeltaLink is { } deltaLink)
        {
            await WriteCheckpointAsync(connection, transaction, deltaLink, now, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> CommitEvaluationAsync(EvaluationCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var now = Time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var queued = await EnqueueAsync(connection, transaction, commit.Outbox, now, cancellationToken).ConfigureAwait(false);
        await WriteHoldStatusesAsync(connection, transaction, commit.HoldStatuses, cancellationToken).ConfigureAwait(false);
        await AppendAuditAsync(connection, transaction, commit.Audit, cancellationToken).ConfigureAwait(false);
        if (commit.Evaluated is { } evaluated)
        {
            await WriteCheckpointAsync(connection, transaction, evaluated, now, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return queued;
    }

    private static async Task ForgetRecordsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<DataverseRecordId> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        await using var sent = connection.Command("DELETE FROM outbox_sent WHERE target = @target AND key = @key", transaction);
        var target = sent.Text("@target");
        var sentKey = sent.Text("@key");
        await using var ids = connection.Command("DELETE FROM dataverse_record WHERE table_name = @table AND record_key = @key", transaction);
        var table = ids.Text("@table");
        var idKey = ids.Text("@key");
        foreach (var record in records)
        {
            target.Value = "dataverse:" + record.Table;
            sentKey.Value = record.Key;
            await sent.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            table.Value = record.Table;
            idKey.Value = record.Key;
            await ids.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A <see cref="Guid"/> parameter: <c>uuid</c> on PostgreSQL; SQLite overrides it to store text.</summary>
    private protected virtual DbParameter GuidParameter(DbCommand command, string name) => command.Add(name, DbType.Guid);

    private static async Task SetManualActionsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ManualAction> actions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (actions.Count == 0)
        {
            return;
        }

        await using var command = connection.Command(
            "INSERT INTO manual_action (kind, customer_id, by_whom, reason, on_date, until_date, updated_at) " +
            "VALUES (@kind, @customer, @by, @reason, @on, @until, @now) " +
            "ON CONFLICT (kind, customer_id) DO UPDATE SET by_whom = excluded.by_whom, reason = excluded.reason, " +
            "on_date = excluded.on_date, until_date = excluded.until_date, updated_at = excluded.updated_at", transaction);
        var kind = command.Text("@kind");
        var customer = command.Text("@customer");
        var by = command.Text("@by");
        var reason = command.Text("@reason");
        var on = command.Date("@on");
        var until = command.Date("@until");
        command.Time("@now", now);
        foreach (var action in actions)
        {
            kind.Set(action.Kind);
            customer.Set(action.CustomerId);
            by.Set(action.By);
            reason.Set(action.Reason);
            on.Value = action.On;
            until.Set(action.Until);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ClearManualActionsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(string Kind, string CustomerId)> cleared, CancellationToken cancellationToken)
    {
        if (cleared.Count == 0)
        {
            return;
        }

        await using var command = connection.Command("DELETE FROM manual_action WHERE kind = @kind AND customer_id = @customer", transaction);
        var kind = command.Text("@kind");
        var customer = command.Text("@customer");
        foreach (var (clearedKind, customerId) in cleared)
        {
            kind.Set(clearedKind);
            customer.Set(customerId);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteRecordIdsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<DataverseRecordId> recordIds, CancellationToken cancellationToken)
    {
        if (recordIds.Count == 0)
        {
            return;
        }

        await using var command = connection.Command(
            "INSERT INTO dataverse_record (table_name, record_key, record_id) VALUES (@table, @key, @id) " +
            "ON CONFLICT (table_name, record_key) DO UPDATE SET record_id = excluded.record_id", transaction);
        var table = command.Text("@table");
        var key = command.Text("@key");
        var id = GuidParameter(command, "@id");
        foreach (var recordId in recordIds)
        {
            table.Set(recordId.Table);
            key.Set(recordId.Key);
            id.Value = recordId.Id;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteHoldStatusesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredHoldStatus> statuses, CancellationToken cancellationToken)
    {
        if (statuses.Count == 0)
        {
            return;
        }

        await using var command = connection.Command(
            "INSERT INTO hold_state (customer_id, on_hold, codes, since) VALUES (@customer, @on_hold, @codes, @since) " +
            "ON CONFLICT (customer_id) DO UPDATE SET on_hold = excluded.on_hold, codes = excluded.codes, since = excluded.since", transaction);
        var customer = command.Text("@customer");
        var onHold = command.Boolean("@on_hold");
        var codes = command.Text("@codes");
        var since = command.Date("@since");
        foreach (var status in statuses)
        {
            customer.Set(status.CustomerId);
            onHold.Value = status.OnHold;
            codes.Set(status.Codes);
            since.Set(status.Since);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
