using System.Diagnostics;
using System.Globalization;
using Connector.Benchmarks.Data;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Mapping.Canonical;
using Connector.Store;
using Connector.Sync.Credit;
using Connector.Sync.Evaluation;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;
using Connector.Testing;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// The cycle's "evaluating" step on a store of ~1.1M rows (issue 19): read the ledger and evaluate it whole — what every
/// cycle did, measured as the baseline in the same run — beside `connector run`'s resident evaluation after 1 % and 0.1 %
/// of the invoices changed (decisions 80–81): only the changed rows read, only their customers evaluated.
/// </summary>
internal static class CycleRun
{
    private const int Repetitions = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var customers = EvaluationRun.Arg(args, "--customers", 100_000);
        var invoices = EvaluationRun.Arg(args, "--invoices", 1_000_000);
        Console.WriteLine($"Cycle (evaluating step): {customers:N0} customers, {invoices:N0} open invoices; {Environment.ProcessorCount} cores, load average {PushRun.LoadAverage()}");
        using var work = new TempDirectory("connector-bench-cycle-");
        var watch = Stopwatch.StartNew();
        var ledger = SyntheticLedger.Create(customers, invoices, openOrders: 0);
        await using var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = work.Path }, TimeProvider.System, CancellationToken.None);
        var written = await CanonicalLedgerWriter.WriteAsync(store, ledger, CancellationToken.None);
        Console.WriteLine($"setup (not timed): ledger built and committed to SQLite in {watch.Elapsed.TotalSeconds:F1} s ({written.Values.Sum():N0} rows)");
        var policies = new EvaluationPolicies();
        var asOf = SyntheticLedger.AsOf;

        // The baseline, every cycle until now: the store's ledger read whole and evaluated whole.
        var load = await MedianAsync("  ledger load alone (store read + canonical text → records → ArLedger)", () => LedgerLoader.LoadAsync(store, CancellationToken.None));
        var loaded = await LedgerLoader.LoadAsync(store, CancellationToken.None);
        var state = await EvaluationState.ReadAsync(store, CancellationToken.None);
        var evaluateOnly = await MedianAsync("  evaluation alone (plan + assign + portfolio) on the loaded ledger", () => Task.FromResult(LedgerEvaluator.Evaluate(loaded!, state, policies, asOf)));
        loaded = null;
        var full = await MedianAsync("full: read whole + evaluate whole (LedgerEvaluator.EvaluateAsync)", () => LedgerEvaluator.EvaluateAsync(store, policies, asOf, CancellationToken.None));

        var resident = new ResidentEvaluation();
        var first = await TimeAsync(() => resident.EvaluateAsync(store, policies, asOf, CancellationToken.None));
        Console.WriteLine($"resident, first cycle (reads whole): {Ms(first)} — {Describe(resident.LastStep!)}");
        var unchanged = await TimeAsync(() => resident.EvaluateAsync(store, policies, asOf, CancellationToken.None));
        Console.WriteLine($"resident, nothing changed (the last commit's overlap read again once): {Ms(unchanged)} — {Describe(resident.LastStep!)}");

        // `connector run` starts a cycle every few minutes; the rows stored within ResidentLedger.Overlap before the last
        // read began are read again once. Waiting that long before each change measures what a scheduled cycle reads.
        var gap = TimeSpan.FromSeconds(EvaluationRun.Arg(args, "--cycle-gap-s", (int)ResidentLedger.Overlap.TotalSeconds + 1));
        Console.WriteLine($"each change is committed {gap.TotalSeconds:N0} s after the last cycle began (a scheduled cycle's gap is minutes)");
        var allInvoices = ledger.Accounts.SelectMany(static a => a.Invoices).Where(static i => i.IsOpen && !i.IsCreditMemo).ToList();
        var results = new List<(string Name, TimeSpan Median, TimeSpan Commit)>();
        var round = 0;
        foreach (var (name, every) in new[] { ("1 %", 100), ("0.1 %", 1000) })
        {
            var times = new List<TimeSpan>();
            var commits = new List<TimeSpan>();
            for (var r = 0; r < Repetitions; r++)
            {
                await Task.Delay(gap);
                var commit = Stopwatch.StartNew();
                var count = await ChangeAsync(store, allInvoices, every, ++round);
                commits.Add(commit.Elapsed);
                var time = await TimeAsync(() => resident.EvaluateAsync(store, policies, asOf, CancellationToken.None));
                times.Add(time);
                Console.WriteLine($"resident after {count:N0} invoices ({name}) changed: {Ms(time)} — {Describe(resident.LastStep!)} (commit of the change, not timed: {Ms(commit.Elapsed)})");
            }

            results.Add((name, times.Order().ElementAt(times.Count / 2), commits.Order().ElementAt(commits.Count / 2)));
        }

        // The last incremental result against a fresh full evaluation of the same store: what each instance publishes.
        var last = await resident.EvaluateAsync(store, policies, asOf, CancellationToken.None);
        // The collectors the resident plans kept (decision 127) are given to the full one: a store without open cases cannot say them.
        var reference = await LedgerEvaluator.EvaluateAsync(store, policies, asOf, CancellationToken.None, last.KeptCollectors);
        var equal = Published(last).AsSpan().SequenceEqual(Published(reference));
        Console.WriteLine($"published credit snapshot of the incremental evaluation equals a fresh full evaluation's: {(equal ? "yes" : "NO")}");

        Console.WriteLine();
        Console.WriteLine($"evaluating step, load average {PushRun.LoadAverage()}:");
        Console.WriteLine($"  full (baseline, same run): {Ms(full)} = load {Ms(load)} + evaluation {Ms(evaluateOnly)} (medians of {Repetitions})");
        foreach (var (name, median, _) in results)
        {
            Console.WriteLine($"  resident after {name} changed: {Ms(median)} = {median / full:P1} of the full step");
        }

        TimedRun.Goal("evaluating step after 1 % changed", results[0].Median.TotalMilliseconds, 2000, "ms");
        TimedRun.Goal("evaluating step after 1 % changed / full step (%)", 100 * (results[0].Median / full), 3, "%");
        Console.WriteLine($"peak working set {TimedRun.PeakWorkingSetMegabytes():F0} MB");
        GC.KeepAlive(ledger);
        return equal ? 0 : 1;
    }

    /// <summary>Every <paramref name="every"/>-th open invoice (shifted each round) gets a new open amount, committed as ingest would.</summary>
    private static async Task<int> ChangeAsync(IConnectorStore store, List<Invoice> invoices, int every, int round)
    {
        var changed = new List<CanonicalRecord>();
        for (var i = (round * 7) % every; i < invoices.Count; i += every)
        {
            var invoice = invoices[i];
            var record = CanonicalLedgerWriter.Invoice(invoice);
            record.Values[6] = Math.Round(invoice.OpenAmount * (0.9m - (round % 5) / 10m), 2).ToString(CultureInfo.InvariantCulture);
            changed.Add(record);
        }

        await CanonicalLedgerWriter.CommitAsync(store, CanonicalEntity.Invoices, changed, CancellationToken.None);
        return changed.Count;
    }

    private static byte[] Published(LedgerEvaluation evaluation) =>
        CreditSnapshotPayload.Figures(new CreditSnapshot(evaluation.Credit, new Dictionary<string, Guid>(), evaluation.State.Actions, DateTimeOffset.UnixEpoch));

    private static async Task<TimeSpan> MedianAsync<T>(string name, Func<Task<T>> action)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < Repetitions; i++)
        {
            times.Add(await TimeAsync(action));
        }

        var median = times.Order().ElementAt(times.Count / 2);
        Console.WriteLine($"{name}: median {Ms(median)} (min {Ms(times.Min())}, max {Ms(times.Max())})");
        return median;
    }

    private static async Task<TimeSpan> TimeAsync<T>(Func<Task<T>> action)
    {
        GC.Collect();
        var (pause, gen0, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2));
        var watch = Stopwatch.StartNew();
        GC.KeepAlive(await action());
        var elapsed = watch.Elapsed;
        lastGc = $"GC during it: {GC.CollectionCount(0) - gen0} collections ({GC.CollectionCount(2) - gen2} of gen 2), paused {Ms(GC.GetTotalPauseDuration() - pause)}";
        return elapsed;
    }

    // What the garbage collector did during the last timed action (printed with each resident cycle).
    private static string lastGc = "";

    private static string Describe(ResidentEvaluationStep step) =>
        $"{(step.LedgerReadWhole ? "read whole" : "read changes")}: {step.RowsRead:N0} rows, {step.CustomersChanged:N0} customers changed; "
        + $"{(step.Incremental ? "incremental" : "full")} evaluation of {step.CustomersEvaluated:N0}; refresh {Ms(step.Refresh)}, state {Ms(step.StateRead)}, "
        + $"evaluation {Ms(step.Evaluation)} (of which the collection plan {Ms(step.Planning)}, {step.CasesEvaluated:N0} cases evaluated)"
        + $"\n    parts: read + revise {Ms(step.Refresh - step.CashCounted)}, cash counted {Ms(step.CashCounted)}, state {Ms(step.StateRead)}, plan: cases {Ms(step.PlanningCases)} + assign/order/compare {Ms(step.Planning - step.PlanningCases)}, "
        + $"changed inputs {Ms(step.Compared)}, ledger revised {Ms(step.Revised)}, portfolio {Ms(step.Portfolio)}; {lastGc}";

    private static string Ms(TimeSpan time) => time.TotalSeconds >= 10 ? $"{time.TotalSeconds:F1} s" : $"{time.TotalMilliseconds:N0} ms";
}
