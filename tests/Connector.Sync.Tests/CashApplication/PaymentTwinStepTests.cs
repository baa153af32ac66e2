using System.Globalization;
using System.Reflection;
using Connector.Domain.Ledger;
using Connector.Domain.Policies;
using Connector.Mapping.Canonical;
using Connector.Store;
using Connector.Sync.CashApplication;
using Connector.Sync.Clock;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;
using Connector.Sync.Tests.Support;
using Connector.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Sync.Tests.CashApplication;

/// <summary>
/// A bank entry and the ERP's own record of the same money, through the cash step on a real store (SQLite and PostgreSQL
/// below): one payment in every figure, whichever arrives first, across replays and a crash between the step's commits.
/// </summary>
public abstract class PaymentTwinStepTests : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2026, 11, 16);

    private IConnectorStore store = null!;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero));

    private CashApplicationSync Step => new(CashBench.AutoAccepting, new CompanyClock(Time, new CompanyPolicy()));

    protected abstract Task<StoreOptions> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        store = await ConnectorStoreFactory.OpenAsync(await CreateStoreAsync(), Time, CancellationToken.None);
        await CommitAsync(CanonicalEntity.Customers, [Customer("C01", "Kestrel Printing Corp."), Customer("C02", "Juniper Pharmacy Ltd.")]);
        await CommitAsync(CanonicalEntity.Invoices, [Invoice("INV-0001", "C01", 1000m), Invoice("INV-0002", "C02", 700m), Invoice("INV-0003", "C01", 1000m)]);
    }

    public async Task DisposeAsync() => await store.DisposeAsync();

    [Fact]
    public async Task RunAsync_BankEntryAcceptedThenTheErpBooksTheSameMoney_CountedOnceNoSecondMatchNoSecondWriteback()
    {
        await BankEntryAsync("BNK-000000000001", 1000m, Day, "INV-0001", "BREF00000001");
        var first = await RunAsync();
        Assert.Equal(0m, Open(first.Ledger, "INV-0001"));
        Assert.Single(await PendingWritebackAsync());

        // The next ERP export books the money itself, not yet applied, its reference field carrying the bank's reference.
        Time.Advance(TimeSpan.FromDays(1));
        await CommitAsync(CanonicalEntity.Payments, [ErpPayment("PAY-1", "C01", 1000m, Day.AddDays(1), "Bank BREF00000001", applied: 0m)]);
        var second = await RunAsync();

        Assert.Equal((1, 1), (second.Twins.Recognised, second.Twins.Linked));
        var twin = Assert.Single(await store.ReadPaymentTwinsAsync(CancellationToken.None));
        Assert.Equal((StoredPaymentTwin.KeepBank, "reference"), (twin.Kept, twin.Rule));
        Assert.DoesNotContain(second.Ledger.AllPayments, p => p.Id == "PAY-1");
        Assert.Equal(0m, second.Ledger.Find("C01")!.Payments.Sum(p => p.UnappliedAmount));
        Assert.Equal(0m, Open(second.Ledger, "INV-0001"));
        Assert.Equal(["BNK-000000000001"], (await store.ReadCashMatchesAsync(CancellationToken.None)).Select(m => m.PaymentId));
        Assert.Single(await PendingWritebackAsync());
        Assert.Equal("cash.twin-recognised", Assert.Single(await store.ReadAuditAsync("payment:BNK-000000000001", 10, CancellationToken.None), e => e.Event.Action.StartsWith("cash.twin", StringComparison.Ordinal)).Event.Action);

        // Outside the cycle (credit check, cash desk) the same one payment.
        var counted = await CashApplicationSync.CountedAsync(store, await LedgerLoader.LoadAsync(store, CancellationToken.None), CancellationToken.None);
        Assert.DoesNotContain(counted.AllPayments, p => p.Id == "PAY-1");

        // A replay after a restart recognises nothing again.
        var third = await RunAsync();
        Assert.Equal((0, 1, 0), (third.Twins.Recognised, third.Twins.Linked, third.Report.Matched));
        Assert.Single(await PendingWritebackAsync());
    }

    [Fact]
    public async Task RunAsync_BankEntryAndErpPaymentArriveTogether_TheErpPaymentStaysWithTheBankReferenceAndIsMatchedOnce()
    {
        await CommitAsync(CanonicalEntity.Payments, [ErpPayment("PAY-2", "C02", 700m, Day, "INV-0002", applied: 0m)]);
        await BankEntryAsync("BNK-000000000002", 700m, Day.AddDays(-1), "INV-0002", "BREF00000002");

        var result = await RunAsync();

        Assert.Equal(StoredPaymentTwin.KeepErp, Assert.Single(await store.ReadPaymentTwinsAsync(CancellationToken.None)).Kept);
        var payment = Assert.Single(result.Ledger.AllPayments);
        Assert.Equal(("PAY-2", "BREF00000002", 0m), (payment.Id, payment.BankReference, payment.UnappliedAmount));
        var match = Assert.Single(await store.ReadCashMatchesAsync(CancellationToken.None));
        Assert.Equal(("PAY-2", CashMatchStatuses.Accepted), (match.PaymentId, match.Status));
        Assert.Equal(["PAY-2|INV-0002|1|apply"], (await PendingWritebackAsync()).Select(p => p.Item.Key));
        Assert.Equal(0m, Open(result.Ledger, "INV-0002"));
    }

    [Fact]
    public async Task RunAsync_TheErpAppliedItsRecordOfTheBankEntryElsewhere_ApplicationBackInTheQueueAndNotCounted()
    {
        await BankEntryAsync("BNK-000000000001", 1000m, Day, "INV-0001", "BREF00000001");
        await RunAsync();

        // The ERP booked the same money and applied it to INV-0003 instead.
        Time.Advance(TimeSpan.FromDays(1));
        await CommitAsync(CanonicalEntity.Payments, [ErpPayment("PAY-1", "C01", 1000m, Day.AddDays(1), "BREF00000001", applied: 1000m)]);
        await CommitAsync(CanonicalEntity.Invoices, [Invoice("INV-0003", "C01", 1000m, open: 0m)]);
        var result = await RunAsync();

        Assert.Equal(1, result.Twins.Disagreed);
        var match = Assert.Single(await store.ReadCashMatchesAsync(CancellationToken.None));
        Assert.Equal((CashMatchStatuses.Open, "erp_disagrees"), (match.Status, match.Reason));
        Assert.Equal(
            "The ERP booked this bank entry as its payment PAY-1: The ERP applied 1,000.00 USD of payment PAY-1, but INV-0001 still has 1,000.00 USD open (the application took 1,000.00 USD off 1,000.00 USD): it applied the cash elsewhere.",
            match.Explanation);
        Assert.Equal(1000m, Open(result.Ledger, "INV-0001"));
        Assert.Equal(0m, result.Ledger.Find("C01")!.Payments.Sum(p => p.UnappliedAmount));
    }

    [Fact]
    public async Task RunAsync_SameAmountFromAnUnknownPayer_HeldBackAsAPossibleTwinUntilAPersonRejectsIt()
    {
        await CommitAsync(CanonicalEntity.Payments, [ErpPayment("PAY-2", "C02", 700m, Day, "INV-0002", applied: 0m)]);
        await RunAsync();
        Time.Advance(TimeSpan.FromDays(1));
        await BankEntryAsync("BNK-000000000009", 700m, Day.AddDays(1), "ONLINE BANKING 40211", "BREF00000009");

        var result = await RunAsync();

        Assert.Equal(1, result.Twins.Questions);
        var question = Assert.Single(await store.ReadCashMatchesAsync(CancellationToken.None), m => m.PaymentId == "BNK-000000000009");
        Assert.Equal((CashMatchStatuses.Open, PaymentTwinStep.PossibleTwinReason), (question.Status, question.Reason));
        Assert.StartsWith("Possibly the ERP's own record of this money (700.00 USD): PAY-2 of 2026-11-16 (C02) has the same amount within 5 days", question.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Ledger.AllPayments, p => p.Id == "BNK-000000000009");
        Assert.Equal(0, (await RunAsync()).Twins.Questions);

        var desk = new CashDesk(new OneStore(store), new CompanyClock(Time, new CompanyPolicy()));
        Assert.True((await desk.RejectAsync(question.Id, "cli:dana", "the same money as PAY-2", CancellationToken.None)).IsRecorded);
        var counted = await CashApplicationSync.CountedAsync(store, await LedgerLoader.LoadAsync(store, CancellationToken.None), CancellationToken.None);
        Assert.DoesNotContain(counted.AllPayments, p => p.Id == "BNK-000000000009");
    }

    [Fact]
    public async Task RunAsync_PossibleTwinAssignedByAPerson_CountsAsOtherMoneyAndIsNeverLinkedLater()
    {
        // The ERP applied its payment itself (nothing to match); the bank then reports the same amount from an unknown payer.
        await CommitAsync(CanonicalEntity.Payments, [ErpPayment("PAY-3", "C01", 700m, Day, null, applied: 700m)]);
        await BankEntryAsync("BNK-000000000009", 700m, Day, "ONLINE BANKING 40211", "BREF00000009");
        await RunAsync();
        var question = Assert.Single(await store.ReadCashMatchesAsync(CancellationToken.None));
        var desk = new CashDesk(new OneStore(store), new CompanyClock(Time, new CompanyPolicy()));

        Assert.True((await desk.AssignAsync(question.Id, [new CashAssignment("INV-0001", 700m)], "cli:dana", "other money: a deposit", CancellationToken.None)).IsRecorded);
        var next = await RunAsync();

        Assert.Empty(await store.ReadPaymentTwinsAsync(CancellationToken.None));
        Assert.Equal(["BNK-000000000009", "PAY-3"], next.Ledger.AllPayments.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(300m, Open(next.Ledger, "INV-0001"));
    }

    [Fact]
    public async Task RunAsync_CrashAfterTheLinksBeforeTheMatches_TheRerunNeitherLosesNorDoublesAnything()
    {
        await CommitAsync(CanonicalEntity.Payments, [ErpPayment("PAY-2", "C02", 700m, Day, "INV-0002", applied: 0m)]);
        await BankEntryAsync("BNK-000000000002", 700m, Day, "INV-0002", "BREF00000002");
        var crashing = CrashAtCashCommit.Wrap(store);

        var ledger = await LedgerLoader.LoadAsync(store, CancellationToken.None);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Step.RunAsync(crashing, ledger, CancellationToken.None));
        Assert.Single(await store.ReadPaymentTwinsAsync(CancellationToken.None));
        Assert.Empty(await store.ReadCashMatchesAsync(CancellationToken.None));

        var rerun = await RunAsync();

        Assert.Equal((0, 1), (rerun.Twins.Recognised, rerun.Twins.Linked));
        Assert.Equal(["PAY-2"], (await store.ReadCashMatchesAsync(CancellationToken.None)).Select(m => m.PaymentId));
        Assert.Equal(["PAY-2|INV-0002|1|apply"], (await PendingWritebackAsync()).Select(p => p.Item.Key));
        Assert.Single(await store.ReadAuditAsync("payment:BNK-000000000002", 10, CancellationToken.None));
    }

    private async Task<CashStepResult> RunAsync() =>
        await Step.RunAsync(store, await LedgerLoader.LoadAsync(store, CancellationToken.None), CancellationToken.None);

    private async Task<IReadOnlyList<OutboxEntry>> PendingWritebackAsync() =>
        await store.ReadPendingAsync("erp:cash-application", 100, CancellationToken.None);

    private static decimal Open(ArLedger ledger, string invoiceId) =>
        ledger.Accounts.SelectMany(a => a.Invoices).Single(i => i.Id == invoiceId) is { IsOpen: true } invoice ? invoice.OpenAmount : 0m;

    private async Task BankEntryAsync(string paymentId, decimal amount, DateOnly date, string remittance, string bankReference)
    {
        var entry = new BankStatementEntry
        {
            Locator = "Stmt 1 Ntry 1",
            Account = "4001234567",
            Amount = amount,
            Currency = "USD",
            IsCredit = true,
            BookingDate = date,
            BankReference = bankReference,
            Remittance = remittance,
        };
        await store.CommitBankStatementAsync(
            new BankStatementBatch($"camt053-{paymentId}.xml", $"bank:{paymentId}") { Entries = [new StoredBankEntry("ref|4001234567|" + bankReference, paymentId, "camt.053.001.08", "camt053.xml", entry)] },
            CancellationToken.None);
    }

    private async Task CommitAsync(CanonicalEntity entity, IEnumerable<CanonicalRecord> records) =>
        await store.CommitAsync(
            new LedgerBatch(entity) { Source = "test", Upserts = [.. records.Select(static r => new LedgerUpsert(r, RowHash.Of(r.Values)))] },
            CancellationToken.None);

    private static CanonicalRecord Customer(string id, string name) =>
        new(CanonicalEntity.Customers, id, [id, name, "USD", "30", "50000", null, null, null, null, null, "false", "false"]);

    private static CanonicalRecord Invoice(string id, string customer, decimal amount, decimal? open = null) =>
        new(CanonicalEntity.Invoices, id,
        [
            id, customer, "invoice", Day.AddDays(-60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Day.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Money(amount), Money(open ?? amount), "USD", null, "false", (open ?? amount) == 0m ? "paid" : "open",
        ]);

    private static CanonicalRecord ErpPayment(string id, string customer, decimal amount, DateOnly date, string? reference, decimal applied) =>
        new(CanonicalEntity.Payments, id, [id, customer, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Money(amount), "USD", reference, Money(applied)]);

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private sealed class OneStore(IConnectorStore store) : IConnectorStoreFactory
    {
        public string Description => store.Description;

        public Task<IConnectorStore> OpenAsync(CancellationToken cancellationToken) => Task.FromResult<IConnectorStore>(new Undisposed(store).Proxy);

        public Task<IConnectorStore?> OpenExistingAsync(CancellationToken cancellationToken) => Task.FromResult<IConnectorStore?>(new Undisposed(store).Proxy);
    }

    /// <summary>The store handed to the desk, which disposes what it opens: the test's store stays open.</summary>
    private sealed class Undisposed(IConnectorStore inner)
    {
        public IConnectorStore Proxy { get; } = StoreProxy.Create(inner, static (method, _) => method.Name == nameof(IAsyncDisposable.DisposeAsync) ? ValueTask.CompletedTask : (object?)null);
    }

    /// <summary>The process dying at the cash step's first cash commit, after the twin links were committed.</summary>
    private static class CrashAtCashCommit
    {
        public static IConnectorStore Wrap(IConnectorStore inner) =>
            StoreProxy.Create(inner, static (method, _) => method.Name == nameof(IConnectorStore.CommitCashAsync)
                ? throw new SimulatedCrashException("simulated crash before the cash commit")
                : (object?)null);
    }
}

/// <summary>An <see cref="IConnectorStore"/> that forwards every call to a real store unless the hook answers it.</summary>
public class StoreProxy : DispatchProxy
{
    private IConnectorStore inner = null!;
    private Func<MethodInfo, object?[]?, object?> hook = null!;

    public static IConnectorStore Create(IConnectorStore inner, Func<MethodInfo, object?[]?, object?> hook)
    {
        var proxy = Create<IConnectorStore, StoreProxy>();
        var self = (StoreProxy)(object)proxy;
        self.inner = inner;
        self.hook = hook;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (hook(targetMethod, args) is { } answer)
        {
            return answer;
        }

        try
        {
            return targetMethod.Invoke(inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}

public sealed class SqlitePaymentTwinStepTests : PaymentTwinStepTests, IDisposable
{
    private readonly TempDirectory directory = new();

    protected override Task<StoreOptions> CreateStoreAsync() =>
        Task.FromResult(new StoreOptions { Provider = StoreOptions.Sqlite, ConnectionString = $"Data Source={directory.File("connector.db")}" });

    public void Dispose() => directory.Dispose();
}

[Collection("postgres")]
public sealed class PostgresPaymentTwinStepTests(PostgresCluster cluster) : PaymentTwinStepTests
{
    protected override async Task<StoreOptions> CreateStoreAsync() =>
        new() { Provider = StoreOptions.PostgreSql, ConnectionString = await cluster.CreateDatabaseAsync("twins_" + Guid.NewGuid().ToString("N")[..8]) };
}
