using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Records;
using Connector.Store;
using Connector.Sync.Push;
using Connector.Sync.Runs;
using Connector.Testing;
using Connector.Worker.Tests.Ingest;
using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;
using Npgsql;
using Xunit.Abstractions;

namespace Connector.Worker.Tests.Running;

/// <summary>
/// Three real <c>connector run</c> processes on one PostgreSQL store (a throwaway cluster) and the Dataverse emulator on
/// loopback, sharing the schedule through Quartz's clustered job store: one sync cycle at a time across them, and the
/// instance running the first cycle SIGKILLed in the middle of its push — another instance takes the cycle over and
/// Dataverse ends exactly as after a run nothing interrupted.
/// </summary>
[Collection(WorkerPostgresCollection.Name)]
public sealed class RunClusterTests(PostgresCluster cluster, RunClusterTests.UninterruptedRun uninterrupted, ITestOutputHelper output)
    : IClassFixture<RunClusterTests.UninterruptedRun>
{
    /// <summary>Small bulk requests, one at a time, so the kill lands between two batches of a table (as in <see cref="SyncCrashTests"/>).</summary>
    private const int BatchSize = 100;

    private const int MaxParallelism = 1;

    private static readonly string[] Instances = ["node-1", "node-2", "node-3"];

    [Fact]
    public async Task Run_ThreeInstancesInstanceKilledMidPush_AnotherFinishesTheCycleOneCycleAtATimeNothingLostOrDuplicated()
    {
        var connectionString = await cluster.CreateDatabaseAsync("run_cluster");
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse, BatchSize, MaxParallelism);
        workspace.UseSection("Store", new { Provider = "postgresql", ConnectionString = connectionString });
        workspace.UseSection("Schedules", new { Sync = "0/2 * * * * ?" });
        // Short check-ins so the test takes seconds, not the default 7.5 + 7.5 s; a late cycle runs once, not once per missed tick.
        workspace.UseSection("Quartz", new { CheckinIntervalMilliseconds = 1000, CheckinMisfireThresholdMilliseconds = 1000, MisfireThresholdMilliseconds = 1000 });
        workspace.UseSection("Webhook", new { HeaderName = "x-arc-key", RunSharedSnapshotTests.Key });
        workspace.UseSection("Credit", new { OrderEnforcement = "Reject" });
        var addresses = Instances.Select(static _ => new Uri($"http://127.0.0.1:{RunSharedSnapshotTests.FreePort()}/")).ToList();

        var processes = new Dictionary<string, ConnectorProcess>(StringComparer.Ordinal);
        var killed = new TaskCompletionSource<(string Instance, DateTimeOffset At)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var accountsPushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var balancerRunning = new ManualResetEventSlim();
        dataverse.Options.Observer = request =>
        {
            if (request is { Phase: RequestPhase.Executed, Kind: RequestKinds.Bulk, EntitySet: "arc_openitems", Ordinal: 1 })
            {
                accountsPushed.TrySetResult();
            }

            // The 2nd UpsertMultiple of open items has written its rows and is not answered yet: kill whoever runs the cycle.
            if (request is not { Phase: RequestPhase.Executed, Kind: RequestKinds.Bulk, EntitySet: "arc_openitems", Ordinal: 2 } || killed.Task.IsCompleted)
            {
                return;
            }

            // The open items' request held (a slow Dataverse) until the order checks flow through the balancer.
            balancerRunning.Wait(TimeSpan.FromMinutes(2));
            var running = RunningInstance(connectionString);
            lock (processes)
            {
                processes[running].Kill();
            }

            killed.TrySetResult((running, TimeProvider.System.GetUtcNow()));
        };

        using var stopBalancer = new CancellationTokenSource();
        RoundRobinBalancer? balancer = null;
        var balancing = Task.CompletedTask;
        try
        {
            lock (processes)
            {
                for (var i = 0; i < Instances.Length; i++)
                {
                    processes[Instances[i]] = ConnectorProcess.Start(workspace, ["run"], new Dictionary<string, string>
                    {
                        ["Quartz__InstanceId"] = Instances[i],
                        ["Webhook__Urls"] = addresses[i].ToString().TrimEnd('/'),
                    });
                }
            }

            // The webhooks behind a load balancer from the moment the accounts are in Dynamics (the orders name them)
            // through the kill, the takeover and the publication of the snapshot it evaluated.
            await accountsPushed.Task.WaitAsync(TimeSpan.FromMinutes(2));
            using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            {
                for (var i = 0; i < Instances.Length; i++)
                {
                    await RunSharedSnapshotTests.WaitForListeningAsync(probe, processes[Instances[i]], addresses[i]);
                }
            }

            balancer = new RoundRobinBalancer(addresses, Orders(dataverse));
            var balancerStartedAt = TimeProvider.System.GetUtcNow();
            balancing = Task.Run(() => balancer.RunAsync(stopBalancer.Token));
            while (balancer.Sent < 50 && !balancing.IsCompleted)
            {
                await Task.Delay(50);
            }

            Assert.False(balancing.IsFaulted, balancing.Exception?.ToString());

            balancerRunning.Set();

            var (victim, killedAt) = await killed.Task.WaitAsync(TimeSpan.FromMinutes(2));
            dataverse.Options.Observer = null;

            // The cycle taken over, then at least five more: every one on the journal.
            var runs = await WaitForRunsAsync(connectionString, r => r.Count(static x => x.Outcome == RunOutcome.Succeeded) >= 6, processes, TimeSpan.FromMinutes(2));

            var interrupted = Assert.Single(runs, static r => r.Outcome == RunOutcome.Interrupted);
            Assert.Equal(victim, interrupted.InstanceId);
            var takeover = runs.First(r => r.StartedAt >= killedAt);
            Assert.NotEqual(victim, takeover.InstanceId);
            Assert.Equal(RunOutcome.Succeeded, takeover.Outcome);
            Assert.Contains(runs, static r => r.Trigger == Connector.Worker.Running.SyncJob.RecoveryTrigger);
            Assert.True(takeover.Counts.RecordsSent > 0, "the takeover pushed what the killed run had not");
            AssertOneAtATime(runs);

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"failover: {victim} killed at {killedAt:HH:mm:ss.fff}; {takeover.InstanceId} started the cycle {(takeover.StartedAt - killedAt).TotalSeconds:0.0} s later "
                + $"({takeover.Trigger}) and finished it {(takeover.EndedAt!.Value - killedAt).TotalSeconds:0.0} s after the kill; check-in 1 s + threshold 1 s"));
            foreach (var run in runs)
            {
                output.WriteLine($"{run.RunId} {run.InstanceId} {run.Trigger} {run.StartedAt:HH:mm:ss.fff} → {run.EndedAt:HH:mm:ss.fff} {run.Outcome} sent {run.Counts.RecordsSent}");
            }

            // Every survivor decides from a published snapshot; a few more seconds of checks, then the balancer stops.
            var publishedAt = await FirstPublishedAtAsync(connectionString);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first credit snapshot published {(publishedAt - killedAt).TotalSeconds:0.0} s after the kill"));
            using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            {
                for (var i = 0; i < Instances.Length; i++)
                {
                    if (Instances[i] != victim)
                    {
                        await WaitForSnapshotAsync(probe, addresses[i]);
                    }
                }
            }

            var allLoadedAt = TimeProvider.System.GetUtcNow();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await stopBalancer.CancelAsync();
            await balancing.WaitAsync(TimeSpan.FromMinutes(2));
            var stoppedAt = TimeProvider.System.GetUtcNow();

            balancer.Report(output, "before the kill", balancerStartedAt, killedAt);
            balancer.Report(output, "from the kill to the end of the takeover cycle", killedAt, takeover.EndedAt!.Value);
            balancer.Report(output, "whole run", balancerStartedAt, stoppedAt);
            Assert.Contains(balancer.Answers, a => a.SentAt <= killedAt);
            Assert.Contains(balancer.Answers, a => a.SentAt > killedAt && a.SentAt < takeover.EndedAt);
            Assert.DoesNotContain(balancer.Answers, static a => a.Status is null);
            Assert.Contains(balancer.Answers, static a => a.Retries > 0);

            // The same order gets the same answer from whichever instance: until the takeover cycle starts (no evaluation yet:
            // by policy), and once every survivor has loaded the snapshot; left out, the takeover's own evaluation reaching
            // its webhooks just before the store publishes it to the other survivor.
            foreach (var (phase, answers) in new[]
            {
                ("before the snapshot", balancer.Answers.Where(a => a.AnsweredAt < takeover.StartedAt)),
                ("after the snapshot", balancer.Answers.Where(a => a.SentAt > allLoadedAt)),
            })
            {
                foreach (var order in answers.GroupBy(static a => a.Order))
                {
                    var distinct = order.Select(static a => (a.Status, a.Sentence)).Distinct().ToList();
                    Assert.True(distinct.Count == 1, $"order {order.Key} {phase}: {string.Join(" | ", distinct)}");
                }
            }

            Assert.Contains(balancer.Answers, a => a.SentAt > allLoadedAt && a.Status == HttpStatusCode.Forbidden);
        }
        finally
        {
            balancerRunning.Set();
            dataverse.Options.Observer = null;
            await stopBalancer.CancelAsync();
            await balancing.WaitAsync(TimeSpan.FromMinutes(2));
            lock (processes)
            {
                foreach (var process in processes.Values)
                {
                    process.Dispose();
                }
            }
        }

        SyncCrashTests.AssertSameState(uninterrupted.State, dataverse.State());
        await using var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { Provider = StoreOptions.PostgreSql, ConnectionString = connectionString }, TimeProvider.System, CancellationToken.None);
        foreach (var table in DataverseModel.PushOrder)
        {
            Assert.Empty(await store.ReadPendingAsync(DataverseModel.Target(table), int.MaxValue, CancellationToken.None));
        }

        // A published snapshot names its instance as the cluster and the run journal do (Quartz:InstanceId).
        Assert.All(await PublishersAsync(connectionString), publisher => Assert.Contains(publisher, Instances));
    }

    private static async Task<List<string>> PublishersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT DISTINCT instance FROM credit_snapshot", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var publishers = new List<string>();
        while (await reader.ReadAsync())
        {
            publishers.Add(reader.GetString(0));
        }

        Assert.NotEmpty(publishers);
        return publishers;
    }

    /// <summary>Sorted by start, each run started no earlier than the one before it ended; only the last may still run.</summary>
    private static void AssertOneAtATime(IReadOnlyList<RunRecord> runs)
    {
        for (var i = 0; i < runs.Count - 1; i++)
        {
            var (previous, next) = (runs[i], runs[i + 1]);
            Assert.True(previous.EndedAt is { } ended && next.StartedAt >= ended,
                $"run {next.RunId} on {next.InstanceId} started {next.StartedAt:HH:mm:ss.fff}, before run {previous.RunId} on {previous.InstanceId} ended ({previous.EndedAt:HH:mm:ss.fff})");
        }
    }

    /// <summary>An order of the customer on credit hold and one of another customer, as Dataverse's PreValidation step posts them.</summary>
    private static List<string> Orders(EmulatedDataverse dataverse)
    {
        var accounts = dataverse.Environment.Records("account");
        var held = accounts.First(static a => a["accountnumber"] as string == RunSharedSnapshotTests.HeldCustomer);
        var other = accounts.First(static a => a["accountnumber"] as string != RunSharedSnapshotTests.HeldCustomer);
        return [RunSharedSnapshotTests.Order((Guid)held["accountid"]!, 100m), RunSharedSnapshotTests.Order((Guid)other["accountid"]!, 10m)];
    }

    private static async Task<DateTimeOffset> FirstPublishedAtAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT MIN(published_at) FROM credit_snapshot", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync() && !reader.IsDBNull(0), "no credit snapshot was published");
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    /// <summary>Waits until the instance's <c>/health</c> names the snapshot version it decides from.</summary>
    private static async Task WaitForSnapshotAsync(HttpClient client, Uri address)
    {
        var until = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(1);
        while (true)
        {
            var health = JsonNode.Parse(await client.GetStringAsync(new Uri(address, "health")))!;
            if (health["snapshotVersion"] is not null)
            {
                return;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < until, $"{address} loaded no snapshot within a minute: {health.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    private static string RunningInstance(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT instance_id FROM run_journal WHERE outcome = 'running'", connection);
        return command.ExecuteScalar() as string ?? throw new InvalidOperationException("a push with no run marked running in the journal");
    }

    private static async Task<IReadOnlyList<RunRecord>> WaitForRunsAsync(
        string connectionString, Func<IReadOnlyList<RunRecord>, bool> done, Dictionary<string, ConnectorProcess> processes, TimeSpan limit)
    {
        var until = TimeProvider.System.GetUtcNow() + limit;
        while (true)
        {
            IReadOnlyList<RunRecord> runs;
            await using (var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { Provider = StoreOptions.PostgreSql, ConnectionString = connectionString }, TimeProvider.System, CancellationToken.None))
            {
                runs = await store.ListRunsAsync(1000, CancellationToken.None);
            }

            if (done(runs))
            {
                return runs;
            }

            if (TimeProvider.System.GetUtcNow() > until)
            {
                var outputs = new List<string>();
                lock (processes)
                {
                    foreach (var process in processes.Values)
                    {
                        process.Dispose();
                    }
                }

                foreach (var (name, process) in processes)
                {
                    outputs.Add(name + ":\n" + await process.OutputAsync());
                }

                Assert.Fail($"after {limit.TotalSeconds:0} s the journal has {runs.Count} runs ({string.Join(", ", runs.Select(static r => $"{r.InstanceId} {r.Outcome}"))}); {string.Join("\n", outputs)}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The emulator's rows after one uninterrupted sync of the sample company, today, with the same push settings.</summary>
    public sealed class UninterruptedRun : IAsyncLifetime
    {
        public Dictionary<string, Dictionary<string, string>> State { get; private set; } = [];

        public async Task InitializeAsync()
        {
            await using var dataverse = await EmulatedDataverse.StartAsync();
            using var workspace = SyncTestKit.SampleWorkspace(dataverse, BatchSize, MaxParallelism);
            var result = await workspace.RunAsync("sync", "--once", "--format", "json");
            Assert.True(result.ExitCode == 0, result.Error);
            State = dataverse.State();
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
