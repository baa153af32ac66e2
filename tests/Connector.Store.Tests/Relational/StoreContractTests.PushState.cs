using Connector.Mapping.Canonical;
using Connector.Store.Migrations;
using Connector.Store.Relational;
using Connector.Sync.Ports;

namespace Connector.Store.Tests.Relational;

/// <summary>The push state (<see cref="IPushState"/>): manual actions, hold states, Dataverse ids, commits, quarantine.</summary>
public abstract partial class StoreContractTests
{
    private const string DeltaKey = "dataverse:delta:account";

    private static readonly Guid AcmeId = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
    private static readonly Guid GlobexId = Guid.Parse("00000000-0000-0000-0000-0000000000a1");

    // ---- migration 0002

    [Fact]
    public async Task MigrateAsync_DatabaseOfTheFirstRelease_AddsPushStateAndKeepsTheData()
    {
        var fresh = await CreateDatabaseAsync();
        await using var old = (RelationalConnectorStore)OpenStore(fresh, Time);
        await old.MigrateToAsync(1, CancellationToken.None);
        await old.CommitAsync(Batch(Invoice("INV-1")) with { Checkpoint = new Checkpoint("csv:invoices", "line 2") }, CancellationToken.None);
        await old.EnqueueAsync([Item("C-1", "sent"), Item("C-2", "pending")], CancellationToken.None);
        await old.MarkSentAsync([1], CancellationToken.None); // the first id of a fresh database: C-1 (reading pending needs 0002)
        Assert.Equal(1, await ScalarAsync(fresh, "SELECT COUNT(*) FROM schema_migrations"));

        await using var upgraded = OpenStore(fresh, Time);
        await upgraded.MigrateAsync(CancellationToken.None);

        Assert.Equal(MigrationScripts.For(Dialect).Count, await ScalarAsync(fresh, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(1, await upgraded.CountRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None));
        Assert.Equal("line 2", await upgraded.ReadCheckpointAsync("csv:invoices", CancellationToken.None));
        Assert.Equal(Item("C-1", "sent").PayloadHash, (await upgraded.ReadSentHashesAsync("dataverse:account", CancellationToken.None))["C-1"]);
        var pending = Assert.Single(await upgraded.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));
        Assert.Equal("C-2", pending.Item.Key);
        await upgraded.QuarantineAsync(pending.Id, "400 Bad Request", CancellationToken.None);
        Assert.Empty(await upgraded.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));
        Assert.Empty(await upgraded.ReadManualActionsAsync(CancellationToken.None));
    }

    // ---- read-back

    [Fact]
    public async Task CommitReadBackAsync_SetActions_ReadBackWithDatesAndNulls()
    {
        var hold = new ManualAction(ManualActionKinds.Hold, "C-2", "dynamics:Jane Doe", null, new DateOnly(2025, 3, 1), null);
        var release = new ManualAction(ManualActionKinds.Release, "C-1", "cli:jdoe", "paid by cheque, see ticket 'T-9'", new DateOnly(2025, 2, 28), new DateOnly(9999, 12, 31));
        var both = release with { CustomerId = "C-2", Until = new DateOnly(2025, 4, 1) };

        await Store.CommitReadBackAsync(new ReadBackCommit { Set = [hold, release, both] }, CancellationToken.None);

        Assert.Equal([release, hold, both], await Store.ReadManualActionsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CommitReadBackAsync_SetAgainAndCleared_KeepsTheLatestStateOnly()
    {
        var hold = new ManualAction(ManualActionKinds.Hold, "C-1", "dynamics:Jane Doe", "disputed", new DateOnly(2025, 3, 1), null);
        var release = new ManualAction(ManualActionKinds.Release, "C-2", "cli:jdoe", "promised payment", new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 15));
        await Store.CommitReadBackAsync(new ReadBackCommit { Set = [hold, release] }, CancellationToken.None);
        var holdAgain = hold with { By = "dynamics:John Roe", Reason = null, On = new DateOnly(2025, 3, 10) };

        await Store.CommitReadBackAsync(
            new ReadBackCommit { Set = [holdAgain], Cleared = [(ManualActionKinds.Release, "C-2"), (ManualActionKinds.Hold, "C-404")] },
            CancellationToken.None);

        Assert.Equal([holdAgain], await Store.ReadManualActionsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CommitReadBackAsync_EveryPart_StoredTogether()
    {
        var hold = new ManualAction(ManualActionKinds.Hold, "C-1", "dynamics:Jane Doe", "disputed", new DateOnly(2025, 3, 1), null);
        var audit = new AuditEvent(Start, "dynamics:Jane Doe", "hold.manual", "customer:C-1", "released", "held", "disputed");

        await Store.CommitReadBackAsync(
            new ReadBackCommit
            {
                Set = [hold],
                Audit = [audit, audit with { Subject = "customer:C-2" }],
                RecordIds = [new DataverseRecordId("account", "C-1", AcmeId)],
                DeltaLink = new Checkpoint(DeltaKey, "https://org.example/api/data/v9.2/accounts?$deltatoken=919042%2108%2f22%2f2017"),
            },
            CancellationToken.None);

        Assert.Equal([hold], await Store.ReadManualActionsAsync(CancellationToken.None));
        Assert.Equal([audit with { Subject = "customer:C-2" }, audit], (await Store.ReadAuditAsync(null, 10, CancellationToken.None)).Select(e => e.Event));
        Assert.Equal(AcmeId, (await Store.ReadRecordIdsAsync("account", CancellationToken.None))["C-1"]);
        Assert.EndsWith("$deltatoken=919042%2108%2f22%2f2017", await Store.ReadCheckpointAsync(DeltaKey, CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitReadBackAsync_NoDeltaLink_KeepsTheStoredOne()
    {
        await Store.CommitReadBackAsync(new ReadBackCommit { DeltaLink = new Checkpoint(DeltaKey, "link-1") }, CancellationToken.None);

        await Store.CommitReadBackAsync(new ReadBackCommit { Cleared = [(ManualActionKinds.Hold, "C-1")] }, CancellationToken.None);

        Assert.Equal("link-1", await Store.ReadCheckpointAsync(DeltaKey, CancellationToken.None));
    }

    [Fact]
    public async Task CommitReadBackAsync_LastPartFails_StoresNothingOfTheCommit()
    {
        var kept = new ManualAction(ManualActionKinds.Release, "C-9", "cli:jdoe", "promised", new DateOnly(2025, 3, 1), null);
        await Store.CommitReadBackAsync(new ReadBackCommit { Set = [kept], DeltaLink = new Checkpoint(DeltaKey, "link-1") }, CancellationToken.None);
        var failing = new ReadBackCommit
        {
            Set = [new ManualAction(ManualActionKinds.Hold, "C-1", "dynamics:Jane Doe", null, new DateOnly(2025, 3, 2), null)],
            Cleared = [(ManualActionKinds.Release, "C-9")],
            Audit = [new AuditEvent(Start, "dynamics:Jane Doe", "hold.manual", "customer:C-1", null, "held", null)],
            RecordIds = [new DataverseRecordId("account", "C-1", AcmeId), new DataverseRecordId(null!, "C-2", GlobexId)],
            DeltaLink = new Checkpoint(DeltaKey, "link-2"),
        };

        await Assert.ThrowsAnyAsync<Exception>(() => Store.CommitReadBackAsync(failing, CancellationToken.None));

        Assert.Equal([kept], await Store.ReadManualActionsAsync(CancellationToken.None));
        Assert.Empty(await Store.ReadAuditAsync(null, 10, CancellationToken.None));
        Assert.Empty(await Store.ReadRecordIdsAsync("account", CancellationToken.None));
        Assert.Equal("link-1", await Store.ReadCheckpointAsync(DeltaKey, CancellationToken.None));
    }

    [Fact]
    public async Task CommitReadBackAsync_CancelledToken_StoresNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var commit = new ReadBackCommit
        {
            Set = [new ManualAction(ManualActionKinds.Hold, "C-1", "dynamics:Jane Doe", null, new DateOnly(2025, 3, 2), null)],
            DeltaLink = new Checkpoint(DeltaKey, "link-1"),
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CommitReadBackAsync(commit, cancelled.Token));

        Assert.Empty(await Store.ReadManualActionsAsync(CancellationToken.None));
        Assert.Null(await Store.ReadCheckpointAsync(DeltaKey, CancellationToken.None));
    }

    [Fact]
    public async Task ReadRecordIdsAsync_IdsLearnt_OnePerKeyAndTable()
    {
        var otherId = Guid.Parse("F0E1D2C3-B4A5-9687-7869-5A4B3C2D1E0F");
        await Store.CommitReadBackAsync(
            new ReadBackCommit { RecordIds = [new DataverseRecordId("account", "C-1", AcmeId), new DataverseRecordId("account", "C-2", GlobexId), new DataverseRecordId("arc_invoice", "C-1", otherId)] },
            CancellationToken.None);

        await Store.CommitReadBackAsync(new ReadBackCommit { RecordIds = [new DataverseRecordId("account", "C-2", otherId)] }, CancellationToken.None);

        var accounts = await Store.ReadRecordIdsAsync("account", CancellationToken.None);
        Assert.Equal([("C-1", AcmeId), ("C-2", otherId)], accounts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
        Assert.Equal(otherId, Assert.Single(await Store.ReadRecordIdsAsync("arc_invoice", CancellationToken.None)).Value);
        Assert.Empty(await Store.ReadRecordIdsAsync("contact", CancellationToken.None));
    }

    [Fact]
    public async Task CommitReadBackAsync_RecordDeletedInDynamics_ForgetsItsIdAndWhatWasSent()
    {
        await Store.EnqueueAsync([Item("C-1", "a"), Item("C-2", "b")], CancellationToken.None);
        var pending = await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None);
        await Store.MarkSentAsync([.. pending.Select(p => p.Id)], CancellationToken.None);
        await Store.CommitReadBackAsync(new ReadBackCommit { RecordIds = [new DataverseRecordId("account", "C-1", AcmeId), new DataverseRecordId("account", "C-2", GlobexId)] }, CancellationToken.None);

        await Store.CommitReadBackAsync(new ReadBackCommit { Forgotten = [new DataverseRecordId("account", "C-1", AcmeId)] }, CancellationToken.None);

        Assert.Equal(["C-2"], (await Store.ReadSentHashesAsync("dataverse:account", CancellationToken.None)).Keys);
        Assert.Equal(["C-2"], (await Store.ReadRecordIdsAsync("account", CancellationToken.None)).Keys);
        Assert.Equal(1, await Store.EnqueueAsync([Item("C-1", "a"), Item("C-2", "b")], CancellationToken.None));
    }

    // ---- evaluation

    [Fact]
    public async Task CommitEvaluationAsync_HoldStatuses_GivenOnesReplacedOthersUntouched()
    {
        await Store.CommitEvaluationAsync(
            new EvaluationCommit { HoldStatuses = [new("C-1", true, "OVERDUE_60", new DateOnly(2025, 3, 1)), new("C-2", false, string.Empty, null)] },
            CancellationToken.None);
        var released = new StoredHoldStatus("C-1", false, string.Empty, null);
        var held = new StoredHoldStatus("C-3", true, "OVER_LIMIT;OVERDUE_60", new DateOnly(2025, 3, 14));

        await Store.CommitEvaluationAsync(new EvaluationCommit { HoldStatuses = [released, held] }, CancellationToken.None);

        Assert.Equal([released, new("C-2", false, string.Empty, null), held], await Store.ReadHoldStatusesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CommitEvaluationAsync_OutboxHoldsAndAudit_StoredTogetherAndQueuedCounted()
    {
        await Store.EnqueueAsync([Item("C-1", "a")], CancellationToken.None);
        await Store.MarkSentAsync([(await Store.ReadPendingAsync("dataverse:account", 1, CancellationToken.None))[0].Id], CancellationToken.None);
        var audit = new AuditEvent(Start, "connector", "credit.hold", "customer:C-2", "released", "held", "OVERDUE_60");

        var queued = await Store.CommitEvaluationAsync(
            new EvaluationCommit
            {
                Outbox = [Item("C-1", "a"), Item("C-2", "b")],
                HoldStatuses = [new("C-2", true, "OVERDUE_60", new DateOnly(2025, 3, 14))],
                Audit = [audit],
            },
            CancellationToken.None);

        Assert.Equal(1, queued);
        Assert.Equal("C-2", Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None)).Item.Key);
        Assert.True(Assert.Single(await Store.ReadHoldStatusesAsync(CancellationToken.None)).OnHold);
        Assert.Equal(audit, Assert.Single(await Store.ReadAuditAsync(null, 10, CancellationToken.None)).Event);
    }

    [Fact]
    public async Task CommitEvaluationAsync_AuditFails_StoresNothingOfTheCommit()
    {
        var failing = new EvaluationCommit
        {
            Outbox = [Item("C-1", "a")],
            HoldStatuses = [new("C-1", true, "OVERDUE_60", new DateOnly(2025, 3, 14))],
            Audit = [new AuditEvent(Start, null!, "credit.hold", "customer:C-1", null, null, null)],
        };

        await Assert.ThrowsAnyAsync<Exception>(() => Store.CommitEvaluationAsync(failing, CancellationToken.None));

        Assert.Empty(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));
        Assert.Empty(await Store.ReadHoldStatusesAsync(CancellationToken.None));
        Assert.Empty(await Store.ReadAuditAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task ReadSentHashesAsync_SentEntries_HashesOfThatTargetOnly()
    {
        await Store.EnqueueAsync([Item("C-1", "a"), Item("C-2", "b"), Item("C-3", "c") with { Target = "graph:task" }, Item("C-4", "d")], CancellationToken.None);
        var pending = await Store.ReadPendingAsync("dataverse:account", 2, CancellationToken.None);
        await Store.MarkSentAsync([.. pending.Select(e => e.Id), .. (await Store.ReadPendingAsync("graph:task", 1, CancellationToken.None)).Select(e => e.Id)], CancellationToken.None);

        var sent = await Store.ReadSentHashesAsync("dataverse:account", CancellationToken.None);

        Assert.Equal([("C-1", Item("C-1", "a").PayloadHash), ("C-2", Item("C-2", "b").PayloadHash)], sent.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
        Assert.Empty(await Store.ReadSentHashesAsync("dataverse:contact", CancellationToken.None));
    }

    // ---- quarantine

    [Fact]
    public async Task QuarantineAsync_Entry_NoLongerPendingAndListedWithTheReason()
    {
        await Store.EnqueueAsync([Item("C-1", "a"), Item("C-2", "b")], CancellationToken.None);
        var entry = (await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None))[0];
        await Store.MarkFailedAsync(entry.Id, "503 Service Unavailable", CancellationToken.None);

        await Store.QuarantineAsync(entry.Id, "400 0x80040237: creditlimit must not be negative", CancellationToken.None);

        Assert.Equal("C-2", Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None)).Item.Key);
        var quarantined = Assert.Single(await Store.ReadQuarantinedAsync(null, 10, CancellationToken.None));
        Assert.Equal((entry.Id, entry.Item, 2, "400 0x80040237: creditlimit must not be negative"), (quarantined.Id, quarantined.Item, quarantined.Attempts, quarantined.LastError));
    }

    [Fact]
    public async Task EnqueueAsync_SamePayloadForQuarantinedKey_StaysQuarantined()
    {
        await Store.EnqueueAsync([Item("C-1", "a")], CancellationToken.None);
        var entry = Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));
        await Store.QuarantineAsync(entry.Id, "400 Bad Request", CancellationToken.None);

        await Store.EnqueueAsync([Item("C-1", "a")], CancellationToken.None);
        await Store.CommitEvaluationAsync(new EvaluationCommit { Outbox = [Item("C-1", "a")] }, CancellationToken.None);

        Assert.Empty(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));
        var quarantined = Assert.Single(await Store.ReadQuarantinedAsync(null, 10, CancellationToken.None));
        Assert.Equal((entry.Id, "400 Bad Request"), (quarantined.Id, quarantined.LastError));
    }

    [Fact]
    public async Task EnqueueAsync_ChangedPayloadForQuarantinedKey_PendingAgainAsANewEntry()
    {
        await Store.EnqueueAsync([Item("C-1", "a")], CancellationToken.None);
        var entry = Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));
        await Store.QuarantineAsync(entry.Id, "400 Bad Request", CancellationToken.None);

        var queued = await Store.EnqueueAsync([Item("C-1", "a-fixed")], CancellationToken.None);

        var pending = Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));
        Assert.Equal(1, queued);
        Assert.Equal(("a-fixed", 0, null), (pending.Item.Payload, pending.Attempts, pending.LastError));
        Assert.NotEqual(entry.Id, pending.Id);
        Assert.Empty(await Store.ReadQuarantinedAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task QuarantineAsync_IdReplacedMeanwhile_NewPayloadStaysPending()
    {
        await Store.EnqueueAsync([Item("C-1", "a")], CancellationToken.None);
        var sending = Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));
        await Store.EnqueueAsync([Item("C-1", "b")], CancellationToken.None);

        await Store.QuarantineAsync(sending.Id, "400 Bad Request", CancellationToken.None);

        Assert.Equal("b", Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None)).Item.Payload);
        Assert.Empty(await Store.ReadQuarantinedAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task ReadQuarantinedAsync_TargetAndLimit_OldestFirst()
    {
        await Store.EnqueueAsync([Item("C-1", "a"), Item("C-2", "b") with { Target = "graph:task" }, Item("C-3", "c"), Item("C-4", "d")], CancellationToken.None);
        var entries = (await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None)).Concat(await Store.ReadPendingAsync("graph:task", 10, CancellationToken.None)).ToList();
        foreach (var entry in entries.OrderByDescending(e => e.Id))
        {
            await Store.QuarantineAsync(entry.Id, "400 Bad Request", CancellationToken.None);
        }

        var every = await Store.ReadQuarantinedAsync(null, 10, CancellationToken.None);
        var accounts = await Store.ReadQuarantinedAsync("dataverse:account", 2, CancellationToken.None);

        Assert.Equal(["C-1", "C-2", "C-3", "C-4"], every.Select(e => e.Item.Key));
        Assert.Equal(["C-1", "C-3"], accounts.Select(e => e.Item.Key));
    }

    [Fact]
    public async Task RequeueAsync_QuarantinedIds_PendingAgainAndCounted()
    {
        await Store.EnqueueAsync([Item("C-1", "a"), Item("C-2", "b"), Item("C-3", "c")], CancellationToken.None);
        var entries = await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None);
        await Store.QuarantineAsync(entries[0].Id, "400 Bad Request", CancellationToken.None);
        await Store.QuarantineAsync(entries[1].Id, "400 Bad Request", CancellationToken.None);

        var requeued = await Store.RequeueAsync([entries[0].Id, entries[0].Id, entries[2].Id, 999_999], CancellationToken.None);

        Assert.Equal(1, requeued);
        Assert.Equal(["C-1", "C-3"], (await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None)).Select(e => e.Item.Key));
        Assert.Equal("C-2", Assert.Single(await Store.ReadQuarantinedAsync(null, 10, CancellationToken.None)).Item.Key);
    }

    // ---- enqueue of many items (sent and pending hashes read once per target)

    [Fact]
    public async Task EnqueueAsync_ManyItemsForOneTarget_SameOutcomeAsItemByItem()
    {
        // The same history on two targets; the second then gets enough items for the bulk path.
        const string few = "dataverse:account";
        const string many = "dataverse:contact";
        foreach (var target in new[] { few, many })
        {
            await Store.EnqueueAsync([Item("sent", "s1") with { Target = target }, Item("back", "b1") with { Target = target }], CancellationToken.None);
            await Store.MarkSentAsync([.. (await Store.ReadPendingAsync(target, 10, CancellationToken.None)).Select(e => e.Id)], CancellationToken.None);
            await Store.EnqueueAsync(
                [Item("back", "b2") with { Target = target }, Item("alike", "p1") with { Target = target }, Item("other", "o1") with { Target = target }, Item("held", "q1") with { Target = target }, Item("fixed", "f1") with { Target = target }],
                CancellationToken.None);
            foreach (var entry in (await Store.ReadPendingAsync(target, 10, CancellationToken.None)).Where(e => e.Item.Key is "held" or "fixed"))
            {
                await Store.QuarantineAsync(entry.Id, "400 Bad Request", CancellationToken.None);
            }
        }

        OutboxItem[] scenario = [Item("sent", "s1"), Item("back", "b1"), Item("alike", "p1"), Item("other", "o2"), Item("held", "q1"), Item("fixed", "f2"), Item("new", "n1"), Item("twice", "t1"), Item("twice", "t2")];
        var filler = Enumerable.Range(0, RelationalConnectorStore.BulkEnqueueThreshold).Select(i => Item($"filler-{i}", "x") with { Target = many });

        var queuedFew = await Store.EnqueueAsync([.. scenario.Select(i => i with { Target = few })], CancellationToken.None);
        var queuedMany = await Store.CommitEvaluationAsync(new EvaluationCommit { Outbox = [.. scenario.Select(i => i with { Target = many }), .. filler] }, CancellationToken.None);

        var pendingFew = await Store.ReadPendingAsync(few, 1000, CancellationToken.None);
        var pendingMany = await Store.ReadPendingAsync(many, 1000, CancellationToken.None);
        Assert.Equal((7, 7 + RelationalConnectorStore.BulkEnqueueThreshold), (queuedFew, queuedMany));
        Assert.Equal(["alike:p1", "fixed:f2", "new:n1", "other:o2", "twice:t2"], pendingFew.Select(e => $"{e.Item.Key}:{e.Item.Payload}").Order(StringComparer.Ordinal));
        Assert.Equal(pendingFew.Select(e => $"{e.Item.Key}:{e.Item.Payload}").Order(StringComparer.Ordinal), pendingMany.Where(e => !e.Item.Key.StartsWith("filler-", StringComparison.Ordinal)).Select(e => $"{e.Item.Key}:{e.Item.Payload}").Order(StringComparer.Ordinal));
        Assert.Equal(["held", "held"], (await Store.ReadQuarantinedAsync(null, 10, CancellationToken.None)).Select(e => e.Item.Key));
    }
}
