using Connector.Domain.Allowance;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Domain.Metrics;
using Connector.Domain.Policies;
using Connector.Store;
using Connector.Sync.Clock;
using Connector.Sync.Evaluation;
using Connector.Sync.History;
using Connector.Sync.Ports;
using Connector.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Sync.Tests.History;

/// <summary>
/// A month of daily cycles (April 2026, one a day at 08:00 UTC) on one customer: INV-1 (1,000, due 31 Jan) open until a
/// payment on 15 April, INV-2 (500 of 1 March) paid on 20 March. Every figure below is worked out by hand.
/// </summary>
public sealed class DailySnapshotsTests : IDisposable
{
    private static readonly EvaluationPolicies Policies = new() { Company = new CompanyPolicy { Currency = "USD", TimeZone = "UTC" } };

    private readonly TempDirectory directory = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task RecordAsync_MonthOfDailyCycles_KeepsOneRowPerDayWithTheHandComputedFigures()
    {
        var (clock, history, stores) = Compose(new HistoryOptions());

        for (var day = 0; day < 30; day++)
        {
            await using var store = await stores.OpenAsync(CancellationToken.None);
            var paid = clock.Today >= new DateOnly(2026, 4, 15);
            await history.RecordAsync(store, Evaluate(Ledger(paid), clock.Today), CancellationToken.None);
            if (day == 9)
            {
                // A second cycle the same day replaces the day's rows.
                await history.RecordAsync(store, Evaluate(Ledger(paid), clock.Today), CancellationToken.None);
            }

            time.Advance(TimeSpan.FromDays(1));
        }

        var trend = await Reader(stores).ReadAsync(null, null, null, CancellationToken.None);

        Assert.NotNull(trend);
        Assert.Equal(33, trend.Points.Count);
        Assert.Equal(["current", "d1_30", "d31_60", "d61_90", "d91_120", "d121_plus"], trend.BucketKeys);
        Assert.Equal(
            [new DateOnly(2026, 1, 31), new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 31)],
            trend.Points.Where(static p => p.Rebuilt).Select(static p => p.Day));
        Assert.Equal(30, trend.Points.Count(static p => !p.Rebuilt));

        // 10 April: INV-1 69 days past due (61–90), sales of the 90 days after 10 January = INV-2's 500, begin AR (10 Jan) 1,000.
        var tenth = trend.Points.Single(static p => p.Day == new DateOnly(2026, 4, 10));
        Assert.Equal([0m, 0m, 0m, 1000m, 0m, 0m], tenth.Buckets);
        Assert.Equal((1000m, 1000m), (tenth.TotalOpen, tenth.Overdue));
        Assert.Equal(180m, tenth.DsoSimple);                              // 1,000 / 500 × 90
        Assert.Equal(105.5m, tenth.DsoCountback);                         // 31 + 28 + 31 days + 500/1,000 × 31
        Assert.Equal(33.3333m, tenth.Cei);                                 // (1,000 + 500 − 1,000) / (1,000 + 500 − 0)
        Assert.Equal(0m, tenth.PercentOver);
        Assert.Equal(1, tenth.Holds);                                      // more than 60 days past due
        Assert.Equal(250m, tenth.AllowanceTarget);                         // 1,000 × 25 %

        // 1 April: 60 days past due, not more: no hold yet; 20 April: paid, CEI 100 %, DSO 0, nobody on hold.
        Assert.Equal(0, trend.Points.Single(static p => p.Day == new DateOnly(2026, 4, 1)).Holds);
        var twentieth = trend.Points.Single(static p => p.Day == new DateOnly(2026, 4, 20));
        Assert.Equal((0m, 0m, 100m, 0, 0m), (twentieth.TotalOpen, twentieth.DsoSimple!.Value, twentieth.Cei!.Value, twentieth.Holds, twentieth.AllowanceTarget!.Value));

        // The rebuilt month-ends: INV-1 current on 31 Jan, 1–30 on 28 Feb, 31–60 on 31 Mar; INV-2 already paid on 31 Mar.
        Assert.Equal([1000m, 0m, 0m, 0m, 0m, 0m], trend.Points[0].Buckets);
        Assert.Equal([0m, 1000m, 0m, 0m, 0m, 0m], trend.Points[1].Buckets);
        Assert.Equal([0m, 0m, 1000m, 0m, 0m, 0m], trend.Points[2].Buckets);
        Assert.Equal(1000m, trend.Points[2].TotalOpen);
    }

    [Fact]
    public async Task RecordAsync_FirstRunOfALedgerAboveTheBackfillLimit_LeavesTheMonthEndsToTheBackfillCommand()
    {
        var (clock, history, stores) = Compose(new HistoryOptions { FirstRunBackfillMaxCustomers = 0 });
        DailySnapshotReport first;
        IReadOnlyList<DateOnly> rebuilt;
        await using (var store = await stores.OpenAsync(CancellationToken.None))
        {
            first = await history.RecordAsync(store, Evaluate(Ledger(paid: false), clock.Today), CancellationToken.None);
            rebuilt = await history.BackfillAsync(store, Evaluate(Ledger(paid: false), clock.Today), 2, CancellationToken.None);
        }

        Assert.Equal((true, 0), (first.BackfillLeft, first.Rebuilt.Count));
        Assert.Equal([new DateOnly(2026, 3, 31), new DateOnly(2026, 2, 28)], rebuilt);
        var trend = await Reader(stores).ReadAsync(null, null, null, CancellationToken.None);
        Assert.Equal([new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 1)], trend!.Points.Select(static p => p.Day));
        Assert.Equal([true, true, false], trend.Points.Select(static p => p.Rebuilt));
    }

    [Fact]
    public async Task ReadAsync_OneCustomer_ComputesItsRatiosFromItsKeptInputs()
    {
        var (clock, history, stores) = Compose(new HistoryOptions { BackfillMonths = 0 });
        await using (var store = await stores.OpenAsync(CancellationToken.None))
        {
            time.Advance(TimeSpan.FromDays(9));
            await history.RecordAsync(store, Evaluate(Ledger(paid: false), clock.Today), CancellationToken.None);
        }

        var trend = await Reader(stores).ReadAsync(new DateOnly(2026, 4, 10), new DateOnly(2026, 4, 10), "C-1", CancellationToken.None);

        var point = Assert.Single(trend!.Points);
        Assert.Equal((false, 180m, 105.5m, 1, 250m), (point.Rebuilt, point.DsoSimple!.Value, point.DsoCountback!.Value, point.Holds, point.AllowanceTarget!.Value));
        Assert.Equal(33.3333m, Math.Round(point.Cei!.Value, 4));
        Assert.Equal("C-1", trend.CustomerId);
    }

    [Fact]
    public async Task RecordAsync_RetentionOfTenDays_DeletesOlderDaysAndRebuiltMonthEnds()
    {
        var (clock, history, stores) = Compose(new HistoryOptions { RetentionDays = 10 });
        for (var day = 0; day < 30; day++)
        {
            await using var store = await stores.OpenAsync(CancellationToken.None);
            await history.RecordAsync(store, Evaluate(Ledger(paid: false), clock.Today), CancellationToken.None);
            time.Advance(TimeSpan.FromDays(1));
        }

        var trend = await Reader(stores).ReadAsync(null, null, null, CancellationToken.None);

        Assert.Equal(Enumerable.Range(21, 10).Select(static d => new DateOnly(2026, 4, d)), trend!.Points.Select(static p => p.Day));
    }

    private (CompanyClock Clock, DailySnapshots History, IConnectorStoreFactory Stores) Compose(HistoryOptions options)
    {
        var clock = new CompanyClock(time, Policies.Company);
        var history = new DailySnapshots(new MetricsPolicy(), new AllowancePolicy(), options, clock, NullLogger<DailySnapshots>.Instance);
        return (clock, history, new Stores(directory.Path, time));
    }

    private static TrendReader Reader(IConnectorStoreFactory stores) =>
        new(stores, Options.Create(new AllowancePolicy()), Options.Create(new MetricsPolicy()));

    private static LedgerEvaluation Evaluate(ArLedger ledger, DateOnly day) => LedgerEvaluator.Evaluate(ledger, EvaluationState.Empty, Policies, day);

    private static ArLedger Ledger(bool paid)
    {
        Invoice[] invoices =
        [
            new()
            {
                Id = "INV-1", CustomerId = "C-1", Currency = "USD", Amount = 1000m, OpenAmount = paid ? 0m : 1000m,
                DocumentDate = new DateOnly(2026, 1, 1), DueDate = new DateOnly(2026, 1, 31), Status = paid ? ItemStatus.Paid : ItemStatus.Open,
            },
            new()
            {
                Id = "INV-2", CustomerId = "C-1", Currency = "USD", Amount = 500m, OpenAmount = 0m,
                DocumentDate = new DateOnly(2026, 3, 1), DueDate = new DateOnly(2026, 3, 31), Status = ItemStatus.Paid,
            },
        ];
        List<Payment> payments = [new() { Id = "PAY-1", CustomerId = "C-1", Currency = "USD", Amount = 500m, AppliedAmount = 500m, Date = new DateOnly(2026, 3, 20) }];
        if (paid)
        {
            payments.Add(new() { Id = "PAY-2", CustomerId = "C-1", Currency = "USD", Amount = 1000m, AppliedAmount = 1000m, Date = new DateOnly(2026, 4, 15) });
        }

        return new ArLedger([new Customer { Id = "C-1", Name = "Customer One", Currency = "USD", CreditLimit = 10_000m }], invoices, payments);
    }

    private sealed class Stores(string folder, TimeProvider time) : IConnectorStoreFactory
    {
        private StoreOptions Options => new() { Provider = StoreOptions.Sqlite, DataDirectory = folder };

        public string Description => ConnectorStoreFactory.Describe(Options);

        public Task<IConnectorStore> OpenAsync(CancellationToken cancellationToken) => ConnectorStoreFactory.OpenAsync(Options, time, cancellationToken);

        public async Task<IConnectorStore?> OpenExistingAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);
    }
}
