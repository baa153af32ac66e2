using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Connector.Benchmarks.Data;
using Connector.Domain.Evaluation;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Graph;
using Connector.Graph.Configuration;
using Connector.Graph.Resilience;
using Connector.Mapping.Canonical;
using Connector.Store;
using Connector.Sync.Clock;
using Connector.Sync.Collections;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;
using Connector.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// Issue 6 §7: ~10,000 open collection cases over 25 collectors written as To Do tasks by <see cref="CollectionsSync"/>
/// with the real Graph client (<c>AddGraph</c>: the Microsoft.Graph SDK, the per-mailbox gate, the retry pipeline) into
/// the Graph emulator at Outlook's documented per-mailbox limits and a stated latency; tasks/s against the most those
/// limits allow. Then the next run with nothing changed (the lists' first delta read), and a run after 1 % of the cases
/// changed: requests against the changes, and time.
/// </summary>
internal static class TasksRun
{
    private const double RatioGoal = 0.8;

    public static async Task<int> RunAsync(string[] args)
    {
        var cases = EvaluationRun.Arg(args, "--cases", 10_000);
        var quiet = EvaluationRun.Arg(args, "--quiet", 2_500);
        var collectors = EvaluationRun.Arg(args, "--collectors", 25);
        var parallelism = EvaluationRun.Arg(args, "--parallelism", new CollectionsSyncOptions().MaxParallelism);

        // No documented figure: a To Do write answered within Microsoft's network is typically 100-200 ms; 150 ms is
        // the middle, and below 240 ms, the latency at which 4 in flight (4 / L per s) equal the window's 16.7 per s.
        var latency = TimeSpan.FromMilliseconds(PushRun.Number(args, "--latency-ms", 150));
        var timeScale = PushRun.Number(args, "--time-scale", 1);
        var minThreads = EvaluationRun.Arg(args, "--min-threads", 0);
        if (minThreads > 0)
        {
            ThreadPool.GetMinThreads(out _, out var io);
            ThreadPool.SetMinThreads(minThreads, io);
        }

        Console.WriteLine($"Tasks: {cases:N0} case customers + {quiet:N0} without a task, {collectors} collectors; lists read back {parallelism} at a time, each mailbox written 4 at a time (all mailboxes at once); {Environment.ProcessorCount} cores, load average {PushRun.LoadAverage()}");

        // Setup, not timed: the ledger committed into a fresh SQLite store the way ingest commits it.
        using var work = new TempDirectory("connector-bench-tasks-");
        var watch = Stopwatch.StartNew();
        var ledger = CollectionsLedger.Create(cases, quiet, collectors);
        await using var store = await OpenStoreAsync(Path.Combine(work.Path, "graph"), ledger);
        Console.WriteLine($"setup (not timed): ledger built and committed to SQLite in {watch.Elapsed.TotalSeconds:F1} s ({ledger.Collectors.Count:N0} collectors, {ledger.Accounts.Count:N0} customers, {ledger.Accounts.Sum(a => a.Invoices.Count):N0} invoices)");
        var syncOptions = new CollectionsSyncOptions { MaxParallelism = parallelism };
        var policies = new EvaluationPolicies();
        var asOf = SyntheticLedger.AsOf;
        if (args.Contains("--parts"))
        {
            await PartsAsync(work, ledger, policies, asOf, syncOptions, latency);
        }

        var requests = new RequestCounter();
        var options = new GraphEmulatorOptions { Latency = latency, TimeScale = timeScale, Observer = requests.Observe };
        foreach (var collector in ledger.Collectors)
        {
            options.Users.Add(collector.Email!);
        }

        await using var emulator = await GraphEmulator.StartAsync(options, CancellationToken.None);
        Console.WriteLine(emulator.Describe());

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = emulator.ApiUrl.ToString(),
            ["Graph:AccessToken"] = "benchmark-token",
        }).Build();
        var services = new ServiceCollection();
        services.AddGraph(configuration);
        await using var provider = services.BuildServiceProvider();
        var graph = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphOptions>>().Value;
        var sync = new Collect(store, provider.GetRequiredService<ITaskBoard>());
        syncOptions = syncOptions with { TaskListName = graph.TaskListName };
        var limits = new Limits(options.Limits, latency, Math.Min(graph.MaxConcurrentPerMailbox, options.Limits.ConcurrentRequests), collectors);
        limits.Print();

        var run = new Runner(sync, policies, asOf, syncOptions, emulator, requests, collectors, provider.GetRequiredService<MailboxGate>());
        var first = await run.MeasureAsync("first run: every case's task created");
        var created = first.Report.Tasks.Created;
        var perMailbox = ledger.Collectors.Select(c => requests.TasksFor(c.Email!)).ToList();
        var setup = first.Kinds.GetValueOrDefault(GraphOperations.ListLists) + first.Kinds.GetValueOrDefault(GraphOperations.CreateList);
        var maxForRun = limits.MaxForRun(perMailbox, setup / (double)collectors);
        var rate = created / first.Emulated.TotalSeconds;
        var writeRate = created / first.Writing.TotalSeconds;
        Console.WriteLine($"  tasks/s (emulated), whole run: {rate:N0} / maximum for this run {maxForRun:N0} = {rate / maxForRun:F2} (goal ≥ {RatioGoal:F1}) — {(rate / maxForRun >= RatioGoal ? "MET" : "MISSED")}");
        Console.WriteLine($"  tasks/s (emulated), writing only ({first.Writing.TotalSeconds:F1} s): {writeRate:N0} = {writeRate / maxForRun:F2} of the maximum for this run");
        Console.WriteLine($"  against the sustained maximum ({limits.Sustained:N0}/s, a mailbox past {options.Limits.RequestsPerWindow:N0} requests per window): {rate / limits.Sustained:F2}");

        var second = await run.MeasureAsync("second run, nothing changed (the lists are read from the start once, then by delta)");
        Console.WriteLine($"  task writes {second.Writes:N0} (goal 0)");

        var changed = await ChangeOnePercentAsync(store, ledger, cases, collectors);
        Console.WriteLine();
        Console.WriteLine($"halved the oldest overdue invoice of {changed:N0} case customers (1 % of {cases:N0}) in the ledger");
        var third = await run.MeasureAsync("third run, 1 % of the cases changed");
        Console.WriteLine($"  task writes {third.Writes:N0} for {changed:N0} changed cases (goal: proportional, {changed:N0}); delta reads {third.Kinds.GetValueOrDefault(GraphOperations.TaskDelta):N0} for {collectors} lists; first run {first.Total:N0} requests");
        Console.WriteLine($"  time {third.Real.TotalSeconds:F1} s real / {third.Emulated.TotalSeconds:F1} s emulated = {third.Emulated / first.Emulated:P1} of the first run; of it writing {third.Writing.TotalSeconds:F1} s, the rest reading back, planning and committing");
        Console.WriteLine($"peak working set {TimedRun.PeakWorkingSetMegabytes():F0} MB; load average at the end {PushRun.LoadAverage()}");
        return 0;
    }

    private static async Task<IConnectorStore> OpenStoreAsync(string directory, Domain.Ledger.ArLedger ledger)
    {
        Directory.CreateDirectory(directory);
        var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = directory }, TimeProvider.System, CancellationToken.None);
        await CanonicalLedgerWriter.WriteAsync(store, ledger, CancellationToken.None);
        return store;
    }

    /// <summary>
    /// Where the first run's time goes without Graph: the same sync into fresh stores against <see cref="ModelTaskBoard"/>,
    /// first answering at once (the writer and the store alone), then waiting the latency with 4 slots per mailbox (the
    /// writer's scheduling against the per-mailbox limit, without HTTP, SDK or emulator).
    /// </summary>
    private static async Task PartsAsync(TempDirectory work, Domain.Ledger.ArLedger ledger, EvaluationPolicies policies, DateOnly asOf, CollectionsSyncOptions options, TimeSpan latency)
    {
        foreach (var (name, board) in new[] { ("instant board", new ModelTaskBoard(TimeSpan.Zero, 4)), ($"in-process board, {latency.TotalMilliseconds:0} ms and 4 slots per mailbox", new ModelTaskBoard(latency, 4)) })
        {
            await using var store = await OpenStoreAsync(Path.Combine(work.Path, name.Split(' ')[0]), ledger);
            var steps = new Steps();
            var report = await new Collect(store, board).RunAsync(policies, asOf, options, steps, CancellationToken.None);
            var writing = steps.Since("writing collection tasks");
            Console.WriteLine($"parts, {name} (load average {PushRun.LoadAverage()}): {report.Tasks.Created:N0} created in {steps.Elapsed.TotalSeconds:F1} s = {report.Tasks.Created / steps.Elapsed.TotalSeconds:N0}/s; writing alone {writing.TotalSeconds:F1} s = {report.Tasks.Created / writing.TotalSeconds:N0}/s; steps (s): {steps.Describe()}");
        }
    }

    /// <summary>
    /// The oldest invoice of one case customer in each hundred is half paid (a new open amount, committed as ingest
    /// would); the k-th hundred's (k mod collectors)-th customer, so the changes spread over every collector's mailbox.
    /// </summary>
    private static async Task<int> ChangeOnePercentAsync(IConnectorStore store, Domain.Ledger.ArLedger ledger, int cases, int collectors)
    {
        var changed = new List<CanonicalRecord>();
        for (var k = 0; (k * 100) + (k % collectors) < cases; k++)
        {
            var c = (k * 100) + (k % collectors);
            var oldest = ledger.Accounts[c].Invoices.MinBy(i => i.DueDate)!;
            var record = CanonicalLedgerWriter.Invoice(oldest);
            record.Values[6] = Math.Round(oldest.OpenAmount / 2, 2).ToString(CultureInfo.InvariantCulture);
            changed.Add(record);
        }

        await CanonicalLedgerWriter.CommitAsync(store, CanonicalEntity.Invoices, changed, CancellationToken.None);
        return changed.Count;
    }

    /// <summary>The cycle's collections half as a sync runs it: read the lists back, evaluate the store's ledger, write the tasks.</summary>
    private sealed class Collect(IConnectorStore store, ITaskBoard board)
    {
        public async Task<CollectionsSyncReport> RunAsync(
            EvaluationPolicies policies, DateOnly asOf, CollectionsSyncOptions options, IProgress<string> progress, CancellationToken cancellationToken)
        {
            var sync = new CollectionsSync(store, board, mail: null, new CompanyClock(TimeProvider.System, policies.Company));
            progress.Report("reading the collectors' task lists");
            var readBack = await sync.ReadBackAsync(options, cancellationToken);
            progress.Report("planning collections");
            var evaluation = await LedgerEvaluator.EvaluateAsync(store, policies, asOf, cancellationToken);
            return await sync.WriteAsync(evaluation, readBack, options, progress, cancellationToken);
        }
    }

    /// <summary>Runs the sync once and prints what it did, what it asked of Graph and where the time went.</summary>
    private sealed class Runner(
        Collect sync, EvaluationPolicies policies, DateOnly asOf, CollectionsSyncOptions options, GraphEmulator emulator, RequestCounter requests, int mailboxes, MailboxGate gate)
    {
        public async Task<Measured> MeasureAsync(string name)
        {
            Console.WriteLine();
            Console.WriteLine($"{name} (load average {PushRun.LoadAverage()}):");
            var before = requests.Snapshot();
            var throttledBefore = emulator.State.TotalThrottled;
            var gateBefore = gate.AllCounters();
            var steps = new Steps();
            using var sampler = new InFlightSampler(emulator, [.. emulator.Options.Users]);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var report = await sync.RunAsync(policies, asOf, options, steps, CancellationToken.None);
            var real = steps.Elapsed;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            await sampler.StopAsync();

            var scale = emulator.Options.TimeScale;
            var kinds = requests.Snapshot().Select(k => (k.Key, Count: k.Value - before.GetValueOrDefault(k.Key))).Where(k => k.Count > 0).ToDictionary(k => k.Key, k => k.Count, StringComparer.Ordinal);
            var throttled = emulator.State.TotalThrottled - throttledBefore;
            var tasks = report.Tasks;
            var writing = steps.Since("writing collection tasks") * scale;
            Console.WriteLine($"  cases: {report.Planned.Plan.Cases.Count:N0} open, {report.Queued:N0} task intents queued, {report.Planned.Unrouted.Count:N0} unrouted; read back {report.ReadBack.Lists:N0} lists");
            Console.WriteLine($"  tasks: created {tasks.Created:N0}, updated {tasks.Updated:N0}, completed {tasks.Completed:N0}, moved {tasks.Moved:N0}, quarantined {tasks.Quarantined:N0}, failed {tasks.Failed:N0}");
            Console.WriteLine($"  elapsed: {real.TotalSeconds:F1} s real = {(real * scale).TotalSeconds:F1} s emulated (×{scale:0.##}); steps (real s): {steps.Describe()}");
            Console.WriteLine($"  requests: {kinds.Values.Sum():N0} ({throttled:N0} answered 429); by kind: {(kinds.Count == 0 ? "none" : string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value:N0}")))}");
            Console.WriteLine($"  requests in flight, all mailboxes (of {mailboxes} × 4 allowed): {sampler.Describe()}");
            Console.WriteLine($"  mailbox gate: {GateDelta(gateBefore, gate.AllCounters())}");
            var writes = kinds.GetValueOrDefault(GraphOperations.CreateTask) + kinds.GetValueOrDefault(GraphOperations.UpdateTask);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU of the process (planning, client, emulator and store on the same {Environment.ProcessorCount} cores): {cpu.TotalSeconds:F1} s{(writes == 0 ? string.Empty : $" = {cpu.TotalMilliseconds / writes:F2} ms per task written")} over {real.TotalSeconds:F1} s real; load average {PushRun.LoadAverage()}"));
            return new Measured(report, real, real * scale, writing, kinds, kinds.Values.Sum(), writes);
        }
    }

    /// <summary>What the client's per-mailbox gate did during one run: 429s it saw, requests it held for a pause, time paused.</summary>
    private static string GateDelta(IReadOnlyDictionary<string, MailboxGateCounters> before, IReadOnlyDictionary<string, MailboxGateCounters> after)
    {
        long throttled = 0, held = 0, paused = 0;
        var pausedFor = TimeSpan.Zero;
        foreach (var (mailbox, now) in after)
        {
            var then = before.GetValueOrDefault(mailbox) ?? new MailboxGateCounters(0, 0, 0, TimeSpan.Zero, null);
            throttled += now.Throttled - then.Throttled;
            held += now.Held - then.Held;
            var delta = now.PausedFor - then.PausedFor;
            pausedFor += delta;
            paused += delta > TimeSpan.Zero ? 1 : 0;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{throttled:N0} answers 429 seen, {held:N0} requests held until Retry-After, {paused:N0} mailboxes paused {pausedFor.TotalSeconds:F1} s in all");
    }

    /// <param name="Writing">Emulated time from the start of the task writes to the end of the run.</param>
    private sealed record Measured(
        CollectionsSyncReport Report, TimeSpan Real, TimeSpan Emulated, TimeSpan Writing, IReadOnlyDictionary<string, long> Kinds, long Total, long Writes);

    /// <summary>
    /// The most tasks per second Outlook's per-mailbox limits allow at latency L: a mailbox answers at most C = 4 requests
    /// at a time, each taking L, so 4 / L per second, and at most 10,000 per sliding 10 minutes (16.7 per s sustained);
    /// mailboxes are independent, so the company's rate is the sum over mailboxes.
    /// </summary>
    private sealed record Limits(MailboxLimits Mailbox, TimeSpan Latency, int Concurrency, int Mailboxes)
    {
        public double ByConcurrency => Concurrency / Latency.TotalSeconds;

        public double ByWindow => Mailbox.RequestsPerWindow / Mailbox.Window.TotalSeconds;

        public double Sustained => Mailboxes * Math.Min(ByConcurrency, ByWindow);

        /// <summary>
        /// Tasks/s for this run: each mailbox first finds or creates its list (<paramref name="setupPerMailbox"/> requests, one
        /// after the other), then its R tasks go C at a time: S × L + ⌈R / C⌉ × L, and a mailbox past the window's request
        /// count waits for the window (the first window starts empty). The slowest mailbox ends the run.
        /// </summary>
        public double MaxForRun(IReadOnlyList<long> tasksPerMailbox, double setupPerMailbox)
        {
            var slowest = tasksPerMailbox.Max(r =>
            {
                var requests = r + setupPerMailbox;
                var byConcurrency = (setupPerMailbox * Latency.TotalSeconds) + (Math.Ceiling(r / (double)Concurrency) * Latency.TotalSeconds);
                var byWindow = Math.Floor((requests - 1) / Mailbox.RequestsPerWindow) * Mailbox.Window.TotalSeconds;
                return Math.Max(byConcurrency, byWindow);
            });
            return tasksPerMailbox.Sum() / slowest;
        }

        public void Print()
        {
            Console.WriteLine($"maximum the limits allow per mailbox at L = {Latency.TotalMilliseconds:0} ms: min(C / L = {Concurrency} / {Latency.TotalSeconds:0.###} s = {ByConcurrency:F1}/s, {Mailbox.RequestsPerWindow:N0} / {Mailbox.Window.TotalSeconds:N0} s = {ByWindow:F1}/s) = {Math.Min(ByConcurrency, ByWindow):F1} requests/s; × {Mailboxes} mailboxes = {Sustained:N0}/s sustained ({(ByWindow < ByConcurrency ? "the window binds" : "concurrency binds")})");
            Console.WriteLine($"  a run of fewer than {Mailbox.RequestsPerWindow:N0} requests per mailbox never fills the first (empty) window, so for it concurrency binds: {Mailboxes} × {ByConcurrency:F1} = {Mailboxes * ByConcurrency:N0}/s, less the list set-up each mailbox does first");
        }
    }

    /// <summary>Counts the requests the emulator receives, by operation, and each mailbox's task creates (the Observer hook).</summary>
    private sealed class RequestCounter
    {
        private readonly ConcurrentDictionary<string, long> kinds = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, long> creates = new(StringComparer.OrdinalIgnoreCase);

        public void Observe(ObservedGraphRequest request)
        {
            if (request.Phase != RequestPhase.Received)
            {
                return;
            }

            kinds.AddOrUpdate(request.Operation, 1, static (_, n) => n + 1);
            if (request.Operation == GraphOperations.CreateTask && request.UserId is { } user)
            {
                creates.AddOrUpdate(user, 1, static (_, n) => n + 1);
            }
        }

        public Dictionary<string, long> Snapshot() => new Dictionary<string, long>(kinds, StringComparer.Ordinal);

        /// <summary>Task creates received for <paramref name="mailbox"/> so far.</summary>
        public long TasksFor(string mailbox) => creates.GetValueOrDefault(mailbox);
    }

    /// <summary>Real time at which each step of the sync started (synchronously, unlike Progress&lt;T&gt;).</summary>
    private sealed class Steps : IProgress<string>
    {
        private readonly Stopwatch watch = Stopwatch.StartNew();
        private readonly List<(string Step, TimeSpan At)> steps = [];

        public TimeSpan Elapsed => watch.Elapsed;

        public void Report(string value)
        {
            lock (steps)
            {
                steps.Add((value, watch.Elapsed));
            }
        }

        /// <summary>Real time from the step starting with <paramref name="step"/> to the end of the run.</summary>
        public TimeSpan Since(string step)
        {
            lock (steps)
            {
                var at = steps.FindIndex(s => s.Step.StartsWith(step, StringComparison.Ordinal));
                return at < 0 ? TimeSpan.Zero : watch.Elapsed - steps[at].At;
            }
        }

        public string Describe()
        {
            lock (steps)
            {
                var end = watch.Elapsed;
                return string.Join("; ", steps.Select((s, i) => $"{s.Step} {((i + 1 < steps.Count ? steps[i + 1].At : end) - s.At).TotalSeconds:F1}"));
            }
        }
    }

    /// <summary>Samples the requests in flight in every mailbox of the emulator every 20 ms of real time, while any is.</summary>
    private sealed class InFlightSampler : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly List<int> samples = [];
        private readonly List<(int Threads, long Queued)> threads = [];
        private readonly Task loop;

        public InFlightSampler(GraphEmulator emulator, IReadOnlyList<string> mailboxes)
        {
            loop = Task.Run(async () =>
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var total = mailboxes.Sum(emulator.InFlight);
                        if (total > 0)
                        {
                            lock (samples)
                            {
                                samples.Add(total);
                                threads.Add((ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount));
                            }
                        }

                        await Task.Delay(TimeSpan.FromMilliseconds(20), stop.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                    // stopped
                }
            });
        }

        public async Task StopAsync()
        {
            await stop.CancelAsync();
            await loop;
        }

        public string Describe()
        {
            lock (samples)
            {
                return samples.Count == 0
                    ? "nothing sampled"
                    : string.Create(CultureInfo.InvariantCulture, $"mean {samples.Average():F1}, peak {samples.Max()} ({samples.Count:N0} samples while any request was in flight); thread pool {threads.Min(t => t.Threads)}-{threads.Max(t => t.Threads)} threads, {threads.Average(t => t.Queued):F0} work items queued on average");
            }
        }

        public void Dispose()
        {
            stop.Cancel();
            stop.Dispose();
        }
    }
}
