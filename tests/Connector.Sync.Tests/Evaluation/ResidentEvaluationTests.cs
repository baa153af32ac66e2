using System.Globalization;
using Connector.Domain.Evaluation;
using Connector.Mapping.Canonical;
using Connector.Store;
using Connector.Sync.Credit;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;
using Connector.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Sync.Tests.Evaluation;

/// <summary>
/// The evaluation <c>connector run</c> keeps between cycles, on a real SQLite store: after the first cycle only the rows an
/// ingest stored since are read, only the customers they touch are evaluated, and the result — down to the credit
/// snapshot published to the other instances — is the full evaluation's of the same store.
/// </summary>
public sealed class ResidentEvaluationTests : IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 11, 16);
    private static readonly EvaluationPolicies Policies = new() { Company = new() { Currency = "USD" } };
    private readonly TempDirectory directory = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero));
    private IConnectorStore store = null!;

    public async Task InitializeAsync()
    {
        store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = directory.Path }, time, CancellationToken.None);
        await CommitAsync(CanonicalEntity.Collectors, [Collector("COL-1", "Anna"), Collector("COL-2", "Ben")]);
        await CommitAsync(CanonicalEntity.Customers, Enumerable.Range(1, 40).Select(i => Customer(i)));
        await CommitAsync(CanonicalEntity.Rates, [new CanonicalRecord(CanonicalEntity.Rates, "EUR|2026-11-13", ["EUR", "2026-11-13", "1.0856"])]);
        await CommitAsync(CanonicalEntity.Invoices, Enumerable.Range(1, 400).Select(i => Invoice(i, open: 250m + i)));
    }

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        directory.Dispose();
    }

    [Fact]
    public async Task EvaluateAsync_SecondCycleAfterOneInvoiceChanged_ReadsAndEvaluatesOnlyThatCustomerAndEqualsAFullEvaluation()
    {
        var resident = new ResidentEvaluation(time);
        var first = await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);
        Assert.Equal(new ResidentEvaluationStep(LedgerReadWhole: true, RowsRead: 443, CustomersChanged: 40, Incremental: false, CustomersEvaluated: 40), resident.LastStep);
        Assert.Equal(Describe(await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf, CancellationToken.None, first.KeptCollectors)), Describe(first));

        // The next cycle's ingest: invoice 7 (customer C07, in no group) is now 200 days overdue.
        time.Advance(TimeSpan.FromMinutes(15));
        await CommitAsync(CanonicalEntity.Invoices, [Invoice(7, open: 99_000m, dueDaysAgo: 200)]);
        var second = await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);

        // The rows stored within the overlap of the last change seen are read again once (here: all of the setup, stored
        // at one instant) and found unchanged; only C07 is evaluated.
        Assert.Equal(new ResidentEvaluationStep(LedgerReadWhole: false, RowsRead: 443, CustomersChanged: 1, Incremental: true, CustomersEvaluated: 1), resident.LastStep);

        // The plan evaluates again only the accounts the revision built afresh: C07 and its group's C17; 38 cases kept.
        Assert.Equal(2, resident.LastStep!.CasesEvaluated);
        var fresh = await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf, CancellationToken.None, second.KeptCollectors);
        Assert.True(fresh.Credit.Find("C07")!.Hold.OnHold);
        Assert.False(first.Credit.Find("C07")!.Hold.OnHold);
        Assert.Equal(Describe(fresh), Describe(second));
        Assert.Equal(Published(fresh), Published(second));

        // A cycle later the overlap holds only the last change: invoice 7 again (unchanged) and the new one.
        time.Advance(TimeSpan.FromMinutes(15));
        await CommitAsync(CanonicalEntity.Invoices, [Invoice(8, open: 1m)]);
        var third = await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);
        Assert.Equal(new ResidentEvaluationStep(LedgerReadWhole: false, RowsRead: 2, CustomersChanged: 1, Incremental: true, CustomersEvaluated: 1), resident.LastStep);
        Assert.Equal(2, resident.LastStep!.CasesEvaluated);
        Assert.Equal(Describe(await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf, CancellationToken.None, third.KeptCollectors)), Describe(third));
    }

    [Fact]
    public async Task EvaluateAsync_ChildOfAGroupChanged_EvaluatesTheGroupAndEqualsAFullEvaluation()
    {
        var resident = new ResidentEvaluation(time);
        await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);

        // C12's parent is C02: the parent's group exposure moves with its child's invoice.
        time.Advance(TimeSpan.FromMinutes(15));
        await CommitAsync(CanonicalEntity.Invoices, [Invoice(12, open: 500_000m)]);
        await CommitAsync(CanonicalEntity.Customers, [new CanonicalRecord(CanonicalEntity.Customers, "C30", [.. Customer(30).Values.Select((v, i) => i == 4 ? "1" : v)])]);
        var second = await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);

        // C12 and C30 changed; the customers whose case the plan now gives another collector are evaluated with them.
        Assert.False(resident.LastStep!.LedgerReadWhole);
        Assert.True(resident.LastStep.Incremental);
        Assert.Equal(2, resident.LastStep.CustomersChanged);
        Assert.InRange(resident.LastStep.CustomersEvaluated, 2, 10);
        var fresh = await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf, CancellationToken.None, second.KeptCollectors);
        Assert.Equal(Describe(fresh), Describe(second));
        Assert.Equal(Published(fresh), Published(second));
    }

    [Fact]
    public async Task EvaluateAsync_NewCustomerOrNewDay_ReadsOrEvaluatesEverythingAgain()
    {
        var resident = new ResidentEvaluation(time);
        await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(15));
        await CommitAsync(CanonicalEntity.Customers, [Customer(41)]);
        var withNewCustomer = await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);
        Assert.True(resident.LastStep!.LedgerReadWhole);
        Assert.False(resident.LastStep.Incremental);
        Assert.Equal(Describe(await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf, CancellationToken.None, withNewCustomer.KeptCollectors)), Describe(withNewCustomer));

        var nextDay = await resident.EvaluateAsync(store, Policies, AsOf.AddDays(1), CancellationToken.None);
        Assert.False(resident.LastStep.LedgerReadWhole);
        Assert.False(resident.LastStep.Incremental);
        Assert.Equal(Describe(await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf.AddDays(1), CancellationToken.None, nextDay.KeptCollectors)), Describe(nextDay));
    }

    [Fact]
    public async Task EvaluateAsync_BankStatementPaymentArrivedBetweenCycles_LedgerReadWholeWithThePaymentAndEqualsAFullEvaluation()
    {
        var resident = new ResidentEvaluation(time);
        await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);

        // The bank's statement (its own table, not the ledger's rows) brings a credit between two cycles.
        time.Advance(TimeSpan.FromMinutes(15));
        var entry = new BankStatementEntry
        {
            Locator = "Stmt 1 Ntry 1",
            Account = "DE89370400440532013000",
            Amount = 1_234.56m,
            Currency = "USD",
            IsCredit = true,
            BookingDate = AsOf,
            BankReference = "BANKREF-1",
            Remittance = "INV-0007",
        };
        await ((IBankStatementStore)store).CommitBankStatementAsync(
            new BankStatementBatch("camt053.xml", "bank:camt053.xml") { Entries = [new StoredBankEntry("E1", "BNK-000000000001", "camt.053.001.02", "camt053.xml", entry)] },
            CancellationToken.None);
        var second = await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);

        Assert.True(resident.LastStep!.LedgerReadWhole);
        var fresh = await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf, CancellationToken.None, second.KeptCollectors);
        Assert.Contains(second.Ledger.UnassignedPayments.Concat(second.Ledger.Accounts.SelectMany(a => a.Payments)), p => p.Id == "BNK-000000000001");
        Assert.Equal(Describe(fresh), Describe(second));

        // Nothing new the cycle after: the bank's payment stays in the resident ledger without a whole read.
        time.Advance(TimeSpan.FromMinutes(15));
        await CommitAsync(CanonicalEntity.Invoices, [Invoice(8, open: 1m)]);
        var third = await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);
        Assert.False(resident.LastStep.LedgerReadWhole);
        Assert.Equal(Describe(await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf, CancellationToken.None, third.KeptCollectors)), Describe(third));
    }

    [Fact]
    public async Task EvaluateAsync_PaymentTwinsStored_LaterCyclesEvaluateOnlyTheChangedCustomersAndEqualAFullEvaluation()
    {
        // The bank's credit and the ERP's record of the same money (C07's), recognised as one payment: the ERP's stays.
        var entry = new BankStatementEntry
        {
            Locator = "Stmt 1 Ntry 1",
            Account = "DE89370400440532013000",
            Amount = 700m,
            Currency = "USD",
            IsCredit = true,
            BookingDate = AsOf,
            BankReference = "BANKREF-7",
            Remittance = "INV-0007",
        };
        await ((IBankStatementStore)store).CommitBankStatementAsync(
            new BankStatementBatch("camt053.xml", "bank:camt053.xml") { Entries = [new StoredBankEntry("E1", "BNK-000000000007", "camt.053.001.02", "camt053.xml", entry)] },
            CancellationToken.None);
        await CommitAsync(CanonicalEntity.Payments, [new CanonicalRecord(CanonicalEntity.Payments, "PAY-7", ["PAY-7", "C07", "2026-11-16", "700", "USD", null, "0"])]);
        await store.LinkPaymentTwinsAsync(
            [new StoredPaymentTwin { BankPaymentId = "BNK-000000000007", ErpPaymentId = "PAY-7", Kept = StoredPaymentTwin.KeepErp, Rule = "amount_customer_date", Explanation = "test", LinkedBy = "connector", LinkedAt = time.GetUtcNow() }],
            [new AuditEvent(time.GetUtcNow(), "connector", "cash.twin-recognised", "payment:BNK-000000000007", null, "PAY-7", "test")],
            CancellationToken.None);

        var resident = new ResidentEvaluation(time);
        var first = await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);
        var folded = first.Ledger.Find("C07")!.Payments.Single(p => p.Id == "PAY-7");
        Assert.Equal("BANKREF-7", folded.BankReference);
        Assert.DoesNotContain(first.Ledger.UnassignedPayments, p => p.Id == "BNK-000000000007");

        // An ingest changes another customer's invoice: the twin is still folded, only C08 (and its group) is evaluated again.
        time.Advance(TimeSpan.FromMinutes(15));
        await CommitAsync(CanonicalEntity.Invoices, [Invoice(8, open: 5_000m, dueDaysAgo: 120)]);
        var second = await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);
        Assert.True(resident.LastStep!.Incremental);
        Assert.Equal(1, resident.LastStep.CustomersEvaluated);
        Assert.Equal(Describe(await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf, CancellationToken.None, second.KeptCollectors)), Describe(second));
        Assert.Same(first.Ledger.Find("C07"), second.Ledger.Find("C07"));

        // The ERP applies its payment: C07's folded payment changes, and only C07 is evaluated again.
        time.Advance(TimeSpan.FromMinutes(15));
        await CommitAsync(CanonicalEntity.Payments, [new CanonicalRecord(CanonicalEntity.Payments, "PAY-7", ["PAY-7", "C07", "2026-11-16", "700", "USD", null, "700"])]);
        var third = await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);
        Assert.True(resident.LastStep!.Incremental);
        Assert.Equal(1, resident.LastStep.CustomersEvaluated);
        Assert.Equal(700m, third.Ledger.Find("C07")!.Payments.Single(p => p.Id == "PAY-7").AppliedAmount);
        Assert.Equal(Describe(await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf, CancellationToken.None, third.KeptCollectors)), Describe(third));
    }

    [Fact]
    public async Task ReadAsync_OpenCasesKeptBetweenCycles_ParsesOnlyTheCasesWrittenSinceAndEqualsAWholeRead()
    {
        var plan = (await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf, CancellationToken.None)).Collections.Cases;
        Assert.True(plan.Count >= 4);
        await store.CommitCollectionsAsync(new CollectionsCommit { Cases = [.. plan.Take(3).Select(Stored)] }, CancellationToken.None);
        var openCases = new ResidentOpenCases(time);

        // The first cycle after the tasks step (a cycle later: rows within the overlap are read again once).
        time.Advance(TimeSpan.FromMinutes(15));
        var first = await openCases.ReadAsync(store, CancellationToken.None);
        Assert.True(openCases.LastReadWhole);
        Assert.Equal(3, openCases.LastParsed);
        Assert.Equal(JsonText((await EvaluationState.ReadAsync(store, CancellationToken.None)).OpenCases), JsonText(first));

        // A cycle later nothing was written: nothing is parsed, the same list is given.
        time.Advance(TimeSpan.FromMinutes(15));
        var second = await openCases.ReadAsync(store, CancellationToken.None);
        Assert.False(openCases.LastReadWhole);
        Assert.Equal(0, openCases.LastParsed);
        Assert.Same(first, second);

        // Another instance's tasks step (the same store) opens a case and closes one: only those two are read.
        time.Advance(TimeSpan.FromMinutes(15));
        await store.CommitCollectionsAsync(new CollectionsCommit { Cases = [Stored(plan[3]), new CaseSnapshot(plan[0].CaseId, plan[0].CustomerId, null)] }, CancellationToken.None);
        var third = await openCases.ReadAsync(store, CancellationToken.None);
        Assert.Equal(2, openCases.LastParsed);
        Assert.Equal(JsonText((await EvaluationState.ReadAsync(store, CancellationToken.None)).OpenCases), JsonText(third));
        Assert.DoesNotContain(third, c => c.CaseId == plan[0].CaseId);

        // After a reset (a failed cycle, a restart) everything is read again.
        openCases.Reset();
        await openCases.ReadAsync(store, CancellationToken.None);
        Assert.True(openCases.LastReadWhole);
        Assert.Equal(3, openCases.LastParsed);

        static CaseSnapshot Stored(Connector.Domain.Collections.CollectionCase c) => new(c.CaseId, c.CustomerId, Connector.Sync.Collections.CaseSnapshotJson.Serialize(c));
    }

    [Fact]
    public async Task ReadAsync_CaseStampedBeforeTheOverlapByAnotherInstance_ReadWithinTheWholeReadInterval()
    {
        var plan = (await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf, CancellationToken.None)).Collections.Cases;
        await store.CommitCollectionsAsync(new CollectionsCommit { Cases = [.. plan.Take(2).Select(Stored)] }, CancellationToken.None);
        var openCases = new ResidentOpenCases(time);
        time.Advance(TimeSpan.FromMinutes(15));
        await openCases.ReadAsync(store, CancellationToken.None);

        // Another instance, its clock ten minutes behind ours, opens a case: its stamp is older than this read's overlap.
        var behind = new FakeTimeProvider(time.GetUtcNow() - TimeSpan.FromMinutes(10));
        await using (var other = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = directory.Path }, behind, CancellationToken.None))
        {
            await other.CommitCollectionsAsync(new CollectionsCommit { Cases = [Stored(plan[2])] }, CancellationToken.None);
        }

        time.Advance(TimeSpan.FromMinutes(15));
        var missed = await openCases.ReadAsync(store, CancellationToken.None);
        Assert.DoesNotContain(missed, c => c.CaseId == plan[2].CaseId);

        // The whole read every hour finds it: a case written unseen is stale for at most that long, never for good.
        time.Advance(ResidentOpenCases.WholeReadEvery);
        var found = await openCases.ReadAsync(store, CancellationToken.None);
        Assert.True(openCases.LastReadWhole);
        Assert.Contains(found, c => c.CaseId == plan[2].CaseId);
        Assert.Equal(JsonText((await EvaluationState.ReadAsync(store, CancellationToken.None)).OpenCases), JsonText(found));

        static CaseSnapshot Stored(Connector.Domain.Collections.CollectionCase c) => new(c.CaseId, c.CustomerId, Connector.Sync.Collections.CaseSnapshotJson.Serialize(c));
    }

    [Fact]
    public async Task EvaluateAsync_FullEvaluationsOverManyCycles_ReuseArraysAndEqualFreshEvaluations()
    {
        var resident = new ResidentEvaluation(time);
        var published = new List<LedgerEvaluation>();
        for (var cycle = 0; cycle < 6; cycle++)
        {
            // A new day each cycle (every age moves: a full evaluation); every other cycle an invoice changes as well.
            time.Advance(TimeSpan.FromMinutes(15));
            if (cycle % 2 == 1)
            {
                await CommitAsync(CanonicalEntity.Invoices, [Invoice(3 + cycle, open: 10_000m * cycle, dueDaysAgo: 60 + cycle)]);
            }

            var day = AsOf.AddDays(cycle);
            var evaluation = await resident.EvaluateAsync(store, Policies, day, CancellationToken.None);
            Assert.False(resident.LastStep!.Incremental);
            Assert.True(resident.LastStep.BuffersReused);
            Assert.Equal(Describe(await LedgerEvaluator.EvaluateAsync(store, Policies, day, CancellationToken.None, evaluation.KeptCollectors)), Describe(evaluation));
            resident.Published(evaluation);
            published.Add(evaluation);

            // The one published before stays readable while this one is in use; the one before that gave its arrays away.
            if (cycle >= 1)
            {
                Assert.Equal(40, published[cycle - 1].Credit.Snapshots.Count);
            }

            if (cycle >= 2)
            {
                Assert.Throws<InvalidOperationException>(() => published[cycle - 2].Aging.Lines[5]);
            }
        }
    }

    [Fact]
    public async Task EvaluateAsync_CycleFailedBeforePublishing_KeepsThePublishedEvaluationReadable()
    {
        var resident = new ResidentEvaluation(time);
        var first = await resident.EvaluateAsync(store, Policies, AsOf, CancellationToken.None);
        resident.Published(first);

        // The next cycle evaluates (the other arrays) and fails before its push publishes it: the webhook still reads the first.
        await resident.EvaluateAsync(store, Policies, AsOf.AddDays(1), CancellationToken.None);
        var third = await resident.EvaluateAsync(store, Policies, AsOf.AddDays(2), CancellationToken.None);

        Assert.False(resident.LastStep!.BuffersReused);
        var expected = Describe(await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf, CancellationToken.None));
        Assert.Equal(expected, Describe(first));
        Assert.Equal(Describe(await LedgerEvaluator.EvaluateAsync(store, Policies, AsOf.AddDays(2), CancellationToken.None, third.KeptCollectors)), Describe(third));

        // Once the third is published, the next full evaluation takes the first one's arrays again.
        resident.Published(third);
        await resident.EvaluateAsync(store, Policies, AsOf.AddDays(3), CancellationToken.None);
        Assert.True(resident.LastStep.BuffersReused);
        Assert.Throws<InvalidOperationException>(() => first.Aging.Lines[5]);
    }

    private static string Describe(LedgerEvaluation evaluation) =>
        IncrementalEvaluationPropertyTests.Describe(evaluation.Portfolio) + JsonText(evaluation.Collections.Cases.Select(CollectionPlannerLine))
        + IncrementalEvaluationPropertyTests.DescribePlan(evaluation.Collections);

    private static string CollectionPlannerLine(Connector.Domain.Collections.CollectionCase c) => Connector.Domain.Collections.CollectionPlanner.Describe(c);

    private static string JsonText<T>(IEnumerable<T> values) => System.Text.Json.JsonSerializer.Serialize(values.ToList());

    private static byte[] Published(LedgerEvaluation evaluation) =>
        CreditSnapshotPayload.Figures(new CreditSnapshot(evaluation.Credit, new Dictionary<string, Guid>(), evaluation.State.Actions, DateTimeOffset.UnixEpoch));

    private async Task CommitAsync(CanonicalEntity entity, IEnumerable<CanonicalRecord> records) =>
        await store.CommitAsync(
            new LedgerBatch(entity) { Source = "test", Upserts = [.. records.Select(static r => new LedgerUpsert(r, RowHash.Of(r.Values)))] },
            CancellationToken.None);

    private static CanonicalRecord Collector(string id, string name) => new(CanonicalEntity.Collectors, id, [id, name, null, null, null]);

    /// <summary>C01–C40; every tenth is in EUR, C11–C19 belong to the group of C01–C09 (C12 → C02); some have no collector.</summary>
    private static CanonicalRecord Customer(int i)
    {
        var id = $"C{i:00}";
        return new CanonicalRecord(CanonicalEntity.Customers, id,
        [
            id, "Customer " + id, i % 10 == 0 ? "EUR" : "USD", "30", (5_000 * (1 + (i % 7))).ToString(CultureInfo.InvariantCulture),
            i is > 10 and < 20 ? $"C{i - 10:00}" : null, null, i % 3 == 0 ? null : $"COL-{1 + (i % 2)}", null, null, "false", "false",
        ]);
    }

    /// <summary>INV-0001…: invoice n belongs to customer C(n mod 40), due between 45 days ago and 44 days ahead.</summary>
    private static CanonicalRecord Invoice(int n, decimal open, int? dueDaysAgo = null)
    {
        var customer = $"C{1 + ((n - 1) % 40):00}";
        var due = AsOf.AddDays(-(dueDaysAgo ?? (n * 7 % 90) - 45));
        var id = $"INV-{n:0000}";
        return new CanonicalRecord(CanonicalEntity.Invoices, id,
        [
            id, customer, "invoice", due.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            open.ToString(CultureInfo.InvariantCulture), open.ToString(CultureInfo.InvariantCulture), customer.EndsWith('0') ? "EUR" : "USD", null, "false", "open",
        ]);
    }
}
