using System.Data;
using System.Data.Common;
using Connector.Domain.Collections;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>
/// What the collections writer keeps between runs: the cases as the last plan left them and where their tasks live,
/// the collectors' lists and delta links, the contact attempts. Task and mail intents go through the one outbox.
/// </summary>
public abstract partial class RelationalConnectorStore
{
    /// <summary>The outbox target of case tasks: a forgotten task's last-sent hash is dropped so the next plan queues it again.</summary>
    private const string TaskTarget = "graph:task";

    public async Task<IReadOnlyList<StoredCase>> ReadCasesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT case_id, customer_id, snapshot, user_id, list_id, task_id, outlook_action, outlook_action_level FROM collection_case ORDER BY case_id");
        var cases = new List<StoredCase>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var caseId = reader.GetString(0);
            var (userId, listId, taskId) = (NullableString(reader, 3), NullableString(reader, 4), NullableString(reader, 5));
            cases.Add(new StoredCase
            {
                CaseId = caseId,
                CustomerId = reader.GetString(1),
                Snapshot = NullableString(reader, 2),
                Placement = userId is null || listId is null || taskId is null ? null : new TaskPlacement(caseId, userId, listId, taskId),
                OutlookAction = ParseOutlookAction(reader.GetString(6), caseId),
                OutlookActionLevel = reader.IsDBNull(7) ? null : reader.GetInt32(7),
            });
        }

        return cases;
    }

    public async Task<IReadOnlyList<StoredCaseChange>?> ReadCasesChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT case_id, customer_id, snapshot, updated_at FROM collection_case WHERE updated_at >= @since ORDER BY case_id");
        command.Time("@since", since);
        var cases = new List<StoredCaseChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            cases.Add(new StoredCaseChange(
                new StoredCase { CaseId = reader.GetString(0), CustomerId = reader.GetString(1), Snapshot = NullableString(reader, 2) },
                reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return cases;
    }

    public async Task<IReadOnlyList<TaskPlacement>> ReadTaskPlacementsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT case_id, user_id, list_id, task_id FROM collection_case WHERE user_id IS NOT NULL AND list_id IS NOT NULL AND task_id IS NOT NULL ORDER BY case_id");
        var placements = new List<TaskPlacement>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            placements.Add(new TaskPlacement(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return placements;
    }

    public async Task<IReadOnlyList<TaskListRecord>> ReadTaskListsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT user_id, display_name, list_id, delta_link FROM task_list ORDER BY user_id, display_name");
        var lists = new List<TaskListRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lists.Add(new TaskListRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), NullableString(reader, 3)));
        }

        return lists;
    }

    public async Task SaveTaskListAsync(TaskListRecord list, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await WriteTaskListsAsync(connection, transaction, [list], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredContactAttempt>> ReadContactAttemptsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT customer_id, case_id, level, kind, on_date, by_whom, detail, source_id FROM contact_attempt ORDER BY on_date, id");
        var attempts = new List<StoredContactAttempt>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var sourceId = reader.GetString(7);
            attempts.Add(new StoredContactAttempt(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                ParseContactKind(reader.GetString(3), sourceId),
                reader.GetFieldValue<DateOnly>(4),
                reader.GetString(5),
                NullableString(reader, 6),
                sourceId));
        }

        return attempts;
    }

    public async Task<int> CommitCollectionsAsync(CollectionsCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var now = Time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await WriteCaseSnapshotsAsync(connection, transaction, commit.Cases, now, cancellationToken).ConfigureAwait(false);
        var queued = await EnqueueAsync(connection, transaction, commit.Outbox, now, cancellationToken).ConfigureAwait(false);
        await AppendAuditAsync(connection, transaction, commit.Audit, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return queued;
    }

    /// <summary>
    /// Stores what a read-back learnt: placements adopted first, then the collectors' actions, the forgotten tasks
    /// (placement and last-sent hash, so the next plan queues the task again), the contact attempts, the audit and the lists.
    /// </summary>
    public async Task CommitTaskReadBackAsync(TaskReadBackCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var now = Time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await WritePlacementsAsync(connection, transaction, commit.Adopted, now, cancellationToken).ConfigureAwait(false);
        await WriteOutlookActionsAsync(connection, transaction, commit.Actions, now, cancellationToken).ConfigureAwait(false);
        await ForgetTasksAsync(connection, transaction, commit.Forgotten, now, cancellationToken).ConfigureAwait(false);
        await WriteContactAttemptsAsync(connection, transaction, commit.ContactAttempts, cancellationToken).ConfigureAwait(false);
        await AppendAuditAsync(connection, transaction, commit.Audit, cancellationToken).ConfigureAwait(false);
        await WriteTaskListsAsync(connection, transaction, commit.Lists, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordTasksWrittenAsync(IReadOnlyList<WrittenTask> written, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(written);
        if (written.Count == 0)
        {
            return;
        }

        var now = Time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await MarkSentAsync(connection, transaction, [.. written.Select(static w => w.OutboxId)], now, cancellationToken).ConfigureAwait(false);
        await WritePlacementsAsync(connection, transaction, [.. written.Select(static w => w.Placement)], now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordMailSentAsync(long outboxId, StoredContactAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await MarkSentAsync(connection, transaction, [outboxId], Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await WriteContactAttemptsAsync(connection, transaction, [attempt], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordMailSentAsync(long outboxId, StoredContactAttempt attempt, SentMail mail, IReadOnlyList<OutboxItem> followUps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(followUps);
        var now = Time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await MarkSentAsync(connection, transaction, [outboxId], now, cancellationToken).ConfigureAwait(false);
        await WriteContactAttemptsAsync(connection, transaction, [attempt], cancellationToken).ConfigureAwait(false);
        await using (var keep = connection.Command(
            "INSERT INTO sent_mail (mail_key, customer_id, case_id, level, on_date, sent_at, from_mailbox, to_list, cc_list, subject, html_body) " +
            "VALUES (@key, @customer, @case, @level, @on, @sent, @from, @to, @cc, @subject, @body) ON CONFLICT (mail_key) DO NOTHING", transaction))
        {
            keep.Text("@key", mail.Key);
            keep.Text("@customer", mail.CustomerId);
            keep.Text("@case", mail.CaseId);
            keep.Add("@level", DbType.Int32, mail.Level);
            keep.Date("@on", mail.On);
            keep.Time("@sent", mail.SentAt);
            keep.Text("@from", mail.FromMailbox);
            keep.Text("@to", string.Join(';', mail.To));
            keep.Text("@cc", string.Join(';', mail.Cc));
            keep.Text("@subject", mail.Subject);
            keep.Text("@body", mail.HtmlBody);
            await keep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await EnqueueAsync(connection, transaction, followUps, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SentMail>> ReadSentMailAsync(string? customerId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT mail_key, customer_id, case_id, level, on_date, sent_at, from_mailbox, to_list, cc_list, subject, html_body FROM sent_mail" +
            (customerId is null ? "" : " WHERE customer_id = @customer") + " ORDER BY sent_at, mail_key");
        if (customerId is not null)
        {
            command.Text("@customer", customerId);
        }

        var mails = new List<SentMail>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            mails.Add(new SentMail(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt32(3),
                reader.GetFieldValue<DateOnly>(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetString(6),
                Split(reader.GetString(7)),
                Split(reader.GetString(8)),
                reader.GetString(9),
                reader.GetString(10)));
        }

        return mails;

        static string[] Split(string list) => list.Split(';', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Replaces each case's snapshot (null: closed); its placement and the collector's action stay as they are.</summary>
    private static async Task WriteCaseSnapshotsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<CaseSnapshot> cases, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (cases.Count == 0)
        {
            return;
        }

        await using var command = connection.Command(
            "INSERT INTO collection_case (case_id, customer_id, snapshot, updated_at) VALUES (@case, @customer, @snapshot, @now) " +
            "ON CONFLICT (case_id) DO UPDATE SET customer_id = excluded.customer_id, snapshot = excluded.snapshot, updated_at = excluded.updated_at",
            transaction);
        var caseId = command.Text("@case");
        var customer = command.Text("@customer");
        var snapshot = command.Text("@snapshot");
        command.Time("@now", now);
        for (var i = 0; i < cases.Count; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            caseId.Set(cases[i].CaseId);
            customer.Set(cases[i].CustomerId);
            snapshot.Set(cases[i].Snapshot);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sets where each case's task lives; a case no plan named yet gets a row without snapshot (and an empty customer).</summary>
    private static async Task WritePlacementsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<TaskPlacement> placements, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (placements.Count == 0)
        {
            return;
        }

        await using var command = connection.Command(
            "INSERT INTO collection_case (case_id, customer_id, user_id, list_id, task_id, updated_at) VALUES (@case, '', @user, @list, @task, @now) " +
            "ON CONFLICT (case_id) DO UPDATE SET user_id = excluded.user_id, list_id = excluded.list_id, task_id = excluded.task_id, updated_at = excluded.updated_at",
            transaction);
        var caseId = command.Text("@case");
        var user = command.Text("@user");
        var list = command.Text("@list");
        var task = command.Text("@task");
        command.Time("@now", now);
        foreach (var placement in placements)
        {
            caseId.Set(placement.CaseId);
            user.Set(placement.UserId);
            list.Set(placement.ListId);
            task.Set(placement.TaskId);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sets what each collector did to a case's task (None clears the action and its level); an unknown case is left alone.</summary>
    private static async Task WriteOutlookActionsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<CaseOutlookAction> actions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (actions.Count == 0)
        {
            return;
        }

        await using var command = connection.Command(
            "UPDATE collection_case SET outlook_action = @action, outlook_action_level = @level, updated_at = @now WHERE case_id = @case", transaction);
        var action = command.Text("@action");
        var level = command.Add("@level", DbType.Int32);
        var caseId = command.Text("@case");
        command.Time("@now", now);
        foreach (var caseAction in actions)
        {
            action.Set(NameOf(caseAction.Action));
            level.Set(caseAction.Action == OutlookAction.None ? null : caseAction.Level);
            caseId.Set(caseAction.CaseId);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Clears the placement of each case whose task is gone and what was last sent for it, so the next enqueue of its task is not skipped.</summary>
    private static async Task ForgetTasksAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> caseIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (caseIds.Count == 0)
        {
            return;
        }

        await using var placement = connection.Command(
            "UPDATE collection_case SET user_id = NULL, list_id = NULL, task_id = NULL, updated_at = @now WHERE case_id = @case", transaction);
        var placementCase = placement.Text("@case");
        placement.Time("@now", now);
        await using var sent = connection.Command("DELETE FROM outbox_sent WHERE target = @target AND key = @key", transaction);
        sent.Text("@target", TaskTarget);
        var sentKey = sent.Text("@key");
        foreach (var caseId in caseIds)
        {
            placementCase.Set(caseId);
            await placement.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            sentKey.Set(caseId);
            await sent.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Appends the contact attempts; one whose source id is stored already is skipped (a read-back or send replayed after a crash).</summary>
    private static async Task WriteContactAttemptsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredContactAttempt> attempts, CancellationToken cancellationToken)
    {
        if (attempts.Count == 0)
        {
            return;
        }

        await using var command = connection.Command(
            "INSERT INTO contact_attempt (customer_id, case_id, level, kind, on_date, by_whom, detail, source_id) " +
            "VALUES (@customer, @case, @level, @kind, @on, @by, @detail, @source) ON CONFLICT (source_id) DO NOTHING", transaction);
        var customer = command.Text("@customer");
        var caseId = command.Text("@case");
        var level = command.Add("@level", DbType.Int32);
        var kind = command.Text("@kind");
        var on = command.Date("@on");
        var by = command.Text("@by");
        var detail = command.Text("@detail");
        var source = command.Text("@source");
        foreach (var attempt in attempts)
        {
            customer.Set(attempt.CustomerId);
            caseId.Set(attempt.CaseId);
            level.Value = attempt.Level;
            kind.Value = NameOf(attempt.Kind);
            on.Value = attempt.On;
            by.Set(attempt.By);
            detail.Set(attempt.Detail);
            source.Set(attempt.SourceId);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteTaskListsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<TaskListRecord> lists, CancellationToken cancellationToken)
    {
        if (lists.Count == 0)
        {
            return;
        }

        await using var command = connection.Command(
            "INSERT INTO task_list (user_id, display_name, list_id, delta_link) VALUES (@user, @name, @list, @delta) " +
            "ON CONFLICT (user_id, display_name) DO UPDATE SET list_id = excluded.list_id, delta_link = excluded.delta_link", transaction);
        var user = command.Text("@user");
        var name = command.Text("@name");
        var list = command.Text("@list");
        var delta = command.Text("@delta");
        foreach (var record in lists)
        {
            user.Set(record.UserId);
            name.Set(record.DisplayName);
            list.Set(record.ListId);
            delta.Set(record.DeltaLink);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string NameOf(OutlookAction action) => action switch
    {
        OutlookAction.None => "None",
        OutlookAction.Completed => "Completed",
        OutlookAction.Deleted => "Deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown Outlook action."),
    };

    private static OutlookAction ParseOutlookAction(string text, string caseId) => text switch
    {
        "None" => OutlookAction.None,
        "Completed" => OutlookAction.Completed,
        "Deleted" => OutlookAction.Deleted,
        _ => throw new InvalidDataException($"Collection case {caseId} has an unknown Outlook action '{text}'."),
    };

    private static string NameOf(ContactKind kind) => kind switch
    {
        ContactKind.Email => "Email",
        ContactKind.Task => "Task",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown contact kind."),
    };

    private static ContactKind ParseContactKind(string text, string sourceId) => text switch
    {
        "Email" => ContactKind.Email,
        "Task" => ContactKind.Task,
        _ => throw new InvalidDataException($"Contact attempt {sourceId} has an unknown kind '{text}'."),
    };
}
