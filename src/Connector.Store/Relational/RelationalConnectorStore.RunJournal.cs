using System.Data;
using System.Data.Common;
using Connector.Sync.Runs;

namespace Connector.Store.Relational;

/// <summary>The run journal: one row per sync cycle <c>connector run</c> started, on any instance sharing the store.</summary>
public abstract partial class RelationalConnectorStore
{
    private const string RunColumns =
        "run_id, instance_id, trigger_kind, started_at, ended_at, outcome, rows_read, rows_quarantined, customers, customers_on_hold, records_sent, records_refused, detail";

    public async Task<IReadOnlyList<RunRecord>> BeginRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        List<RunRecord> unfinished;
        await using (var read = connection.Command($"SELECT {RunColumns} FROM run_journal WHERE outcome = @running ORDER BY started_at, run_id", transaction))
        {
            read.Text("@running", OutcomeName(RunOutcome.Running));
            unfinished = await ReadRunsAsync(read, cancellationToken).ConfigureAwait(false);
        }

        var interrupted = unfinished
            .Select(r => r with { EndedAt = run.StartedAt, Outcome = RunOutcome.Interrupted, Detail = $"its instance stopped mid-cycle; run {run.RunId} on {run.InstanceId} took over" })
            .ToList();
        foreach (var closed in interrupted)
        {
            await WriteRunEndAsync(connection, transaction, closed, cancellationToken).ConfigureAwait(false);
        }

        await using (var insert = connection.Command(
            $"INSERT INTO run_journal ({RunColumns}) VALUES (@run, @instance, @trigger, @started, NULL, @outcome, 0, 0, 0, 0, 0, 0, @detail)", transaction))
        {
            insert.Text("@run", run.RunId);
            insert.Text("@instance", run.InstanceId);
            insert.Text("@trigger", run.Trigger);
            insert.Time("@started", run.StartedAt);
            insert.Text("@outcome", OutcomeName(RunOutcome.Running));
            insert.Text("@detail", run.Detail);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return interrupted;
    }

    public async Task EndRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await WriteRunEndAsync(connection, null, run, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"SELECT {RunColumns} FROM (SELECT {RunColumns} FROM run_journal ORDER BY started_at DESC, run_id DESC LIMIT @limit) AS latest ORDER BY started_at, run_id");
        command.Int64("@limit", Math.Max(0, limit));
        return await ReadRunsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteRunEndAsync(DbConnection connection, DbTransaction? transaction, RunRecord run, CancellationToken cancellationToken)
    {
        await using var update = connection.Command(
            "UPDATE run_journal SET ended_at = @ended, outcome = @outcome, rows_read = @rows_read, rows_quarantined = @rows_quarantined, " +
            "customers = @customers, customers_on_hold = @on_hold, records_sent = @sent, records_refused = @refused, detail = @detail WHERE run_id = @run", transaction);
        update.Add("@ended", DbType.DateTimeOffset, run.EndedAt);
        update.Text("@outcome", OutcomeName(run.Outcome));
        update.Int64("@rows_read", run.Counts.RowsRead);
        update.Int64("@rows_quarantined", run.Counts.RowsQuarantined);
        update.Add("@customers", DbType.Int32, run.Counts.Customers);
        update.Add("@on_hold", DbType.Int32, run.Counts.CustomersOnHold);
        update.Add("@sent", DbType.Int32, run.Counts.RecordsSent);
        update.Add("@refused", DbType.Int32, run.Counts.RecordsRefused);
        update.Text("@detail", run.Detail);
        update.Text("@run", run.RunId);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<RunRecord>> ReadRunsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var runs = new List<RunRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            runs.Add(new RunRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                ParseOutcome(reader.GetString(5)),
                new RunCounts(
                    reader.GetInt64(6),
                    reader.GetInt64(7),
                    reader.GetInt32(8),
                    reader.GetInt32(9),
                    reader.GetInt32(10),
                    reader.GetInt32(11)),
                NullableString(reader, 12)));
        }

        return runs;
    }

    private static string OutcomeName(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Running => "running",
        RunOutcome.Succeeded => "succeeded",
        RunOutcome.Failed => "failed",
        RunOutcome.Cancelled => "cancelled",
        RunOutcome.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private static RunOutcome ParseOutcome(string name)
    {
        foreach (var outcome in Enum.GetValues<RunOutcome>())
        {
            if (OutcomeName(outcome) == name)
            {
                return outcome;
            }
        }

        throw new InvalidDataException($"The run journal names an unknown outcome '{name}'.");
    }
}
