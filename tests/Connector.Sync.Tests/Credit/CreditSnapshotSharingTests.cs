using System.Diagnostics;
using Connector.Domain.Credit;
using Connector.Store;
using Connector.Sync.Credit;
using Connector.Sync.Ports;
using Connector.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Sync.Tests.Credit;

/// <summary>
/// Two instances sharing one store: what one publishes (an evaluation, a release) the other's webhooks decide from.
/// Run on a SQLite file (polling only) and on PostgreSQL (LISTEN/NOTIFY) by the classes below.
/// </summary>
public abstract class CreditSnapshotSharingTests : IAsyncLifetime
{
    private static readonly CreditPolicy Policy = new() { OrderEnforcement = OrderEnforcement.Reject };
    private static readonly Guid HeldOrder = Guid.Parse("0a5e1f4c-2b7d-4e8a-9c3f-1d2e3f4a5b6c");

    private readonly List<IAsyncDisposable> opened = [];

    protected FakeTimeProvider Time { get; } = new(SharedPortfolio.EvaluatedAt.AddMinutes(5));

    private Instance A { get; set; } = null!;

    private Instance B { get; set; } = null!;

    protected abstract Task<StoreOptions> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        var options = await CreateStoreAsync();
        A = await StartAsync(options);
        B = await StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        foreach (var item in opened)
        {
            await item.DisposeAsync();
        }
    }

    [Fact]
    public async Task LoadNewestAsync_AnotherInstancePublishedAnEvaluation_DecidesEveryOrderAlike()
    {
        var version = await A.Sharing.PublishFiguresAsync(A.Store, SharedPortfolio.Snapshot(Policy), CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(await B.Sharing.LoadNewestAsync(B.Store, CancellationToken.None));

        Assert.Equal(version, A.Holder.Version);
        Assert.Equal(version, B.Holder.Version);
        foreach (var (account, order) in SharedPortfolio.Orders())
        {
            Assert.Equal(Decide(A.Holder, account, order), Decide(B.Holder, account, order));
        }

        ICreditSnapshotState state = B.Holder;
        Assert.Equal(SharedPortfolio.EvaluatedAt, state.EvaluatedAt);
        Assert.Equal(A.Holder.PublishedAt, state.PublishedAt);
        Assert.Equal(Time.GetUtcNow(), state.LoadedAt);
        Assert.Equal(Time.GetUtcNow(), state.CheckedAt);
    }

    [Fact]
    public async Task LoadNewestAsync_NothingNewer_KeepsTheSnapshotAndRecordsTheLook()
    {
        await A.Sharing.PublishFiguresAsync(A.Store, SharedPortfolio.Snapshot(Policy), CancellationToken.None);
        await B.Sharing.LoadNewestAsync(B.Store, CancellationToken.None);
        var loaded = B.Holder.Current;
        var loadedAt = B.Holder.LoadedAt;
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(await B.Sharing.LoadNewestAsync(B.Store, CancellationToken.None));

        Assert.Same(loaded, B.Holder.Current);
        Assert.Equal(loadedAt, B.Holder.LoadedAt);
        Assert.Equal(Time.GetUtcNow(), B.Holder.CheckedAt);
    }

    [Fact]
    public async Task PublishActionsAsync_OrderReleasedOnOneInstance_TheOtherLetsItPassOnTheFiguresItHas()
    {
        await A.Sharing.PublishFiguresAsync(A.Store, SharedPortfolio.Snapshot(Policy, ManualActions.None), CancellationToken.None);
        await B.Sharing.LoadNewestAsync(B.Store, CancellationToken.None);
        var figures = B.Holder.Current!.Credit;
        var order = new OrderRequest { CustomerId = "C-HELD", OrderId = "SO-1001", Amount = 100m, On = SharedPortfolio.AsOf };
        Assert.StartsWith("Blocked", Decide(B.Holder, SharedPortfolio.Held, order), StringComparison.Ordinal);

        await A.Store.CommitOrderCreditAsync(
            new OrderCreditCommit
            {
                Orders = [new StoredOrderCredit { OrderId = HeldOrder, OrderNumber = "SO-1001", CustomerId = "C-HELD", AccountId = SharedPortfolio.Held, Amount = 100m, Status = OrderCreditStatuses.Held, Message = "held", CheckedAt = Time.GetUtcNow() }],
                Releases = [new StoredOrderRelease(HeldOrder, "C-HELD", "cli:jdoe", "prepaid by wire", SharedPortfolio.AsOf, null)],
            },
            CancellationToken.None);
        var version = await A.Sharing.PublishActionsAsync(A.Store, CancellationToken.None);
        Assert.True(await B.Sharing.LoadNewestAsync(B.Store, CancellationToken.None));

        Assert.Equal(version, B.Holder.Version);
        Assert.Same(figures, B.Holder.Current!.Credit); // only the actions travelled
        Assert.StartsWith("Allowed", Decide(B.Holder, SharedPortfolio.Held, order), StringComparison.Ordinal);
        Assert.Contains("prepaid by wire", Decide(B.Holder, SharedPortfolio.Held, order), StringComparison.Ordinal);
        Assert.Equal(Decide(A.Holder, SharedPortfolio.Held, order), Decide(B.Holder, SharedPortfolio.Held, order));
    }

    [Fact]
    public async Task LoadNewestAsync_InstanceStartsAfterAReleaseWasPublished_LoadsTheFiguresAndTheRelease()
    {
        await A.Sharing.PublishFiguresAsync(A.Store, SharedPortfolio.Snapshot(Policy, ManualActions.None), CancellationToken.None);
        await A.Store.CommitOrderCreditAsync(
            new OrderCreditCommit { Releases = [new StoredOrderRelease(HeldOrder, "C-HELD", "cli:jdoe", "prepaid", SharedPortfolio.AsOf, null)] }, CancellationToken.None);
        var version = await A.Sharing.PublishActionsAsync(A.Store, CancellationToken.None);

        Assert.True(await B.Sharing.LoadNewestAsync(B.Store, CancellationToken.None));

        Assert.Equal(version, B.Holder.Version);
        Assert.Equal(version - 1, B.Holder.FiguresVersion);
        var order = new OrderRequest { CustomerId = "C-HELD", OrderId = HeldOrder.ToString("D"), Amount = 100m, On = SharedPortfolio.AsOf };
        Assert.StartsWith("Allowed", Decide(B.Holder, SharedPortfolio.Held, order), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishActionsAsync_NoEvaluationPublishedYet_PublishesNothing()
    {
        Assert.Null(await A.Sharing.PublishActionsAsync(A.Store, CancellationToken.None));
        Assert.Null(await A.Store.ReadNewestCreditSnapshotVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Load_OlderVersionThanTheOneInUse_IsIgnored()
    {
        var snapshot = SharedPortfolio.Snapshot(Policy);
        var newer = await A.Sharing.PublishFiguresAsync(A.Store, snapshot, CancellationToken.None);

        Assert.False(A.Holder.Load(snapshot, new CreditSnapshotVersionInfo(newer - 1, newer - 1, snapshot.EvaluatedAt, Time.GetUtcNow(), "late")));

        Assert.Equal(newer, A.Holder.Version);
    }

    /// <summary>Runs B's follower, publishes on A, and returns how long B took to decide from it (at most 10 s of real time).</summary>
    /// <param name="onlyAtPoll">Check that nothing is loaded before time moves on to the poll.</param>
    protected async Task<TimeSpan> FollowAsync(Func<Task> advance, bool onlyAtPoll = false)
    {
        await A.Sharing.PublishFiguresAsync(A.Store, SharedPortfolio.Snapshot(Policy), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var following = B.Follower.RunAsync(stop.Token);
        await WaitAsync(() => B.Holder.Version == A.Holder.Version, advance);

        var version = await A.Sharing.PublishFiguresAsync(A.Store, SharedPortfolio.Snapshot(Policy, ManualActions.None), CancellationToken.None);
        var took = Stopwatch.StartNew();
        if (onlyAtPoll)
        {
            await Task.Delay(300);
            Assert.NotEqual(version, B.Holder.Version);
        }

        await WaitAsync(() => B.Holder.Version == version, advance);
        took.Stop();

        await stop.CancelAsync();
        await following.WaitAsync(TimeSpan.FromSeconds(10));
        return took.Elapsed;
    }

    protected Task<DateTimeOffset?> LoadedAtAsync() => Task.FromResult(B.Holder.LoadedAt);

    private static async Task WaitAsync(Func<bool> done, Func<Task> advance)
    {
        var waited = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the other instance did not load the published snapshot within 10 s");
            await advance();
            await Task.Delay(20);
        }
    }

    private static string Decide(CreditSnapshotHolder holder, Guid account, OrderRequest order)
    {
        var snapshot = holder.Current!;
        var decision = CreditCheck.Check(snapshot.Find(account)!, order, Policy, snapshot.Actions);
        return $"{decision.Outcome} | {decision.Message} | {string.Join(',', decision.Reasons)} | {decision.Override?.By}";
    }

    private async Task<Instance> StartAsync(StoreOptions options)
    {
        var store = await ConnectorStoreFactory.OpenAsync(options, Time, CancellationToken.None);
        opened.Add(store);
        var holder = new CreditSnapshotHolder(Time);
        var settings = new CreditSnapshotOptions { PollSeconds = PollSeconds, Keep = 3 };
        var sharing = new CreditSnapshotSharing(holder, settings, Time, NullLogger<CreditSnapshotSharing>.Instance);
        var follower = new CreditSnapshotFollower(new Stores(options, Time), sharing, settings, Time, NullLogger<CreditSnapshotFollower>.Instance);
        return new Instance(store, holder, sharing, follower);
    }

    protected abstract int PollSeconds { get; }

    private sealed record Instance(IConnectorStore Store, CreditSnapshotHolder Holder, CreditSnapshotSharing Sharing, CreditSnapshotFollower Follower);

    private sealed class Stores(StoreOptions options, TimeProvider time) : IConnectorStoreFactory
    {
        public string Description => ConnectorStoreFactory.Describe(options);

        public Task<IConnectorStore> OpenAsync(CancellationToken cancellationToken) => ConnectorStoreFactory.OpenAsync(options, time, cancellationToken);

        public async Task<IConnectorStore?> OpenExistingAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);
    }
}

/// <summary>On SQLite the instances poll: a publication is loaded at the next poll, not before.</summary>
public sealed class SqliteCreditSnapshotSharingTests : CreditSnapshotSharingTests, IDisposable
{
    private readonly TempDirectory directory = new();

    protected override int PollSeconds => 5;

    protected override Task<StoreOptions> CreateStoreAsync() =>
        Task.FromResult(new StoreOptions { Provider = StoreOptions.Sqlite, ConnectionString = $"Data Source={directory.File("connector.db")}" });

    [Fact]
    public async Task Follower_Sqlite_LoadsAPublicationAtTheNextPoll()
    {
        await FollowAsync(
            () =>
            {
                Time.Advance(TimeSpan.FromSeconds(5));
                return Task.CompletedTask;
            },
            onlyAtPoll: true);

        Assert.Equal(Time.GetUtcNow(), (await LoadedAtAsync())!.Value);
    }

    public void Dispose() => directory.Dispose();
}

/// <summary>On PostgreSQL a publication is announced (NOTIFY): loaded at once, the poll (an hour here) never needed.</summary>
[Collection("postgres")]
public sealed class PostgresCreditSnapshotSharingTests(PostgresCluster cluster) : CreditSnapshotSharingTests
{
    protected override int PollSeconds => 3600;

    protected override async Task<StoreOptions> CreateStoreAsync() =>
        new() { Provider = StoreOptions.PostgreSql, ConnectionString = await cluster.CreateDatabaseAsync("sharing") };

    [Fact]
    public async Task Follower_PostgreSql_LoadsAPublicationWhenNotifiedWithoutWaitingForThePoll()
    {
        // The clock never reaches the poll: only the notification can make the follower look.
        await FollowAsync(static () => Task.CompletedTask);

        Assert.Equal(Time.GetUtcNow(), await LoadedAtAsync());
    }
}
