using System.Diagnostics;
using System.Globalization;
using Connector.Benchmarks.Data;
using Connector.Dataverse.Configuration;
using Connector.Dataverse.Resilience;
using Connector.Dataverse.Solution;
using Connector.Domain.Evaluation;
using Connector.Domain.Policies;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Protection;
using Connector.Emulators.Dataverse.Solutions;
using Connector.Mapping.Canonical;
using Connector.Store;
using Connector.Sync.Clock;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;
using Connector.Sync.Push;
using Connector.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// Issue 4 §6: a company's accounts and open items pushed by <see cref="DataverseSync"/> with the real Web API client
/// into the Dataverse emulator behind its front door (the documented service protection limits, a stated latency and
/// per-record cost, time-scaled); records/s against the maximum those limits allow. Then 1 % of the invoices change
/// and the same sync runs again: requests and time against the first push.
/// </summary>
internal static class PushRun
{
    private const double RatioGoal = 0.8;

    public static async Task<int> RunAsync(string[] args)
    {
        var customers = EvaluationRun.Arg(args, "--customers", 100_000);
        var items = EvaluationRun.Arg(args, "--items", 1_000_000);
        var batchSize = EvaluationRun.Arg(args, "--batch-size", 500);
        var latency = TimeSpan.FromMilliseconds(Number(args, "--latency-ms", 100));
        var perRecord = TimeSpan.FromMilliseconds(Number(args, "--record-cost-ms", 2));

        // Reading a 5,000-row page costs Dataverse far less per row than writing rows: 0.2 ms a row read (1 s a full page).
        var perRecordRead = TimeSpan.FromMilliseconds(Number(args, "--read-cost-ms", 0.2));
        var timeScale = Number(args, "--time-scale", 5);
        var dopHint = EvaluationRun.Arg(args, "--dop-hint", 16);
        var asOf = SyntheticLedger.AsOf;
        Console.WriteLine($"Push: {customers:N0} customers, {items:N0} open invoices; {Environment.ProcessorCount} cores, load average {LoadAverage()}");

        // Setup, not timed as part of the push: the ledger written into a fresh SQLite store the way ingest commits it.
        using var work = new TempDirectory("connector-bench-push-");
        var watch = Stopwatch.StartNew();
        var ledger = SyntheticLedger.Create(customers, items, openOrders: 0);
        var built = watch.Elapsed;
        await using var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = work.Path }, TimeProvider.System, CancellationToken.None);
        var written = await CanonicalLedgerWriter.WriteAsync(store, ledger, CancellationToken.None);
        Console.WriteLine($"setup (not part of the push): ledger built in {built.TotalSeconds:F1} s, committed to SQLite in {(watch.Elapsed - built).TotalSeconds:F1} s ({string.Join(", ", written.Select(w => $"{w.Value:N0} {w.Key.ToString().ToLowerInvariant()}"))})");

        var options = new DataverseEmulatorOptions
        {
            Limits = ServiceProtectionLimits.Documented(),
            Latency = latency,
            PerRecordCost = perRecord,
            PerRecordReadCost = perRecordRead,
            TimeScale = timeScale,
            DegreeOfParallelismHint = dopHint,
        };
        await using var emulator = await DataverseEmulator.StartAsync(options, CancellationToken.None);
        var frontDoor = emulator.FrontDoor;
        await ImportSolutionAsync(emulator);
        Console.WriteLine(emulator.Describe());

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dataverse:Url"] = emulator.BaseAddress.ToString(),
            ["Dataverse:AccessToken"] = "benchmark-token",
            ["Dataverse:BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddDataverse(configuration);
        await using var provider = services.BuildServiceProvider();
        var dataverse = provider.GetRequiredService<IDataverse>();
        var limiter = provider.GetRequiredService<AdaptiveConcurrency>();
        var clientOptions = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DataverseOptions>>().Value;

        var limits = new Limits(options.Limits, latency, perRecord, batchSize, Math.Min(Math.Min(clientOptions.MaxParallelism, dopHint), options.Limits.ConcurrentRequests));
        limits.Print(customers + (long)items);

        // As `connector run` composes it: the ledger kept between the two runs (decision 80); `--reload-every-cycle` reads it whole each time.
        var resident = args.Contains("--reload-every-cycle") ? null : new ResidentEvaluation();
        Console.WriteLine(resident is null ? "evaluation: ledger read whole every cycle" : "evaluation: ledger kept in memory between cycles (connector run)");
        var sync = new PushCycle(store, dataverse, new CompanyClock(TimeProvider.System, new CompanyPolicy()), resident);
        var policies = new EvaluationPolicies();
        var first = await MeasureAsync("first push", sync, policies, asOf, emulator, frontDoor, limiter);
        var pushed = first.Report.Pushed.Sum(p => p.Sent);
        var rate = pushed / first.Emulated.TotalSeconds;
        var max = limits.SustainedMax;
        Console.WriteLine($"  records/s (emulated time): {rate:N0} / maximum {max:N0} = {rate / max:F2} (goal ≥ {RatioGoal:F1}) — {(rate / max >= RatioGoal ? "MET" : "MISSED")}");
        var burstMax = pushed / limits.MinimumSeconds(first.Report.Requests, first.ExecutionBooked).TotalSeconds;
        Console.WriteLine($"  with the first window's burst allowance for this run's {first.ExecutionBooked.TotalSeconds:N0} s of execution: maximum {burstMax:N0} records/s, ratio {rate / burstMax:F2}");
        var pushingRate = pushed / first.Pushing.TotalSeconds;
        Console.WriteLine($"  while pushing (first account sent → last payment answered, {first.Pushing.TotalSeconds:N0} s emulated; the evaluation before and the read-back after left out): {pushingRate:N0} records/s = {pushingRate / max:F2} of the maximum");

        // An incremental run comes later (a schedule, not right after a full load): let the full load's window pass.
        var pause = frontDoor.Clock.ToReal(options.Limits.Window);
        Console.WriteLine();
        Console.WriteLine($"waiting one service protection window ({options.Limits.Window.TotalSeconds:N0} s emulated = {pause.TotalSeconds:N0} s real) so the incremental run starts with the budget a scheduled run would have");
        await Task.Delay(pause);

        var (changedItems, touchedAccounts) = await ChangeOnePercentAsync(store, ledger);
        Console.WriteLine($"changed the open amount of {changedItems:N0} invoices (1 %) of {touchedAccounts:N0} customers in the ledger");
        var second = await MeasureAsync("incremental push", sync, policies, asOf, emulator, frontDoor, limiter);
        var expected = Math.Ceiling(changedItems / (double)batchSize) + Math.Ceiling(touchedAccounts / (double)batchSize);
        Console.WriteLine($"  upsert requests {second.Report.Requests:N0} for {second.Report.Pushed.Sum(p => p.Sent):N0} records (proportional: ⌈{changedItems:N0}/{batchSize}⌉ + ⌈{touchedAccounts:N0}/{batchSize}⌉ = {expected:N0}); first push {first.Report.Requests:N0} requests");
        Console.WriteLine($"  time {second.Real.TotalSeconds:F1} s real / {second.Emulated.TotalSeconds:F0} s emulated vs first push {first.Real.TotalSeconds:F1} s / {first.Emulated.TotalSeconds:F0} s = {second.Emulated / first.Emulated:P1}");
        Console.WriteLine($"peak working set {TimedRun.PeakWorkingSetMegabytes():F0} MB (store, ledger and the emulator's rows in one process); load average at the end {LoadAverage()}");
        return 0;
    }

    private static async Task<Measured> MeasureAsync(
        string name, PushCycle sync, EvaluationPolicies policies, DateOnly asOf, DataverseEmulator emulator, DataverseFrontDoor frontDoor, AdaptiveConcurrency limiter)
    {
        Console.WriteLine();
        Console.WriteLine($"{name} (load average {LoadAverage()}):");
        var statsBefore = frontDoor.Stats;
        var kindsBefore = emulator.Environment.Requests.Snapshot();
        var steps = new StepClock(frontDoor.Clock);
        using var sampler = new Sampler(frontDoor, limiter);
        var startEmulated = frontDoor.Clock.EmulatedNow;
        var watch = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (report, evaluation) = await sync.RunAsync(policies, asOf, steps, CancellationToken.None);
        var real = watch.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var emulated = frontDoor.Clock.EmulatedNow - startEmulated;
        steps.Report("done");
        await sampler.StopAsync();

        var stats = frontDoor.Stats;
        var throttled = stats.ThrottledByCode.Select(t => (t.Key, t.Value - statsBefore.ThrottledByCode.GetValueOrDefault(t.Key))).Where(t => t.Item2 > 0).ToList();
        var kinds = emulator.Environment.Requests.Snapshot().Select(k => (k.Key, k.Value - kindsBefore.GetValueOrDefault(k.Key))).Where(k => k.Item2 > 0).OrderBy(k => k.Key, StringComparer.Ordinal);
        var booked = Booked(stats) - Booked(statsBefore);
        var admitted = stats.Admitted - statsBefore.Admitted;
        var rejected = throttled.Sum(t => t.Item2);
        Console.WriteLine($"  pushed: {string.Join(", ", report.Pushed.Select(p => $"{p.Sent:N0} {p.Table.LogicalName} in {p.Requests:N0} requests"))}; quarantined {report.Pushed.Sum(p => p.Quarantined):N0}; deferred {report.Deferred:N0}; accounts on hold {evaluation.Credit.OnHoldCount:N0}");
        Console.WriteLine($"  elapsed: {real.TotalSeconds:F1} s real = {emulated.TotalSeconds:F0} s emulated (×{frontDoor.Clock.TimeScale:0.##})");
        Console.WriteLine($"  steps (emulated s): {steps.Describe()}");
        Console.WriteLine($"  requests at the front door: {admitted + rejected:N0} ({admitted:N0} admitted, {rejected:N0} answered 429{(throttled.Count == 0 ? string.Empty : ": " + string.Join(", ", throttled.Select(t => $"{t.Item2:N0} × {t.Key} {CodeName(t.Key)}")))}); by kind: {string.Join(", ", kinds.Select(k => $"{k.Key} {k.Item2:N0}"))}");
        Console.WriteLine($"  execution booked: {booked.TotalSeconds:N0} s = {booked.TotalSeconds / emulated.TotalSeconds:F2} s per emulated second (the limit allows {frontDoor.Protection.Limits.ExecutionTimePerWindow.TotalSeconds / frontDoor.Protection.Limits.Window.TotalSeconds:F0})");
        Console.WriteLine($"  client concurrency over time: {sampler.Describe()}");
        var records = report.Pushed.Sum(p => p.Sent);
        Console.WriteLine($"  CPU of the process (evaluation, client, emulator and store on the same {Environment.ProcessorCount} cores): {cpu.TotalSeconds:F1} s over {real.TotalSeconds:F1} s real{(records == 0 ? string.Empty : $" = {cpu.TotalMilliseconds * 1000 / records:F0} µs per record pushed")}; load average {LoadAverage()}");
        return new Measured(report, real, emulated, booked, steps.Span("pushing accounts", "reading back"));
    }

    private static TimeSpan Booked(ProtectionStats stats) => stats.Callers.Values.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.ExecutionTime);

    private static string CodeName(string code) => code switch
    {
        ProtectionErrorCodes.RequestsExceeded => "(requests)",
        ProtectionErrorCodes.ExecutionTimeExceeded => "(execution time)",
        ProtectionErrorCodes.ConcurrencyExceeded => "(concurrency)",
        _ => string.Empty,
    };

    /// <summary>Every 100th invoice (not a credit memo) is half paid: a new open amount, committed as ingest would.</summary>
    /// <summary>The cycle's Dataverse half as a sync runs it: read back, evaluate the store's ledger, push.</summary>
    private sealed class PushCycle(IConnectorStore store, IDataverse dataverse, CompanyClock clock, ResidentEvaluation? resident)
    {
        public async Task<(DataversePushReport Report, LedgerEvaluation Evaluation)> RunAsync(
            EvaluationPolicies policies, DateOnly asOf, IProgress<string> progress, CancellationToken cancellationToken)
        {
            progress.Report("reading holds and releases set in Dynamics");
            await new HoldReadBack(dataverse, store, clock).RunAsync(cancellationToken);
            progress.Report("evaluating");
            var evaluation = resident is null
                ? await LedgerEvaluator.EvaluateAsync(store, policies, asOf, cancellationToken)
                : await resident.EvaluateAsync(store, policies, asOf, cancellationToken);
            var report = await new DataversePush(store, dataverse, clock).RunAsync(evaluation, progress, cancellationToken);
            return (report, evaluation);
        }
    }

    private static async Task<(int Items, int Accounts)> ChangeOnePercentAsync(IConnectorStore store, Domain.Ledger.ArLedger ledger)
    {
        var changed = new List<CanonicalRecord>();
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var invoice in ledger.Accounts.SelectMany(a => a.Invoices))
        {
            if (index++ % 100 != 7 || invoice.IsCreditMemo || !invoice.IsOpen)
            {
                continue;
            }

            var record = CanonicalLedgerWriter.Invoice(invoice);
            record.Values[6] = Math.Round(invoice.OpenAmount / 2, 2).ToString(CultureInfo.InvariantCulture);
            changed.Add(record);
            accounts.Add(invoice.CustomerId);
        }

        await CanonicalLedgerWriter.CommitAsync(store, CanonicalEntity.Invoices, changed, CancellationToken.None);
        return (changed.Count, accounts.Count);
    }

    private static async Task ImportSolutionAsync(DataverseEmulator emulator)
    {
        using var zip = new MemoryStream();
        await SolutionPacker.PackAsync(Path.Combine(IngestRun.RepositoryRoot(), SolutionPackage.FolderName), zip, CancellationToken.None);
        zip.Position = 0;
        var content = SolutionImporter.Read(zip);
        emulator.Environment.Import(content.Tables);
        Console.WriteLine($"imported solution {content.UniqueName} {content.Version}: {content.Tables.Count} tables");
    }

    internal static double Number(string[] args, string name, double fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && double.TryParse(args[index + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <param name="Pushing">Emulated time from the first account sent to the last payment answered (the steps between).</param>
    private sealed record Measured(DataversePushReport Report, TimeSpan Real, TimeSpan Emulated, TimeSpan ExecutionBooked, TimeSpan Pushing);

    /// <summary>
    /// The most records per second the service protection limits allow for requests of <c>n</c> records, each executing
    /// <c>e = latency + n × cost</c>: the tightest of execution time (budget / window per second, each request costing e),
    /// request count (requests / window per second) and concurrency (C requests in flight, each for e).
    /// </summary>
    private sealed record Limits(ServiceProtectionLimits Service, TimeSpan Latency, TimeSpan PerRecord, int BatchSize, int Concurrency)
    {
        public double PerRequest => Latency.TotalSeconds + (BatchSize * PerRecord.TotalSeconds);

        public double ExecutionPerSecond => Service.ExecutionTimePerWindow.TotalSeconds / Service.Window.TotalSeconds;

        public double ByExecution => ExecutionPerSecond * BatchSize / PerRequest;

        public double ByRequests => Service.RequestsPerWindow / Service.Window.TotalSeconds * BatchSize;

        public double ByConcurrency => Concurrency * BatchSize / PerRequest;

        public double SustainedMax => Math.Min(ByExecution, Math.Min(ByRequests, ByConcurrency));

        /// <summary>
        /// The shortest time in which <paramref name="execution"/> seconds of work in <paramref name="requests"/> requests
        /// fit the limits when the first window starts empty: each full window takes its whole execution budget (spent as
        /// fast as concurrency allows), the rest goes at the concurrency rate; never faster than the request limit allows.
        /// </summary>
        public TimeSpan MinimumSeconds(long requests, TimeSpan execution)
        {
            var budget = Service.ExecutionTimePerWindow.TotalSeconds;
            var total = execution.TotalSeconds;
            var windows = Math.Floor(total / budget);
            var remainder = total - (windows * budget);
            var byExecution = (windows * Service.Window.TotalSeconds) + (remainder / Concurrency);
            var byRequests = (Math.Floor(requests / (double)Service.RequestsPerWindow) * Service.Window.TotalSeconds) + 0;
            return TimeSpan.FromSeconds(Math.Max(byExecution, byRequests));
        }

        public void Print(long records)
        {
            Console.WriteLine($"maximum the limits allow, per request of n = {BatchSize} records: e = {Latency.TotalMilliseconds:0} ms + n × {PerRecord.TotalMilliseconds:0.###} ms = {PerRequest:F2} s of execution");
            Console.WriteLine($"  execution time: {Service.ExecutionTimePerWindow.TotalSeconds:N0} s / {Service.Window.TotalSeconds:N0} s = {ExecutionPerSecond:F0} s per s → {ExecutionPerSecond:F0} × n / e = {ByExecution:N0} records/s");
            Console.WriteLine($"  requests: {Service.RequestsPerWindow:N0} / {Service.Window.TotalSeconds:N0} s = {Service.RequestsPerWindow / Service.Window.TotalSeconds:F0} per s → × n = {ByRequests:N0} records/s");
            Console.WriteLine($"  concurrency: C = min(MaxParallelism, x-ms-dop-hint, {Service.ConcurrentRequests}) = {Concurrency} in flight → C × n / e = {ByConcurrency:N0} records/s");
            Console.WriteLine($"  sustained maximum = {SustainedMax:N0} records/s ({(SustainedMax == ByExecution ? "execution time binds" : SustainedMax == ByRequests ? "request count binds" : "concurrency binds")}); {records:N0} records need ≥ {records / SustainedMax:N0} s");
            Console.WriteLine($"  burst: the first window starts empty, so its {Service.ExecutionTimePerWindow.TotalSeconds:N0} s can be spent at the concurrency rate ({Concurrency} s of execution per s, so for {Service.ExecutionTimePerWindow.TotalSeconds / Concurrency:N0} s) before the sustained rate applies");
        }
    }

    /// <summary>Records the emulated time at which each step of the sync starts (synchronously, unlike Progress&lt;T&gt;).</summary>
    private sealed class StepClock(EmulatedClock clock) : IProgress<string>
    {
        private readonly DateTimeOffset start = clock.EmulatedNow;
        private readonly List<(string Step, DateTimeOffset At)> steps = [];

        public void Report(string value)
        {
            lock (steps)
            {
                steps.Add((value, clock.EmulatedNow));
            }
        }

        /// <summary>Emulated time from the step starting with <paramref name="from"/> to the next step starting with <paramref name="to"/>.</summary>
        public TimeSpan Span(string from, string to)
        {
            lock (steps)
            {
                var start = steps.FindIndex(s => s.Step.StartsWith(from, StringComparison.Ordinal));
                var end = start < 0 ? -1 : steps.FindIndex(start + 1, s => s.Step.StartsWith(to, StringComparison.Ordinal));
                return start < 0 || end < 0 ? TimeSpan.Zero : steps[end].At - steps[start].At;
            }
        }

        public string Describe()
        {
            var parts = new List<string>();
            var previous = ("start", start);
            foreach (var step in steps)
            {
                if (previous.Item1 != "start")
                {
                    parts.Add($"{previous.Item1} {(step.At - previous.Item2).TotalSeconds:F0}");
                }
                else if ((step.At - start).TotalSeconds >= 1)
                {
                    parts.Add($"before first step {(step.At - start).TotalSeconds:F0}");
                }

                previous = (step.Step, step.At);
            }

            return string.Join("; ", parts);
        }
    }

    /// <summary>Samples the client's concurrency limit and requests in flight, and the front door's 429s, every 100 ms of real time.</summary>
    private sealed class Sampler : IDisposable
    {
        private const int Rows = 12;
        private readonly CancellationTokenSource stop = new();
        private readonly List<(double At, int Limit, int InFlight, long Throttled)> samples = [];
        private readonly Task loop;

        public Sampler(DataverseFrontDoor frontDoor, AdaptiveConcurrency limiter)
        {
            var start = frontDoor.Clock.EmulatedNow;
            var throttledBefore = frontDoor.Stats.Throttled;
            loop = Task.Run(async () =>
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var sample = ((frontDoor.Clock.EmulatedNow - start).TotalSeconds, limiter.Limit, limiter.InFlight, frontDoor.Stats.Throttled - throttledBefore);
                        lock (samples)
                        {
                            samples.Add(sample);
                        }

                        await Task.Delay(TimeSpan.FromMilliseconds(100), stop.Token);
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

        /// <summary>At most <see cref="Rows"/> spans of emulated time: the limit's range, the mean and peak in flight, the 429s so far.</summary>
        public string Describe()
        {
            lock (samples)
            {
                if (samples.Count == 0)
                {
                    return "no samples";
                }

                var span = Math.Max(1, samples[^1].At / Rows);
                return string.Join(" | ", samples.GroupBy(s => Math.Min(Rows - 1, (int)(s.At / span))).Select(g =>
                    $"{g.First().At:F0}-{g.Last().At:F0}s limit {g.Min(s => s.Limit)}-{g.Max(s => s.Limit)} in flight {g.Average(s => s.InFlight):F1} (≤{g.Max(s => s.InFlight)}) 429s {g.Last().Throttled:N0}"));
            }
        }

        public void Dispose()
        {
            stop.Cancel();
            stop.Dispose();
        }
    }
}
