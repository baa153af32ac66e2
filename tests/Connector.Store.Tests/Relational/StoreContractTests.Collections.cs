using Connector.Domain.Collections;
using Connector.Mapping.Canonical;
using Connector.Store.Migrations;
using Connector.Store.Relational;
using Connector.Sync.Ports;

namespace Connector.Store.Tests.Relational;

/// <summary>The collections state (<see cref="ICollectionsState"/>): cases, placements, Outlook actions, lists, contact attempts.</summary>
public abstract partial class StoreContractTests
{
    private const string TaskTarget = "graph:task";
    private const string MailTarget = "graph:mail";

    private static readonly TaskPlacement AcmeTask = new("CASE-C-1", "jane@contoso.example", "list-jane", "task-1");

    // ---- migration 0021

    [Fact]
    public async Task ReadCasesChangedSinceAsync_CasesWrittenBeforeAndAfter_GivesOnlyThoseWrittenSinceWithWhenAndTheClosedOnes()
    {
        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1"), Snapshot("CASE-C-2", "s1")] }, CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(10));
        var since = Time.GetUtcNow();
        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Snapshot("CASE-C-3", "s2"), new CaseSnapshot("CASE-C-1", "C-1", null)] }, CancellationToken.None);

        var changed = await Store.ReadCasesChangedSinceAsync(since, CancellationToken.None);

        Assert.NotNull(changed);
        Assert.Equal(["CASE-C-1", "CASE-C-3"], changed.Select(static c => c.Case.CaseId));
        Assert.Null(changed[0].Case.Snapshot);
        Assert.NotNull(changed[1].Case.Snapshot);
        Assert.All(changed, c => Assert.Equal(since, c.UpdatedAt));
        Assert.Empty((await Store.ReadCasesChangedSinceAsync(since.AddSeconds(1), CancellationToken.None))!);
    }

    // ---- migration 0003

    [Fact]
    public async Task MigrateAsync_DatabaseOfTheSecondRelease_AddsCollectionsAndKeepsTheData()
    {
        var fresh = await CreateDatabaseAsync();
        await using var old = (RelationalConnectorStore)OpenStore(fresh, Time);
        await old.MigrateToAsync(2, CancellationToken.None);
        await old.EnqueueAsync([TaskItem("CASE-C-1", "v1")], CancellationToken.None);
        await old.CommitReadBackAsync(new ReadBackCommit { Set = [new ManualAction(ManualActionKinds.Hold, "C-1", "cli:jdoe", null, new DateOnly(2025, 3, 1), null)] }, CancellationToken.None);

        await using var upgraded = OpenStore(fresh, Time);
        await upgraded.MigrateAsync(CancellationToken.None);

        Assert.Equal(MigrationScripts.For(Dialect).Count, await ScalarAsync(fresh, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Single(await upgraded.ReadManualActionsAsync(CancellationToken.None));
        var pending = Assert.Single(await upgraded.ReadPendingAsync(TaskTarget, 10, CancellationToken.None));
        await upgraded.RecordTaskWrittenAsync(pending.Id, AcmeTask, CancellationToken.None);
        Assert.Equal(AcmeTask, Assert.Single(await upgraded.ReadCasesAsync(CancellationToken.None)).Placement);
    }

    // ---- plans

    [Fact]
    public async Task CommitCollectionsAsync_CasesOutboxAndAudit_StoredTogetherAndQueuedCounted()
    {
        var audit = new AuditEvent(Start, "connector", "collections.task", "case:CASE-C-2", null, "level 1", "61 days overdue");

        var queued = await Store.CommitCollectionsAsync(
            new CollectionsCommit
            {
                Cases = [Snapshot("CASE-C-2", "{\"level\":1}"), Snapshot("CASE-C-1", "{\"level\":2,\"note\":\"'quoted' ünïcødé\"}")],
                Outbox = [TaskItem("CASE-C-2", "t2"), TaskItem("CASE-C-1", "t1"), new(MailTarget, "CASE-C-1:2", "mail", RowHash.Of(["mail"]))],
                Audit = [audit],
            },
            CancellationToken.None);

        Assert.Equal(3, queued);
        var cases = await Store.ReadCasesAsync(CancellationToken.None);
        Assert.Equal(["CASE-C-1", "CASE-C-2"], cases.Select(c => c.CaseId));
        Assert.Equal("{\"level\":2,\"note\":\"'quoted' ünïcødé\"}", cases[0].Snapshot);
        Assert.All(cases, c => Assert.True(c.IsOpen));
        Assert.All(cases, c => Assert.Null(c.Placement));
        Assert.All(cases, c => Assert.Equal(OutlookAction.None, c.OutlookAction));
        Assert.Equal("C-2", cases[1].CustomerId);
        Assert.Equal(["CASE-C-2", "CASE-C-1"], (await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None)).Select(e => e.Item.Key));
        Assert.Equal("mail", Assert.Single(await Store.ReadPendingAsync(MailTarget, 10, CancellationToken.None)).Item.Payload);
        Assert.Equal(audit, Assert.Single(await Store.ReadAuditAsync(null, 10, CancellationToken.None)).Event);
    }

    [Fact]
    public async Task CommitCollectionsAsync_TaskAsLastSent_NotQueuedAgain()
    {
        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1")], Outbox = [TaskItem("CASE-C-1", "t1")] }, CancellationToken.None);
        var pending = Assert.Single(await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None));
        await Store.RecordTaskWrittenAsync(pending.Id, AcmeTask, CancellationToken.None);

        var queued = await Store.CommitCollectionsAsync(
            new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1 again")], Outbox = [TaskItem("CASE-C-1", "t1"), TaskItem("CASE-C-2", "t2")] },
            CancellationToken.None);

        Assert.Equal(1, queued);
        Assert.Equal(["CASE-C-2"], (await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None)).Select(e => e.Item.Key));
        Assert.Equal("s1 again", Assert.Single(await Store.ReadCasesAsync(CancellationToken.None)).Snapshot);
    }

    [Fact]
    public async Task CommitCollectionsAsync_ClosedCase_KeepsPlacement()
    {
        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1")], Outbox = [TaskItem("CASE-C-1", "t1")] }, CancellationToken.None);
        await Store.RecordTaskWrittenAsync((await Store.ReadPendingAsync(TaskTarget, 1, CancellationToken.None))[0].Id, AcmeTask, CancellationToken.None);
        await Store.CommitTaskReadBackAsync(new TaskReadBackCommit { Actions = [new CaseOutlookAction("CASE-C-1", OutlookAction.Completed, 2)] }, CancellationToken.None);

        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [new CaseSnapshot("CASE-C-1", "C-1", null)] }, CancellationToken.None);

        var closed = Assert.Single(await Store.ReadCasesAsync(CancellationToken.None));
        Assert.False(closed.IsOpen);
        Assert.Null(closed.Snapshot);
        Assert.Equal(AcmeTask, closed.Placement);
        Assert.Equal(OutlookAction.Completed, closed.OutlookAction);
        Assert.Equal(2, closed.OutlookActionLevel);
    }

    [Fact]
    public async Task CommitCollectionsAsync_InvalidCase_StoresNothingOfTheCommit()
    {
        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1")] }, CancellationToken.None);
        var failing = new CollectionsCommit
        {
            Cases = [Snapshot("CASE-C-1", "s2"), Snapshot("CASE-C-2", "s2"), new CaseSnapshot(null!, "C-3", "s3")],
            Outbox = [TaskItem("CASE-C-1", "t1")],
            Audit = [new AuditEvent(Start, "connector", "collections.task", "case:CASE-C-1", null, "level 1", null)],
        };

        await Assert.ThrowsAnyAsync<Exception>(() => Store.CommitCollectionsAsync(failing, CancellationToken.None));

        Assert.Equal("s1", Assert.Single(await Store.ReadCasesAsync(CancellationToken.None)).Snapshot);
        Assert.Empty(await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None));
        Assert.Empty(await Store.ReadAuditAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task CommitCollectionsAsync_CancelledToken_StoresNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var commit = new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1")], Outbox = [TaskItem("CASE-C-1", "t1")] };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CommitCollectionsAsync(commit, cancelled.Token));

        Assert.Empty(await Store.ReadCasesAsync(CancellationToken.None));
        Assert.Empty(await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None));
    }

    // ---- task written, mail sent

    [Fact]
    public async Task RecordTaskWrittenAsync_PendingTask_MarkedSentAndPlacementStored()
    {
        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1")], Outbox = [TaskItem("CASE-C-1", "t1")] }, CancellationToken.None);
        var pending = Assert.Single(await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None));

        await Store.RecordTaskWrittenAsync(pending.Id, AcmeTask, CancellationToken.None);

        Assert.Empty(await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None));
        Assert.Equal(TaskItem("CASE-C-1", "t1").PayloadHash, (await Store.ReadSentHashesAsync(TaskTarget, CancellationToken.None))["CASE-C-1"]);
        var stored = Assert.Single(await Store.ReadCasesAsync(CancellationToken.None));
        Assert.Equal(AcmeTask, stored.Placement);
        Assert.Equal("s1", stored.Snapshot);
    }

    [Fact]
    public async Task RecordTasksWrittenAsync_Batch_EveryEntrySentAndOnlyPlacedCasesRead()
    {
        await Store.CommitCollectionsAsync(
            new CollectionsCommit
            {
                Cases = [Snapshot("CASE-C-1", "s1"), Snapshot("CASE-C-2", "s2"), Snapshot("CASE-C-3", "s3")],
                Outbox = [TaskItem("CASE-C-1", "t1"), TaskItem("CASE-C-2", "t2"), TaskItem("CASE-C-3", "t3")],
            },
            CancellationToken.None);
        var pending = (await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None)).ToDictionary(static e => e.Item.Key);
        var second = AcmeTask with { CaseId = "CASE-C-2", TaskId = "task-2" };

        await Store.RecordTasksWrittenAsync([new WrittenTask(pending["CASE-C-1"].Id, AcmeTask), new WrittenTask(pending["CASE-C-2"].Id, second)], CancellationToken.None);

        Assert.Equal(["CASE-C-3"], (await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None)).Select(static e => e.Item.Key));
        Assert.Equal([AcmeTask, second], await Store.ReadTaskPlacementsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RecordTaskWrittenAsync_Twice_SamePlacementNoError()
    {
        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1")], Outbox = [TaskItem("CASE-C-1", "t1")] }, CancellationToken.None);
        var pending = Assert.Single(await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None));
        await Store.RecordTaskWrittenAsync(pending.Id, AcmeTask, CancellationToken.None);

        await Store.RecordTaskWrittenAsync(pending.Id, AcmeTask, CancellationToken.None);

        Assert.Equal(AcmeTask, Assert.Single(await Store.ReadCasesAsync(CancellationToken.None)).Placement);
        Assert.Equal(TaskItem("CASE-C-1", "t1").PayloadHash, Assert.Single(await Store.ReadSentHashesAsync(TaskTarget, CancellationToken.None)).Value);
    }

    [Fact]
    public async Task RecordTaskWrittenAsync_EntryReplacedMeanwhile_StoresPlacementAndKeepsTheNewPayloadPending()
    {
        await Store.EnqueueAsync([TaskItem("CASE-C-1", "t1")], CancellationToken.None);
        var first = Assert.Single(await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None));
        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s2")], Outbox = [TaskItem("CASE-C-1", "t2")] }, CancellationToken.None);

        await Store.RecordTaskWrittenAsync(first.Id, AcmeTask, CancellationToken.None);

        Assert.Equal("t2", Assert.Single(await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None)).Item.Payload);
        Assert.Empty(await Store.ReadSentHashesAsync(TaskTarget, CancellationToken.None));
        Assert.Equal(AcmeTask, Assert.Single(await Store.ReadCasesAsync(CancellationToken.None)).Placement);
    }

    [Fact]
    public async Task RecordTaskWrittenAsync_CaseNeverPlanned_AddsItWithoutSnapshot()
    {
        await Store.RecordTaskWrittenAsync(404, AcmeTask, CancellationToken.None);

        var stored = Assert.Single(await Store.ReadCasesAsync(CancellationToken.None));
        Assert.Equal(AcmeTask, stored.Placement);
        Assert.False(stored.IsOpen);
    }

    [Fact]
    public async Task RecordMailSentAsync_Twice_MarkedSentAndRecordedOnce()
    {
        var mail = new OutboxItem(MailTarget, "CASE-C-1:2", "mail", RowHash.Of(["mail"]));
        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1")], Outbox = [mail] }, CancellationToken.None);
        var pending = Assert.Single(await Store.ReadPendingAsync(MailTarget, 10, CancellationToken.None));
        var attempt = new StoredContactAttempt("C-1", "CASE-C-1", 2, ContactKind.Email, new DateOnly(2025, 3, 14), "ar@contoso.example", "Second reminder", "mail:CASE-C-1:2");

        await Store.RecordMailSentAsync(pending.Id, attempt, CancellationToken.None);
        await Store.RecordMailSentAsync(pending.Id, attempt, CancellationToken.None);

        Assert.Empty(await Store.ReadPendingAsync(MailTarget, 10, CancellationToken.None));
        Assert.Equal(mail.PayloadHash, (await Store.ReadSentHashesAsync(MailTarget, CancellationToken.None))["CASE-C-1:2"]);
        Assert.Equal([attempt], await Store.ReadContactAttemptsAsync(CancellationToken.None));
        Assert.Equal(0, await Store.CommitCollectionsAsync(new CollectionsCommit { Outbox = [mail] }, CancellationToken.None));
    }

    [Fact]
    public async Task RecordMailSentAsync_WithContentAndCharges_KeepsTheEmailWholeOnceAndQueuesTheChargesOnce()
    {
        var mail = new OutboxItem(MailTarget, "CASE-C-1|L3|2025-03-14", "mail", RowHash.Of(["mail"]));
        await Store.CommitCollectionsAsync(new CollectionsCommit { Outbox = [mail] }, CancellationToken.None);
        var pending = Assert.Single(await Store.ReadPendingAsync(MailTarget, 10, CancellationToken.None));
        var attempt = new StoredContactAttempt("C-1", "CASE-C-1", 3, ContactKind.Email, new DateOnly(2025, 3, 14), "ar@contoso.example", "Second notice", "CASE-C-1|L3|2025-03-14");
        var sent = new SentMail(
            "CASE-C-1|L3|2025-03-14", "C-1", "CASE-C-1", 3, new DateOnly(2025, 3, 14), new DateTimeOffset(2025, 3, 14, 6, 0, 5, TimeSpan.Zero),
            "ar@contoso.example", ["ap@acme.example", "cfo@acme.example"], ["collector@contoso.example"], "Second notice", "<p>Dear Acme — 12 400,00 €</p>");
        var charge = new OutboxItem("erp:dunning-charge", "CASE-C-1|L3|2025-03-14|INV-1", "{}", RowHash.Of(["charge"]));

        await Store.RecordMailSentAsync(pending.Id, attempt, sent, [charge], CancellationToken.None);
        await Store.RecordMailSentAsync(pending.Id, attempt, sent, [charge], CancellationToken.None);

        var kept = Assert.Single(await Store.ReadSentMailAsync("C-1", CancellationToken.None));
        Assert.Equal((sent.Key, sent.Level, sent.On, sent.SentAt, sent.FromMailbox, sent.Subject, sent.HtmlBody), (kept.Key, kept.Level, kept.On, kept.SentAt, kept.FromMailbox, kept.Subject, kept.HtmlBody));
        Assert.Equal(sent.To, kept.To);
        Assert.Equal(sent.Cc, kept.Cc);
        Assert.Empty(await Store.ReadSentMailAsync("C-2", CancellationToken.None));
        Assert.Equal("CASE-C-1|L3|2025-03-14|INV-1", Assert.Single(await Store.ReadPendingAsync("erp:dunning-charge", 10, CancellationToken.None)).Item.Key);
        Assert.Equal([attempt], await Store.ReadContactAttemptsAsync(CancellationToken.None));
    }

    // ---- read-back

    [Fact]
    public async Task CommitTaskReadBackAsync_AdoptedUnknownCase_StoredWithoutSnapshotUntilPlanned()
    {
        await Store.CommitTaskReadBackAsync(new TaskReadBackCommit { Adopted = [AcmeTask] }, CancellationToken.None);
        var adopted = Assert.Single(await Store.ReadCasesAsync(CancellationToken.None));
        Assert.Equal(AcmeTask, adopted.Placement);
        Assert.False(adopted.IsOpen);

        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1")] }, CancellationToken.None);

        var planned = Assert.Single(await Store.ReadCasesAsync(CancellationToken.None));
        Assert.Equal(("C-1", "s1", AcmeTask), (planned.CustomerId, planned.Snapshot, planned.Placement));
    }

    [Fact]
    public async Task CommitTaskReadBackAsync_Actions_SetThenClearedByNone()
    {
        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1"), Snapshot("CASE-C-2", "s2")] }, CancellationToken.None);
        await Store.CommitTaskReadBackAsync(
            new TaskReadBackCommit { Actions = [new CaseOutlookAction("CASE-C-1", OutlookAction.Completed, 1), new CaseOutlookAction("CASE-C-2", OutlookAction.Deleted, 3)] },
            CancellationToken.None);

        await Store.CommitTaskReadBackAsync(new TaskReadBackCommit { Actions = [new CaseOutlookAction("CASE-C-1", OutlookAction.None, 1)] }, CancellationToken.None);

        var cases = await Store.ReadCasesAsync(CancellationToken.None);
        Assert.Equal([(OutlookAction.None, (int?)null), (OutlookAction.Deleted, 3)], cases.Select(c => (c.OutlookAction, c.OutlookActionLevel)));
    }

    [Fact]
    public async Task CommitTaskReadBackAsync_ForgottenCase_NextEnqueueIsQueuedAgain()
    {
        await Store.CommitCollectionsAsync(
            new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1"), Snapshot("CASE-C-2", "s2")], Outbox = [TaskItem("CASE-C-1", "t1"), TaskItem("CASE-C-2", "t2")] },
            CancellationToken.None);
        await Store.EnqueueAsync([Item("CASE-C-1", "other target, same key")], CancellationToken.None);
        var pending = await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None);
        await Store.RecordTaskWrittenAsync(pending[0].Id, AcmeTask, CancellationToken.None);
        await Store.RecordTaskWrittenAsync(pending[1].Id, AcmeTask with { CaseId = "CASE-C-2", TaskId = "task-2" }, CancellationToken.None);
        await Store.MarkSentAsync([(await Store.ReadPendingAsync("dataverse:account", 1, CancellationToken.None))[0].Id], CancellationToken.None);

        await Store.CommitTaskReadBackAsync(
            new TaskReadBackCommit { Actions = [new CaseOutlookAction("CASE-C-1", OutlookAction.Deleted, 1)], Forgotten = ["CASE-C-1"] },
            CancellationToken.None);

        var cases = await Store.ReadCasesAsync(CancellationToken.None);
        Assert.Null(cases[0].Placement);
        Assert.Equal(OutlookAction.Deleted, cases[0].OutlookAction);
        Assert.Equal("task-2", cases[1].Placement?.TaskId);
        Assert.Equal(["CASE-C-2"], (await Store.ReadSentHashesAsync(TaskTarget, CancellationToken.None)).Keys);
        Assert.Equal(["CASE-C-1"], (await Store.ReadSentHashesAsync("dataverse:account", CancellationToken.None)).Keys);
        Assert.Equal(1, await Store.CommitCollectionsAsync(new CollectionsCommit { Outbox = [TaskItem("CASE-C-1", "t1"), TaskItem("CASE-C-2", "t2")] }, CancellationToken.None));
        Assert.Equal("CASE-C-1", Assert.Single(await Store.ReadPendingAsync(TaskTarget, 10, CancellationToken.None)).Item.Key);
    }

    [Fact]
    public async Task CommitTaskReadBackAsync_SameContactAttemptTwice_RecordedOnce()
    {
        var completed = new StoredContactAttempt("C-1", "CASE-C-1", 1, ContactKind.Task, new DateOnly(2025, 3, 12), "jane@contoso.example", null, "task-1@2025-03-12T10:00:00Z");

        await Store.CommitTaskReadBackAsync(new TaskReadBackCommit { ContactAttempts = [completed] }, CancellationToken.None);
        await Store.CommitTaskReadBackAsync(new TaskReadBackCommit { ContactAttempts = [completed with { Detail = "replayed" }] }, CancellationToken.None);

        Assert.Equal([completed], await Store.ReadContactAttemptsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadContactAttemptsAsync_SeveralDays_OldestFirstWithKindAsText()
    {
        var later = new StoredContactAttempt("C-2", "CASE-C-2", 3, ContactKind.Email, new DateOnly(2025, 3, 14), "ar@contoso.example", "Final notice", "mail:CASE-C-2:3");
        var earlier = new StoredContactAttempt("C-1", "CASE-C-1", 1, ContactKind.Task, new DateOnly(2025, 2, 28), "jane@contoso.example", null, "task-1@1");
        var sameDay = earlier with { CaseId = "CASE-C-3", CustomerId = "C-3", SourceId = "task-3@1" };

        await Store.CommitTaskReadBackAsync(new TaskReadBackCommit { ContactAttempts = [later, earlier] }, CancellationToken.None);
        await Store.CommitTaskReadBackAsync(new TaskReadBackCommit { ContactAttempts = [sameDay] }, CancellationToken.None);

        Assert.Equal([earlier, sameDay, later], await Store.ReadContactAttemptsAsync(CancellationToken.None));
        Assert.Equal(1, await ScalarAsync(ConnectionString, "SELECT COUNT(*) FROM contact_attempt WHERE kind = 'Email'"));
        Assert.Equal(2, await ScalarAsync(ConnectionString, "SELECT COUNT(*) FROM contact_attempt WHERE kind = 'Task'"));
    }

    [Fact]
    public async Task CommitTaskReadBackAsync_ListsAndAudit_StoredTogether()
    {
        var audit = new AuditEvent(Start, "outlook:jane@contoso.example", "collections.contact", "case:CASE-C-1", null, "task completed", null);
        var list = new TaskListRecord("jane@contoso.example", "Collections", "list-jane", "https://graph.microsoft.com/v1.0/users/jane/todo/lists/list-jane/tasks/delta?$deltatoken=abc%3D");

        await Store.CommitTaskReadBackAsync(new TaskReadBackCommit { Audit = [audit], Lists = [list] }, CancellationToken.None);

        Assert.Equal([list], await Store.ReadTaskListsAsync(CancellationToken.None));
        Assert.Equal(audit, Assert.Single(await Store.ReadAuditAsync("case:CASE-C-1", 10, CancellationToken.None)).Event);
    }

    [Fact]
    public async Task CommitTaskReadBackAsync_LastPartFails_StoresNothingOfTheCommit()
    {
        await Store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Snapshot("CASE-C-1", "s1")], Outbox = [TaskItem("CASE-C-1", "t1")] }, CancellationToken.None);
        await Store.RecordTaskWrittenAsync((await Store.ReadPendingAsync(TaskTarget, 1, CancellationToken.None))[0].Id, AcmeTask, CancellationToken.None);
        var failing = new TaskReadBackCommit
        {
            Adopted = [AcmeTask with { CaseId = "CASE-C-2" }],
            Actions = [new CaseOutlookAction("CASE-C-1", OutlookAction.Deleted, 1)],
            Forgotten = ["CASE-C-1"],
            ContactAttempts = [new StoredContactAttempt("C-1", "CASE-C-1", 1, ContactKind.Task, new DateOnly(2025, 3, 12), "jane@contoso.example", null, "task-1@1")],
            Audit = [new AuditEvent(Start, "outlook:jane@contoso.example", "collections.deleted", "case:CASE-C-1", null, null, null)],
            Lists = [new TaskListRecord("jane@contoso.example", "Collections", "list-jane", "link-1"), new TaskListRecord(null!, "Collections", "list-x", null)],
        };

        await Assert.ThrowsAnyAsync<Exception>(() => Store.CommitTaskReadBackAsync(failing, CancellationToken.None));

        var stored = Assert.Single(await Store.ReadCasesAsync(CancellationToken.None));
        Assert.Equal((AcmeTask, OutlookAction.None), (stored.Placement, stored.OutlookAction));
        Assert.Equal(["CASE-C-1"], (await Store.ReadSentHashesAsync(TaskTarget, CancellationToken.None)).Keys);
        Assert.Empty(await Store.ReadContactAttemptsAsync(CancellationToken.None));
        Assert.Empty(await Store.ReadAuditAsync(null, 10, CancellationToken.None));
        Assert.Empty(await Store.ReadTaskListsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SaveTaskListAsync_SameUserAndName_ReplacesTheRecord()
    {
        await Store.SaveTaskListAsync(new TaskListRecord("jane@contoso.example", "Collections", "list-1", null), CancellationToken.None);
        await Store.SaveTaskListAsync(new TaskListRecord("jane@contoso.example", "Archive", "list-9", null), CancellationToken.None);
        var moved = new TaskListRecord("jane@contoso.example", "Collections", "list-2", "link-2");

        await Store.SaveTaskListAsync(moved, CancellationToken.None);

        Assert.Equal([new TaskListRecord("jane@contoso.example", "Archive", "list-9", null), moved], await Store.ReadTaskListsAsync(CancellationToken.None));
    }

    private static CaseSnapshot Snapshot(string caseId, string snapshot) => new(caseId, caseId["CASE-".Length..], snapshot);

    private static OutboxItem TaskItem(string caseId, string payload) => new(TaskTarget, caseId, payload, RowHash.Of([payload]));
}
