using Connector.Mapping.Canonical;
using Connector.Store.Migrations;
using Connector.Sync.Ports;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Store.Tests.Relational;

/// <summary>
/// What every store must do, whatever the database: run by <c>SqliteConnectorStoreTests</c> and
/// <c>PostgresConnectorStoreTests</c> against a real database each, a fresh one per test.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(Start);

    protected IConnectorStore Store { get; private set; } = null!;

    protected string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The migration scripts' dialect folder (<c>sqlite</c>, <c>postgresql</c>).</summary>
    protected abstract string Dialect { get; }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    protected abstract IConnectorStore OpenStore(string connectionString, TimeProvider time);

    /// <summary>Runs a scalar query directly against the database (to look behind the store's back).</summary>
    protected abstract Task<long> ScalarAsync(string connectionString, string sql);

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        Store = OpenStore(ConnectionString, Time);
        await Store.MigrateAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    // ---- migrations

    [Fact]
    public async Task MigrateAsync_FreshDatabase_RecordsEveryScriptOnce()
    {
        var scripts = MigrationScripts.For(Dialect);

        Assert.NotEmpty(scripts);
        Assert.Equal(scripts.Count, await ScalarAsync(ConnectionString, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(scripts[^1].Version, await ScalarAsync(ConnectionString, "SELECT MAX(version) FROM schema_migrations"));
    }

    [Fact]
    public async Task MigrateAsync_SecondRun_KeepsSchemaAndData()
    {
        await Store.CommitAsync(Batch(Invoice("INV-1")), CancellationToken.None);

        await Store.MigrateAsync(CancellationToken.None);
        await using var reopened = OpenStore(ConnectionString, Time);
        await reopened.MigrateAsync(CancellationToken.None);

        Assert.Equal(MigrationScripts.For(Dialect).Count, await ScalarAsync(ConnectionString, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(1, await reopened.CountRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_TwoInstancesAtOnce_MigrateOnce()
    {
        var fresh = await CreateDatabaseAsync();
        await using var first = OpenStore(fresh, Time);
        await using var second = OpenStore(fresh, Time);

        await Task.WhenAll(first.MigrateAsync(CancellationToken.None), second.MigrateAsync(CancellationToken.None));

        Assert.Equal(MigrationScripts.For(Dialect).Count, await ScalarAsync(fresh, "SELECT COUNT(*) FROM schema_migrations"));
    }

    // ---- ledger

    [Fact]
    public async Task CommitAsync_NewRecords_ReadBackEqualValuesAndHashes()
    {
        var plain = Invoice("INV-1");
        var awkward = Invoice("INV-2", po: "PO \u001F with separators \u001E and escapes \u001B, quotes ' \" and ünïcødé");
        var empty = Invoice("INV-3", po: string.Empty);

        await Store.CommitAsync(Batch(plain, awkward, empty), CancellationToken.None);

        foreach (var upsert in new[] { plain, awkward, empty })
        {
            var found = await Store.FindRecordAsync(CanonicalEntity.Invoices, upsert.Record.Key, CancellationToken.None);
            Assert.NotNull(found);
            Assert.Equal(upsert.Record.Values, found.Values);
        }

        var hashes = await Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None);
        Assert.Equal(plain.Hash, hashes["INV-1"]);
        Assert.Equal(awkward.Hash, hashes["INV-2"]);
        Assert.Null((await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-1", CancellationToken.None))!.Values[9]);
    }

    [Fact]
    public async Task CommitAsync_ChangedHash_UpdatesValues()
    {
        await Store.CommitAsync(Batch(Invoice("INV-1", open: "100")), CancellationToken.None);
        var paid = Invoice("INV-1", open: "0");

        await Store.CommitAsync(Batch(paid), CancellationToken.None);

        var found = await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-1", CancellationToken.None);
        Assert.Equal("0", found!.Values[6]);
        Assert.Equal(paid.Hash, (await Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None))["INV-1"]);
        Assert.Equal(1, await Store.CountRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None));
    }

    [Fact]
    public async Task CommitAsync_SameHash_DoesNotRewriteTheRow()
    {
        var stored = Invoice("INV-1", open: "100");
        await Store.CommitAsync(Batch(stored), CancellationToken.None);
        var sameHashOtherValues = new LedgerUpsert(Invoice("INV-1", open: "55").Record, stored.Hash);

        await Store.CommitAsync(Batch(sameHashOtherValues), CancellationToken.None);

        var found = await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-1", CancellationToken.None);
        Assert.Equal("100", found!.Values[6]);
    }

    [Fact]
    public async Task CommitAsync_KeyTwiceInOneBatch_LastRowWins()
    {
        await Store.CommitAsync(Batch(Invoice("INV-1", open: "1"), Invoice("INV-2"), Invoice("INV-1", open: "3")), CancellationToken.None);

        var found = await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-1", CancellationToken.None);
        Assert.Equal("3", found!.Values[6]);
        Assert.Equal(2, await Store.CountRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None));
    }

    [Fact]
    public async Task CommitAsync_150RowsWithAKeyTwiceAndOneStoredChanged_EveryRowAsSentLastOneWins()
    {
        // A batch of many rows with a key twice and a stored key changed: every row lands as sent, the later row of a key wins.
        await Store.CommitAsync(Batch(Invoice("INV-0007", open: "1")), CancellationToken.None);
        var rows = Enumerable.Range(0, 150).Select(i => Invoice($"INV-{i:D4}", open: i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        rows.Insert(20, Invoice("INV-0030", open: "early"));
        rows.Add(Invoice("INV-0149", open: "late"));

        await Store.CommitAsync(Batch([.. rows]), CancellationToken.None);

        Assert.Equal(150, await Store.CountRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None));
        Assert.Equal("7", (await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-0007", CancellationToken.None))!.Values[6]);
        Assert.Equal("30", (await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-0030", CancellationToken.None))!.Values[6]);
        Assert.Equal("late", (await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-0149", CancellationToken.None))!.Values[6]);
        Assert.Equal("148", (await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-0148", CancellationToken.None))!.Values[6]);
        var hashes = await Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None);
        Assert.Equal(rows[^1].Hash, hashes["INV-0149"]);
        Assert.Equal(rows[0].Hash, hashes["INV-0000"]);
    }

    [Fact]
    public async Task CommitAsync_BatchSaysKeysNewButOneIsStored_StoredRowUpdatedNotFailed()
    {
        // Another instance may have landed a key after this one read the ledger: the direct write must still end as an update.
        await Store.CommitAsync(Batch(Invoice("INV-1", open: "100")), CancellationToken.None);

        await Store.CommitAsync(Batch(Invoice("INV-2"), Invoice("INV-1", open: "40")) with { KeysNew = true }, CancellationToken.None);

        Assert.Equal("40", (await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-1", CancellationToken.None))!.Values[6]);
        Assert.Equal(2, await Store.CountRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None));
    }

    [Fact]
    public async Task ReadHashesIntoAsync_StoredRecords_SameKeysAndHashesAsReadHashesAsync()
    {
        await Store.CommitAsync(Batch(Invoice("INV-1"), Invoice("INV-2", open: "5")), CancellationToken.None);
        var handed = new Dictionary<string, UInt128>(StringComparer.Ordinal);

        await Store.ReadHashesIntoAsync(CanonicalEntity.Invoices, (key, hash) => handed.Add(key.ToString(), hash), CancellationToken.None);

        Assert.Equal(await Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None), handed);
    }

    [Fact]
    public async Task CommitAsync_RecordOfAnotherEntity_Throws()
    {
        var customer = Customer("C-1");

        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(Batch(customer), CancellationToken.None));
    }

    [Fact]
    public async Task ReadSourcesAsync_RecordsFromTwoExports_EachNamesTheImportAndLineOfItsCurrentVersion()
    {
        var first = await Store.RegisterLedgerSourceAsync("OPEN_ITEMS.csv", "csv:invoices:aaa", isFile: true, CancellationToken.None);
        var resumed = await Store.RegisterLedgerSourceAsync("OPEN_ITEMS.csv", "csv:invoices:aaa", isFile: true, CancellationToken.None);
        var second = await Store.RegisterLedgerSourceAsync("OPEN_ITEMS.csv", "csv:invoices:bbb", isFile: true, CancellationToken.None);
        await Store.RecordLedgerSourceArchivedAsync("OPEN_ITEMS.csv", "csv:invoices:bbb", "archive/OPEN_ITEMS_bbb.csv", CancellationToken.None);
        await Store.CommitAsync(
            Batch(Invoice("INV-1") with { Line = 2 }, Invoice("INV-2") with { Line = 3 }, Invoice("INV-3") with { Line = 4 }) with { Source = "OPEN_ITEMS.csv", SourceId = first },
            CancellationToken.None);

        // The next export changes INV-2 (line 7) and repeats INV-3 unchanged (line 9); INV-0 lands as a binary before 0017 wrote it.
        await Store.CommitAsync(
            Batch(Invoice("INV-2", open: "50") with { Line = 7 }, Invoice("INV-3") with { Line = 9 }) with { Source = "OPEN_ITEMS.csv", SourceId = second },
            CancellationToken.None);
        await Store.CommitAsync(Batch(Invoice("INV-0")) with { Source = "OLD.csv" }, CancellationToken.None);

        var sources = await Store.ReadSourcesAsync(CanonicalEntity.Invoices, CancellationToken.None);

        Assert.Equal(first, resumed);
        Assert.NotEqual(first, second);
        Assert.Equal((first, 2L, null), (sources["INV-1"].Import?.Id, sources["INV-1"].Line, sources["INV-1"].Import?.ArchivedAs));
        Assert.Equal((second, 7L, "archive/OPEN_ITEMS_bbb.csv"), (sources["INV-2"].Import?.Id, sources["INV-2"].Line, sources["INV-2"].Import?.ArchivedAs));
        Assert.Equal((first, 4L), (sources["INV-3"].Import?.Id, sources["INV-3"].Line));
        Assert.Equal(("OPEN_ITEMS.csv", "csv:invoices:bbb", true, Time.GetUtcNow()), (sources["INV-2"].Import!.Name, sources["INV-2"].Import!.UnitKey, sources["INV-2"].Import!.IsFile, sources["INV-2"].Import!.FirstReadAt));
        Assert.Equal(new LedgerRowSource("OLD.csv", null, null), sources["INV-0"]);
        Assert.Empty(await Store.ReadSourcesAsync(CanonicalEntity.Payments, CancellationToken.None));
    }

    [Fact]
    public async Task ReadSourcesAsync_SomeKeys_AnswersOnlyThoseInTheLedgerAcrossQueryChunks()
    {
        var import = await Store.RegisterLedgerSourceAsync("OPEN_ITEMS.csv", "csv:invoices:ccc", isFile: true, CancellationToken.None);
        var invoices = Enumerable.Range(1, 1_200).Select(n => Invoice($"INV-{n}") with { Line = n + 1 }).ToArray();
        await Store.CommitAsync(Batch(invoices) with { Source = "OPEN_ITEMS.csv", SourceId = import }, CancellationToken.None);

        // 1,100 keys (more than one query's worth), one twice, one not in the ledger.
        string[] keys = [.. Enumerable.Range(100, 1_099).Select(n => $"INV-{n}"), "INV-150", "INV-9999"];
        var sources = await Store.ReadSourcesAsync(CanonicalEntity.Invoices, keys, CancellationToken.None);

        Assert.Equal(1_099, sources.Count);
        Assert.Equal((import, 101L), (sources["INV-100"].Import?.Id, sources["INV-100"].Line));
        Assert.Equal(1_199L, sources["INV-1198"].Line);
        Assert.False(sources.ContainsKey("INV-99"));
        Assert.False(sources.ContainsKey("INV-9999"));
        Assert.Empty(await Store.ReadSourcesAsync(CanonicalEntity.Invoices, [], CancellationToken.None));
    }

    [Fact]
    public async Task ReadHashesAsync_OtherEntities_NotIncluded()
    {
        await Store.CommitAsync(Batch(Invoice("INV-1"), Invoice("INV-2")), CancellationToken.None);
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Customers) { Upserts = [Customer("C-1")] }, CancellationToken.None);

        var invoices = await Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None);
        var payments = await Store.ReadHashesAsync(CanonicalEntity.Payments, CancellationToken.None);

        Assert.Equal(["INV-1", "INV-2"], invoices.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(payments);
    }

    [Fact]
    public async Task ReadRecordsAsync_Records_InOrdinalKeyOrder()
    {
        await Store.CommitAsync(Batch(Invoice("b-2"), Invoice("B-10"), Invoice("A-1"), Invoice("a-1")), CancellationToken.None);

        var keys = new List<string>();
        await foreach (var record in Store.ReadRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None))
        {
            Assert.Equal(CanonicalEntity.Invoices, record.Entity);
            keys.Add(record.Key);
        }

        Assert.Equal(["A-1", "B-10", "a-1", "b-2"], keys);
    }

    [Fact]
    public async Task FindRecordAsync_UnknownKeyOrOtherEntity_ReturnsNull()
    {
        await Store.CommitAsync(Batch(Invoice("INV-1")), CancellationToken.None);

        Assert.Null(await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-404", CancellationToken.None));
        Assert.Null(await Store.FindRecordAsync(CanonicalEntity.Payments, "INV-1", CancellationToken.None));
    }

    [Fact]
    public async Task CountRecordsAsync_CountsOneEntity()
    {
        await Store.CommitAsync(Batch(Invoice("INV-1"), Invoice("INV-2"), Invoice("INV-3")), CancellationToken.None);
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Customers) { Upserts = [Customer("C-1")] }, CancellationToken.None);

        Assert.Equal(3, await Store.CountRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None));
        Assert.Equal(1, await Store.CountRecordsAsync(CanonicalEntity.Customers, CancellationToken.None));
        Assert.Equal(0, await Store.CountRecordsAsync(CanonicalEntity.Rates, CancellationToken.None));
    }

    // ---- atomicity and checkpoints

    [Fact]
    public async Task CommitAsync_ResolvingUnknownDeadLetter_StoresNothingOfTheBatch()
    {
        var batch = Batch(Invoice("INV-1"), Invoice("INV-2")) with
        {
            DeadLetters = [Letter("line 3")],
            ResolvedDeadLetters = [987_654],
            Checkpoint = new Checkpoint("csv:invoices:abc", "line 3"),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CommitAsync(batch, CancellationToken.None));

        Assert.Contains("987654", error.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync("csv:invoices:abc");
    }

    [Fact]
    public async Task CommitAsync_DeadLetterViolatingTheSchema_StoresNothingOfTheBatch()
    {
        var batch = Batch(Invoice("INV-1")) with
        {
            DeadLetters = [Letter("line 2"), Letter("line 3") with { Reason = null! }],
            Checkpoint = new Checkpoint("csv:invoices:abc", "line 3"),
        };

        await Assert.ThrowsAnyAsync<Exception>(() => Store.CommitAsync(batch, CancellationToken.None));

        await AssertNothingStoredAsync("csv:invoices:abc");
    }

    [Fact]
    public async Task CommitAsync_CancelledToken_StoresNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var batch = Batch(Invoice("INV-1")) with { Checkpoint = new Checkpoint("csv:invoices:abc", "done") };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CommitAsync(batch, cancelled.Token));

        await AssertNothingStoredAsync("csv:invoices:abc");
    }

    [Fact]
    public async Task CommitAsync_Checkpoint_ReadBackAndOverwritten()
    {
        await Store.CommitAsync(Batch(Invoice("INV-1")) with { Checkpoint = new Checkpoint("sql:invoices", "2025-03-01") }, CancellationToken.None);
        Assert.Equal("2025-03-01", await Store.ReadCheckpointAsync("sql:invoices", CancellationToken.None));

        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { Checkpoint = new Checkpoint("sql:invoices", "2025-03-02") }, CancellationToken.None);

        Assert.Equal("2025-03-02", await Store.ReadCheckpointAsync("sql:invoices", CancellationToken.None));
        Assert.Null(await Store.ReadCheckpointAsync("sql:payments", CancellationToken.None));
    }

    // ---- dead letters

    [Fact]
    public async Task CommitAsync_DeadLetter_ListedWithEveryDetail()
    {
        var raw = new RawRow(["Belegnr", "Betrag"], ["R-17", "12,3,4"], "R-17;\"12,3,4\"");
        var draft = new DeadLetterDraft(CanonicalEntity.Invoices, "invoices_2025.csv", "csv:invoices:abc", "line 17", 17, "R-17", "amount", "amount: expected a decimal like 1234,56, found '12,3,4'", raw);

        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [draft] }, CancellationToken.None);

        var letter = Assert.Single(await Store.ListDeadLettersAsync(new DeadLetterQuery(), CancellationToken.None));
        Assert.Equal((CanonicalEntity.Invoices, "invoices_2025.csv", "csv:invoices:abc", "line 17", 17L, "R-17", "amount"), (letter.Entity, letter.Source, letter.SourceKey, letter.Locator, letter.Line, letter.Key, letter.Field));
        Assert.Equal(draft.Reason, letter.Reason);
        Assert.Equal(raw.Header, letter.Raw.Header);
        Assert.Equal(raw.Values, letter.Raw.Values);
        Assert.Equal(raw.Text, letter.Raw.Text);
        Assert.Equal((DeadLetterStatus.Open, 0, Start, Start), (letter.Status, letter.Attempts, letter.CreatedAt, letter.UpdatedAt));
        Assert.Equal(letter, await Store.FindDeadLetterAsync(letter.Id, CancellationToken.None), new DeadLetterComparer());
    }

    [Fact]
    public async Task CommitAsync_UnsplittableRowWithoutKey_KeepsTextAndNulls()
    {
        var draft = new DeadLetterDraft(CanonicalEntity.Payments, "pay.csv", "csv:payments:x", "line 4", 4, null, null, "unbalanced quote", new RawRow(["id"], null, "\"P-1,12"));

        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Payments) { DeadLetters = [draft] }, CancellationToken.None);

        var letter = Assert.Single(await Store.ListDeadLettersAsync(new DeadLetterQuery(CanonicalEntity.Payments), CancellationToken.None));
        Assert.Null(letter.Key);
        Assert.Null(letter.Field);
        Assert.Null(letter.Raw.Values);
        Assert.Equal("\"P-1,12", letter.Raw.Text);
    }

    [Fact]
    public async Task CommitAsync_SameRowQuarantinedTwice_KeepsOneLetterWithTheNewReason()
    {
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [Letter("line 3", reason: "first")] }, CancellationToken.None);
        Time.Advance(TimeSpan.FromHours(1));

        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [Letter("line 3", reason: "second"), Letter("line 4")] }, CancellationToken.None);

        var letters = await Store.ListDeadLettersAsync(new DeadLetterQuery(), CancellationToken.None);
        Assert.Equal(2, letters.Count);
        var again = letters.Single(l => l.Locator == "line 3");
        Assert.Equal("second", again.Reason);
        Assert.Equal(Start, again.CreatedAt);
        Assert.Equal(Start.AddHours(1), again.UpdatedAt);
    }

    [Fact]
    public async Task CommitAsync_SameLocatorInAnotherSourceOrEntity_KeepsSeparateLetters()
    {
        var other = Letter("line 3") with { SourceKey = "csv:invoices:other-file" };
        var otherEntity = Letter("line 3") with { Entity = CanonicalEntity.Payments };

        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [Letter("line 3"), other, otherEntity] }, CancellationToken.None);

        Assert.Equal(3, (await Store.ListDeadLettersAsync(new DeadLetterQuery(Status: null), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ListDeadLettersAsync_Query_FiltersByEntityStatusAndLimit()
    {
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [Letter("line 1"), Letter("line 2"), Letter("line 3"), Letter("line 1") with { Entity = CanonicalEntity.Payments }] }, CancellationToken.None);
        var first = (await Store.ListDeadLettersAsync(new DeadLetterQuery(), CancellationToken.None))[0];
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { ResolvedDeadLetters = [first.Id] }, CancellationToken.None);

        var openInvoices = await Store.ListDeadLettersAsync(new DeadLetterQuery(CanonicalEntity.Invoices), CancellationToken.None);
        var resolved = await Store.ListDeadLettersAsync(new DeadLetterQuery(Status: DeadLetterStatus.Resolved), CancellationToken.None);
        var everyOne = await Store.ListDeadLettersAsync(new DeadLetterQuery(Status: null), CancellationToken.None);
        var limited = await Store.ListDeadLettersAsync(new DeadLetterQuery(Status: null, Limit: 2), CancellationToken.None);

        Assert.Equal(["line 2", "line 3"], openInvoices.Select(l => l.Locator));
        Assert.Equal(first.Id, Assert.Single(resolved).Id);
        Assert.Equal(4, everyOne.Count);
        Assert.Equal(everyOne.Take(2).Select(l => l.Id), limited.Select(l => l.Id));
    }

    [Fact]
    public async Task FindDeadLetterAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await Store.FindDeadLetterAsync(42, CancellationToken.None));
    }

    [Fact]
    public async Task CountDeadLettersAsync_CountsByEntityAndStatus()
    {
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [Letter("line 1"), Letter("line 2"), Letter("line 1") with { Entity = CanonicalEntity.Customers }] }, CancellationToken.None);

        Assert.Equal(3, await Store.CountDeadLettersAsync(null, DeadLetterStatus.Open, CancellationToken.None));
        Assert.Equal(2, await Store.CountDeadLettersAsync(CanonicalEntity.Invoices, DeadLetterStatus.Open, CancellationToken.None));
        Assert.Equal(0, await Store.CountDeadLettersAsync(CanonicalEntity.Invoices, DeadLetterStatus.Resolved, CancellationToken.None));
    }

    [Fact]
    public async Task PurgeDeadLettersAsync_GivenIds_DeletesOnlyThose()
    {
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [Letter("line 1"), Letter("line 2"), Letter("line 3")] }, CancellationToken.None);
        var letters = await Store.ListDeadLettersAsync(new DeadLetterQuery(), CancellationToken.None);

        var purged = await Store.PurgeDeadLettersAsync([letters[0].Id, letters[2].Id, 999_999], null, null, CancellationToken.None);

        Assert.Equal(2, purged);
        Assert.Equal("line 2", Assert.Single(await Store.ListDeadLettersAsync(new DeadLetterQuery(), CancellationToken.None)).Locator);
    }

    [Fact]
    public async Task PurgeDeadLettersAsync_NoIds_DeletesEveryOneOfTheEntityAndStatus()
    {
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [Letter("line 1"), Letter("line 2"), Letter("line 1") with { Entity = CanonicalEntity.Payments }] }, CancellationToken.None);
        var resolvedOne = (await Store.ListDeadLettersAsync(new DeadLetterQuery(CanonicalEntity.Invoices), CancellationToken.None))[0];
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { ResolvedDeadLetters = [resolvedOne.Id] }, CancellationToken.None);

        var purged = await Store.PurgeDeadLettersAsync(null, CanonicalEntity.Invoices, DeadLetterStatus.Open, CancellationToken.None);

        Assert.Equal(1, purged);
        var left = await Store.ListDeadLettersAsync(new DeadLetterQuery(Status: null), CancellationToken.None);
        Assert.Equal([(CanonicalEntity.Invoices, DeadLetterStatus.Resolved), (CanonicalEntity.Payments, DeadLetterStatus.Open)], left.Select(l => (l.Entity, l.Status)));
    }

    [Fact]
    public async Task CommitAsync_RetryLandsTheRow_LetterResolvedWithTheRecord()
    {
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [Letter("line 3")] }, CancellationToken.None);
        var letter = Assert.Single(await Store.ListDeadLettersAsync(new DeadLetterQuery(), CancellationToken.None));
        Time.Advance(TimeSpan.FromMinutes(5));

        await Store.CommitAsync(Batch(Invoice("INV-3")) with { ResolvedDeadLetters = [letter.Id] }, CancellationToken.None);

        var resolved = await Store.FindDeadLetterAsync(letter.Id, CancellationToken.None);
        Assert.Equal((DeadLetterStatus.Resolved, 1, Start.AddMinutes(5)), (resolved!.Status, resolved.Attempts, resolved.UpdatedAt));
        Assert.Equal(0, await Store.CountDeadLettersAsync(null, DeadLetterStatus.Open, CancellationToken.None));
        Assert.NotNull(await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-3", CancellationToken.None));
    }

    [Fact]
    public async Task CommitAsync_RetryFailsAgain_CountsTheAttemptWithTheNewReason()
    {
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [Letter("line 3", reason: "date: found 31/02")] }, CancellationToken.None);
        var letter = Assert.Single(await Store.ListDeadLettersAsync(new DeadLetterQuery(), CancellationToken.None));

        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { RetryFailures = [new DeadLetterRetryFailure(letter.Id, "currency", "currency: expected 3 letters, found 'EURO'")] }, CancellationToken.None);
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { RetryFailures = [new DeadLetterRetryFailure(letter.Id, null, "customer C-9 unknown")] }, CancellationToken.None);

        var failed = await Store.FindDeadLetterAsync(letter.Id, CancellationToken.None);
        Assert.Equal((DeadLetterStatus.Open, 2, null, "customer C-9 unknown"), (failed!.Status, failed.Attempts, failed.Field, failed.Reason));
    }

    [Fact]
    public async Task GroupDeadLettersAsync_ManyRowsWithOneReason_OneGroupWithCountIdsAndLines()
    {
        var missing = "header has no column 'Amount' (mapped to invoices.amount)";
        var letters = Enumerable.Range(2, 500).Select(line => Letter($"line {line}", reason: missing)).Append(Letter("line 900"));
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [.. letters] }, CancellationToken.None);
        var ids = (await Store.ListDeadLettersAsync(new DeadLetterQuery(Limit: 1000), CancellationToken.None)).Select(static l => l.Id).ToList();

        var groups = await Store.GroupDeadLettersAsync(new DeadLetterQuery(CanonicalEntity.Invoices), CancellationToken.None);

        Assert.Equal(
            [
                new DeadLetterGroup(CanonicalEntity.Invoices, DeadLetterStatus.Open, "amount", missing, 500, ids[0], ids[499], "invoices.csv", "invoices.csv", 2, 501),
                new DeadLetterGroup(CanonicalEntity.Invoices, DeadLetterStatus.Open, "amount", "amount: expected a decimal, found 'x'", 1, ids[500], ids[500], "invoices.csv", "invoices.csv", 900, 900),
            ],
            groups);
        Assert.Empty(await Store.GroupDeadLettersAsync(new DeadLetterQuery(CanonicalEntity.Payments), CancellationToken.None));
    }

    [Fact]
    public async Task CommitAsync_RecordLandsUnderAKeyAnotherFilesLetterRecorded_ThatLetterResolvedWithAnAuditEvent()
    {
        var keyed = Letter("line 3") with { Key = "INV-9" };
        var sameFile = Letter("line 4") with { Key = "INV-9", SourceKey = "csv:invoices:new" };
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [keyed, Letter("line 5")] }, CancellationToken.None);
        Assert.Equal(["INV-9"], await Store.ReadOpenLetterKeysAsync(CanonicalEntity.Invoices, CancellationToken.None));
        Time.Advance(TimeSpan.FromMinutes(1));

        await Store.CommitAsync(
            Batch(Invoice("INV-9")) with { DeadLetters = [sameFile], Supersessions = [new Supersession("INV-9", "csv:invoices:new", "OP_2.csv line 7")] },
            CancellationToken.None);

        var letters = await Store.ListDeadLettersAsync(new DeadLetterQuery(Status: null), CancellationToken.None);
        Assert.Equal(
            [
                ("line 3", DeadLetterStatus.Resolved, "amount: expected a decimal, found 'x'; superseded by OP_2.csv line 7"),
                ("line 5", DeadLetterStatus.Open, "amount: expected a decimal, found 'x'"),
                ("line 4", DeadLetterStatus.Open, "amount: expected a decimal, found 'x'"),
            ],
            letters.Select(static l => (l.Locator, l.Status, l.Reason)));
        var audit = Assert.Single(await Store.ReadAuditAsync($"deadletter:{letters[0].Id}", 10, CancellationToken.None));
        Assert.Equal(new AuditEvent(Start.AddMinutes(1), "ingest", "deadletter.superseded", $"deadletter:{letters[0].Id}", "open", "resolved", "superseded by OP_2.csv line 7"), audit.Event);
    }

    [Fact]
    public async Task CommitAsync_UnitReadInFull_ResolvesItsFileLetterOnly()
    {
        var file = new DeadLetterDraft(CanonicalEntity.Invoices, "OP_1.csv", "csv:invoices:abc", "file", null, null, null, "empty file: no header row", new RawRow([], null, null) { File = "archive/OP_1_abc.csv" });
        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [file, Letter("line 3")] }, CancellationToken.None);

        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { Source = "OP_1.csv", ResolvedUnitLetters = ["csv:invoices:abc"] }, CancellationToken.None);

        var letters = await Store.ListDeadLettersAsync(new DeadLetterQuery(Status: null), CancellationToken.None);
        Assert.Equal([("file", DeadLetterStatus.Resolved, "archive/OP_1_abc.csv"), ("line 3", DeadLetterStatus.Open, null)], letters.Select(static l => (l.Locator, l.Status, l.Raw.File)));
        Assert.Equal("read in full from OP_1.csv", Assert.Single(await Store.ReadAuditAsync($"deadletter:{letters[0].Id}", 10, CancellationToken.None)).Event.Reason);
    }

    [Fact]
    public async Task CommitAsync_WithdrawnSourceKey_DeletesItsCheckpointAndOpenLettersAndKeepsItsRecords()
    {
        await Store.CommitAsync(Batch(Invoice("INV-1")) with { DeadLetters = [Letter("line 3")], Checkpoint = new Checkpoint("csv:invoices:abc", "line:3") }, CancellationToken.None);

        await Store.CommitAsync(new LedgerBatch(CanonicalEntity.Invoices) { DeadLetters = [Letter("line 4")], WithdrawnSourceKey = "csv:invoices:abc" }, CancellationToken.None);

        Assert.Null(await Store.ReadCheckpointAsync("csv:invoices:abc", CancellationToken.None));
        Assert.Empty(await Store.ListDeadLettersAsync(new DeadLetterQuery(Status: null), CancellationToken.None));
        Assert.NotNull(await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-1", CancellationToken.None));
    }

    // ---- audit

    [Fact]
    public async Task AppendAsync_Events_ReadNewestFirstWithEveryField()
    {
        var first = new AuditEvent(Start, "admin", "deadletters.purge", "deadletter:4", "open", null, "bad export");
        var second = new AuditEvent(Start.AddMinutes(1), "connector", "credit.hold", "customer:C-1", "released", "held", "overdue > 60 days");

        var firstId = await Store.AppendAsync(first, CancellationToken.None);
        var secondId = await Store.AppendAsync(second, CancellationToken.None);

        var events = await Store.ReadAuditAsync(null, 10, CancellationToken.None);
        Assert.True(secondId > firstId);
        Assert.Equal([secondId, firstId], events.Select(e => e.Id));
        Assert.Equal([second, first], events.Select(e => e.Event));
    }

    [Fact]
    public async Task ReadAuditAsync_Subject_OnlyThatSubjectUpToTheLimit()
    {
        foreach (var subject in new[] { "customer:C-1", "customer:C-2", "customer:C-1", "customer:C-1" })
        {
            await Store.AppendAsync(new AuditEvent(Start, "connector", "credit.check", subject, null, null, null), CancellationToken.None);
        }

        var events = await Store.ReadAuditAsync("customer:C-1", 2, CancellationToken.None);

        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("customer:C-1", e.Event.Subject));
        Assert.True(events[0].Id > events[1].Id);
    }

    // ---- outbox

    [Fact]
    public async Task EnqueueAsync_NewItems_PendingOldestFirstPerTarget()
    {
        var queued = await Store.EnqueueAsync([Item("C-1", "a"), Item("C-2", "b"), Item("C-3", "c") with { Target = "graph:task" }], CancellationToken.None);

        var pending = await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None);
        var limited = await Store.ReadPendingAsync("dataverse:account", 1, CancellationToken.None);

        Assert.Equal(3, queued);
        Assert.Equal([Item("C-1", "a"), Item("C-2", "b")], pending.Select(e => e.Item));
        Assert.Equal((0, null, Start), (pending[0].Attempts, pending[0].LastError, pending[0].CreatedAt));
        Assert.Equal("C-1", Assert.Single(limited).Item.Key);
    }

    [Fact]
    public async Task ReadPendingAfterAsync_EntriesQueuedSince_OnlyThoseOfTheTargetInIdOrder()
    {
        await Store.EnqueueAsync([Item("C-1", "a"), Item("C-2", "b")], CancellationToken.None);
        var seen = (await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None)).Max(e => e.Id);
        await Store.EnqueueAsync([Item("C-3", "c"), Item("C-1", "a2"), Item("C-4", "d") with { Target = "graph:task" }], CancellationToken.None);

        var since = await Store.ReadPendingAfterAsync("dataverse:account", seen, 10, CancellationToken.None);
        var limited = await Store.ReadPendingAfterAsync("dataverse:account", seen, 1, CancellationToken.None);

        // C-1's new payload replaced its pending entry, so it counts as queued since.
        Assert.Equal([Item("C-3", "c"), Item("C-1", "a2")], since.Select(e => e.Item));
        Assert.True(since[0].Id < since[1].Id);
        Assert.Equal("C-3", Assert.Single(limited).Item.Key);
    }

    [Fact]
    public async Task EnqueueAsync_ChangedItemForPendingKey_ReplacesThePendingEntry()
    {
        await Store.EnqueueAsync([Item("C-1", "old")], CancellationToken.None);
        var before = Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));

        var queued = await Store.EnqueueAsync([Item("C-1", "new")], CancellationToken.None);

        var after = Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));
        Assert.Equal(1, queued);
        Assert.Equal("new", after.Item.Payload);
        Assert.NotEqual(before.Id, after.Id);
    }

    [Fact]
    public async Task MarkSentAsync_Sent_RemovedAndTheSamePayloadIsNotQueuedAgain()
    {
        await Store.EnqueueAsync([Item("C-1", "a"), Item("C-2", "b")], CancellationToken.None);
        var pending = await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None);

        await Store.MarkSentAsync([.. pending.Select(e => e.Id)], CancellationToken.None);
        var unchanged = await Store.EnqueueAsync([Item("C-1", "a"), Item("C-2", "b")], CancellationToken.None);
        var changed = await Store.EnqueueAsync([Item("C-1", "a2"), Item("C-2", "b")], CancellationToken.None);

        Assert.Equal((0, 1), (unchanged, changed));
        Assert.Equal("a2", Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None)).Item.Payload);
    }

    [Fact]
    public async Task EnqueueAsync_BackToWhatWasLastSent_DropsThePendingChange()
    {
        await Store.EnqueueAsync([Item("C-1", "a")], CancellationToken.None);
        await Store.MarkSentAsync([(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None))[0].Id], CancellationToken.None);
        await Store.EnqueueAsync([Item("C-1", "b")], CancellationToken.None);

        var queued = await Store.EnqueueAsync([Item("C-1", "a")], CancellationToken.None);

        Assert.Equal(0, queued);
        Assert.Empty(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));
    }

    [Fact]
    public async Task MarkSentAsync_IdReplacedWhileSending_KeepsTheNewPayloadPending()
    {
        await Store.EnqueueAsync([Item("C-1", "a")], CancellationToken.None);
        var sending = Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));
        await Store.EnqueueAsync([Item("C-1", "b")], CancellationToken.None);

        await Store.MarkSentAsync([sending.Id], CancellationToken.None);

        Assert.Equal("b", Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None)).Item.Payload);
    }

    [Fact]
    public async Task MarkFailedAsync_Failure_CountsTheAttemptAndKeepsTheEntry()
    {
        await Store.EnqueueAsync([Item("C-1", "a")], CancellationToken.None);
        var entry = Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));

        await Store.MarkFailedAsync(entry.Id, "429 Too Many Requests", CancellationToken.None);
        await Store.MarkFailedAsync(entry.Id, "503 Service Unavailable", CancellationToken.None);

        var failed = Assert.Single(await Store.ReadPendingAsync("dataverse:account", 10, CancellationToken.None));
        Assert.Equal((entry.Id, 2, "503 Service Unavailable"), (failed.Id, failed.Attempts, failed.LastError));
    }

    // ---- builders

    protected static LedgerUpsert Invoice(string id, string open = "100", string? po = null)
    {
        string?[] values = [id, "C-1", "invoice", "2025-01-15", "2025-02-14", "100", open, "EUR", po, null, "open"];
        return new LedgerUpsert(new CanonicalRecord(CanonicalEntity.Invoices, id, values), RowHash.Of(values));
    }

    protected static LedgerBatch Batch(params LedgerUpsert[] upserts) => new(CanonicalEntity.Invoices) { Upserts = upserts, Source = "invoices.csv" };

    private static LedgerUpsert Customer(string id)
    {
        string?[] values = [id, "Acme", "EUR", "30", "10000", null, "B", null, null, null, "false", "false"];
        return new LedgerUpsert(new CanonicalRecord(CanonicalEntity.Customers, id, values), RowHash.Of(values));
    }

    private static DeadLetterDraft Letter(string locator, string reason = "amount: expected a decimal, found 'x'") =>
        new(CanonicalEntity.Invoices, "invoices.csv", "csv:invoices:abc", locator, long.Parse(locator[5..], System.Globalization.CultureInfo.InvariantCulture), null, "amount", reason, new RawRow(["id", "amount"], ["INV-9", "x"], null));

    private static OutboxItem Item(string key, string payload) =>
        new("dataverse:account", key, payload, RowHash.Of([payload]));

    private async Task AssertNothingStoredAsync(string checkpointKey)
    {
        Assert.Equal(0, await Store.CountRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None));
        Assert.Equal(0, await Store.CountDeadLettersAsync(null, DeadLetterStatus.Open, CancellationToken.None));
        Assert.Null(await Store.ReadCheckpointAsync(checkpointKey, CancellationToken.None));
    }

    /// <summary>Dead letters compare by value except the raw row, whose lists are compared item by item.</summary>
    private sealed class DeadLetterComparer : IEqualityComparer<DeadLetter?>
    {
        public bool Equals(DeadLetter? x, DeadLetter? y) =>
            x is not null && y is not null
            && x with { Raw = y.Raw } == y
            && x.Raw.Header.SequenceEqual(y.Raw.Header)
            && (x.Raw.Values ?? []).SequenceEqual(y.Raw.Values ?? [])
            && x.Raw.Text == y.Raw.Text;

        public int GetHashCode(DeadLetter? obj) => obj?.Id.GetHashCode() ?? 0;
    }
}
