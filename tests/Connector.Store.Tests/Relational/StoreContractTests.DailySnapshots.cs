using Connector.Store.Relational;
using Connector.Sync.Ports;

namespace Connector.Store.Tests.Relational;

/// <summary>The daily snapshots (<see cref="IDailySnapshotStore"/>): one row per customer per day, replaced within the day; rebuilt days never over real ones.</summary>
public abstract partial class StoreContractTests
{
    private static readonly DateOnly Day1 = new(2026, 4, 1);
    private static readonly DateOnly Day2 = new(2026, 4, 2);

    [Fact]
    public async Task WriteDailySnapshotAsync_SameDayTwice_KeepsOnlyTheLaterRows()
    {
        await Store.WriteDailySnapshotAsync(PortfolioOn(Day1, open: 100m), [CustomerOn(Day1, "C-1", 60m), CustomerOn(Day1, "C-2", 40m)], CancellationToken.None);

        await Store.WriteDailySnapshotAsync(PortfolioOn(Day1, open: 70m), [CustomerOn(Day1, "C-1", 70m)], CancellationToken.None);

        Assert.Equal(70m, Assert.Single(await Store.ReadPortfolioDaysAsync(null, null, CancellationToken.None)).TotalOpen);
        Assert.Equal(70m, Assert.Single(await Store.ReadCustomerDaysAsync("C-1", null, null, CancellationToken.None)).TotalOpen);
        Assert.Empty(await Store.ReadCustomerDaysAsync("C-2", null, null, CancellationToken.None));
    }

    [Fact]
    public async Task WriteDailySnapshotAsync_SecondCycleOfTheDay_WritesOnlyTheChangedAndNewRowsAndDropsTheGone()
    {
        var customers = Enumerable.Range(0, 300).Select(i => CustomerOn(Day1, $"C-{i:D3}", i)).ToList();
        await Store.WriteDailySnapshotAsync(PortfolioOn(Day1, open: 1m), customers, CancellationToken.None);
        var store = (RelationalConnectorStore)Store;
        Assert.Equal(300, store.LastDailyRowsWritten);

        // C-007 changed, C-299 gone, C-300 new: two rows written, the other 297 left as stored.
        customers[7] = customers[7] with { TotalOpen = 7000m, HoldCodes = "OVER_LIMIT" };
        customers[299] = CustomerOn(Day1, "C-300", 300m);
        await Store.WriteDailySnapshotAsync(PortfolioOn(Day1, open: 2m), customers, CancellationToken.None);

        Assert.Equal(2, store.LastDailyRowsWritten);
        Assert.Equal(300, await ScalarAsync(ConnectionString, "SELECT COUNT(*) FROM history_customer"));
        var changed = Assert.Single(await Store.ReadCustomerDaysAsync("C-007", null, null, CancellationToken.None));
        Assert.Equal((7000m, "OVER_LIMIT"), (changed.TotalOpen, changed.HoldCodes));
        Assert.Empty(await Store.ReadCustomerDaysAsync("C-299", null, null, CancellationToken.None));
        Assert.Equal(300m, Assert.Single(await Store.ReadCustomerDaysAsync("C-300", null, null, CancellationToken.None)).TotalOpen);
        Assert.Equal(2m, Assert.Single(await Store.ReadPortfolioDaysAsync(null, null, CancellationToken.None)).TotalOpen);

        await Store.WriteDailySnapshotAsync(PortfolioOn(Day1, open: 2m), customers, CancellationToken.None);
        Assert.Equal(0, store.LastDailyRowsWritten);
    }

    [Fact]
    public async Task WriteDailySnapshotAsync_RebuiltDayOverARealOne_LeavesTheRealOne()
    {
        await Store.WriteDailySnapshotAsync(PortfolioOn(Day1, open: 100m), [CustomerOn(Day1, "C-1", 100m)], CancellationToken.None);

        var written = await Store.WriteDailySnapshotAsync(PortfolioOn(Day1, open: 5m) with { Rebuilt = true }, [CustomerOn(Day1, "C-1", 5m) with { Rebuilt = true }], CancellationToken.None);

        Assert.False(written);
        var kept = Assert.Single(await Store.ReadPortfolioDaysAsync(null, null, CancellationToken.None));
        Assert.Equal((100m, false), (kept.TotalOpen, kept.Rebuilt));
        Assert.False(Assert.Single(await Store.ReadCustomerDaysAsync("C-1", null, null, CancellationToken.None)).Rebuilt);
    }

    [Fact]
    public async Task ReadPortfolioDaysAsync_WrittenDay_ReadsBackEveryFigure()
    {
        var day = PortfolioOn(Day2, open: 1234.5678m) with { DsoSimple = null, Cei = 33.3333m, Rebuilt = true };
        var customer = CustomerOn(Day2, "C-1", 1234.5678m) with { CreditLimit = null, DsoCountback = 105.5m, HoldCodes = "OVERDUE_AGE,OVER_LIMIT", RiskClass = "C" };
        await Store.WriteDailySnapshotAsync(day, [customer], CancellationToken.None);

        var read = Assert.Single(await Store.ReadPortfolioDaysAsync(Day2, Day2, CancellationToken.None));
        var readCustomer = Assert.Single(await Store.ReadCustomerDaysAsync("C-1", Day2, null, CancellationToken.None));

        Assert.Equal(day.BucketKeys, read.BucketKeys);
        Assert.Equal(day.Buckets, read.Buckets);
        Assert.Equal(day with { BucketKeys = read.BucketKeys, Buckets = read.Buckets }, read);
        Assert.Equal(customer.Buckets, readCustomer.Buckets);
        Assert.Equal(customer with { Buckets = readCustomer.Buckets }, readCustomer);
    }

    [Fact]
    public async Task WriteDailySnapshotAsync_ThousandCustomers_WritesThemAllInBatches()
    {
        var customers = Enumerable.Range(0, 1001).Select(i => CustomerOn(Day1, $"C-{i:D4}", i)).ToList();

        await Store.WriteDailySnapshotAsync(PortfolioOn(Day1, open: 1m), customers, CancellationToken.None);

        Assert.Equal(1001, await ScalarAsync(ConnectionString, "SELECT COUNT(*) FROM history_customer"));
        Assert.Equal(1000m, Assert.Single(await Store.ReadCustomerDaysAsync("C-1000", null, null, CancellationToken.None)).TotalOpen);
        Assert.True(await Store.HasDailySnapshotsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PruneDailySnapshotsAsync_BeforeTheSecondDay_DeletesTheFirstOnly()
    {
        Assert.False(await Store.HasDailySnapshotsAsync(CancellationToken.None));
        await Store.WriteDailySnapshotAsync(PortfolioOn(Day1, 1m), [CustomerOn(Day1, "C-1", 1m)], CancellationToken.None);
        await Store.WriteDailySnapshotAsync(PortfolioOn(Day2, 2m), [CustomerOn(Day2, "C-1", 2m)], CancellationToken.None);

        var pruned = await Store.PruneDailySnapshotsAsync(Day2, CancellationToken.None);

        Assert.Equal(1, pruned);
        Assert.Equal([Day2], (await Store.ReadPortfolioDaysAsync(null, null, CancellationToken.None)).Select(static d => d.Day));
        Assert.Equal([Day2], (await Store.ReadCustomerDaysAsync("C-1", null, null, CancellationToken.None)).Select(static d => d.Day));
    }

    private static PortfolioDay PortfolioOn(DateOnly day, decimal open) => new()
    {
        Day = day,
        Currency = "USD",
        BucketKeys = ["current", "d1_30", "d31_plus"],
        Buckets = [open - 10m, 10m, 0m],
        TotalOpen = open,
        Overdue = 10m,
        Disputed = 0.5m,
        Exposure = open + 3m,
        Customers = 2,
        OnHold = 1,
        BeginAr = 900m,
        EndAr = open,
        EndCurrentAr = open - 10m,
        EndOverAr = 0m,
        CreditSales = 500m,
        PeriodDays = 90,
        OverDays = 90,
        DsoSimple = 18.25m,
        DsoCountback = 20.5m,
        Cei = 95.1234m,
        PercentOver = 0m,
        AllowanceTarget = 12.34m,
    };

    private static CustomerDay CustomerOn(DateOnly day, string id, decimal open) => new()
    {
        Day = day,
        CustomerId = id,
        Currency = "EUR",
        Buckets = [open, 0m, -1.25m],
        TotalOpen = open,
        Overdue = 0m,
        Disputed = 0m,
        Exposure = open,
        CreditLimit = 5000m,
        OnHold = true,
        HoldCodes = "OVERDUE_AGE",
        RiskClass = "B",
        BeginAr = 1m,
        EndCurrentAr = open,
        EndOverAr = 0m,
        CreditSales = 2m,
        DsoCountback = 30m,
    };
}
