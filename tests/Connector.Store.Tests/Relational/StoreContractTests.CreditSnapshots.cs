using Connector.Sync.Ports;

namespace Connector.Store.Tests.Relational;

/// <summary>The credit snapshot versions instances publish to each other (<see cref="ICreditSnapshotVersions"/>).</summary>
public abstract partial class StoreContractTests
{
    private static readonly DateTimeOffset Evaluated = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadNewestCreditSnapshotVersionAsync_NothingPublished_IsNull()
    {
        Assert.Null(await Store.ReadNewestCreditSnapshotVersionAsync(CancellationToken.None));
        Assert.Null(await Store.ReadCreditSnapshotVersionAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task AddCreditSnapshotVersionAsync_FiguresThenActions_NewestBuildsOnTheFigures()
    {
        var figures = await Store.AddCreditSnapshotVersionAsync(Figures("figures-1"), 5, CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(3));
        var actions = await Store.AddCreditSnapshotVersionAsync(Actions(figures, "actions-2"), 5, CancellationToken.None);

        var newest = await Store.ReadNewestCreditSnapshotVersionAsync(CancellationToken.None);
        var read = await Store.ReadCreditSnapshotVersionAsync(actions, CancellationToken.None);
        var first = await Store.ReadCreditSnapshotVersionAsync(figures, CancellationToken.None);

        Assert.True(actions > figures);
        Assert.Equal(new CreditSnapshotVersionInfo(actions, figures, Evaluated, Time.GetUtcNow(), "test:1"), newest);
        Assert.Null(read!.Figures);
        Assert.Equal("actions-2"u8.ToArray(), read.Actions);
        Assert.Equal("figures-1"u8.ToArray(), first!.Figures);
        Assert.Equal(figures, first.Info.FiguresVersion);
    }

    [Fact]
    public async Task AddCreditSnapshotVersionAsync_MoreThanKeep_DropsTheOldestButNotTheFiguresAKeptVersionBuildsOn()
    {
        var figures = await Store.AddCreditSnapshotVersionAsync(Figures("f1"), 3, CancellationToken.None);
        var actions = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            actions.Add(await Store.AddCreditSnapshotVersionAsync(Actions(figures, $"a{i}"), 3, CancellationToken.None));
        }

        Assert.NotNull(await Store.ReadCreditSnapshotVersionAsync(figures, CancellationToken.None)); // the newest build on it
        Assert.Null(await Store.ReadCreditSnapshotVersionAsync(actions[0], CancellationToken.None));
        Assert.NotNull(await Store.ReadCreditSnapshotVersionAsync(actions[1], CancellationToken.None));
        Assert.Equal(4, await ScalarAsync(ConnectionString, "SELECT COUNT(*) FROM credit_snapshot"));

        // Three new evaluations: nothing kept builds on the first any more.
        long last = 0;
        for (var i = 0; i < 3; i++)
        {
            last = await Store.AddCreditSnapshotVersionAsync(Figures($"f{i + 2}"), 3, CancellationToken.None);
        }

        Assert.Null(await Store.ReadCreditSnapshotVersionAsync(figures, CancellationToken.None));
        Assert.Equal(3, await ScalarAsync(ConnectionString, "SELECT COUNT(*) FROM credit_snapshot"));
        Assert.Equal(last, (await Store.ReadNewestCreditSnapshotVersionAsync(CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task AddCreditSnapshotVersionAsync_AfterOldVersionsWereDropped_NeverGivesANumberTwice()
    {
        var numbers = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            numbers.Add(await Store.AddCreditSnapshotVersionAsync(Figures($"f{i}"), 2, CancellationToken.None));
        }

        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public async Task AddCreditSnapshotVersionAsync_FiguresAndBasedOnTogether_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.AddCreditSnapshotVersionAsync(Figures("f") with { BasedOn = 1 }, 3, CancellationToken.None));
        Assert.Null(await Store.ReadNewestCreditSnapshotVersionAsync(CancellationToken.None));
    }

    private NewCreditSnapshotVersion Figures(string figures) =>
        new(null, System.Text.Encoding.UTF8.GetBytes(figures), "none"u8.ToArray(), Evaluated, Time.GetUtcNow(), "test:1");

    private NewCreditSnapshotVersion Actions(long basedOn, string actions) =>
        new(basedOn, null, System.Text.Encoding.UTF8.GetBytes(actions), Evaluated, Time.GetUtcNow(), "test:1");
}
