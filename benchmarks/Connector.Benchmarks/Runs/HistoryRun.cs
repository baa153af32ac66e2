using System.Diagnostics;
using Connector.Benchmarks.Data;
using Connector.Domain.Allowance;
using Connector.Domain.Evaluation;
using Connector.Domain.Metrics;
using Connector.Store;
using Connector.Store.Relational;
using Connector.Sync.Evaluation;
using Connector.Sync.History;
using Connector.Sync.Ports;
using Connector.Testing;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// What the daily snapshot adds to a cycle (issue 20): the evaluation the cycle already makes, timed as the baseline in
/// the same run, beside the snapshot step — building the rows (the metrics pass and the allowance) and writing them (one
/// transaction, multi-row inserts) — on SQLite and, with <c>--postgres</c>, PostgreSQL; and one rebuilt month-end of the
/// first run's backfill.
/// </summary>
internal static class HistoryRun
{
    private const int Repetitions = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var customers = EvaluationRun.Arg(args, "--customers", 100_000);
        var invoices = EvaluationRun.Arg(args, "--invoices", 1_000_000);
        Console.WriteLine($"Daily snapshot step: {customers:N0} customers, {invoices:N0} open invoices; {Environment.ProcessorCount} cores, load average {PushRun.LoadAverage()}");
        var ledger = SyntheticLedger.Create(customers, invoices, openOrders: 0);
        var policies = new EvaluationPolicies();
        var asOf = SyntheticLedger.AsOf;
        var metrics = new MetricsPolicy();
        var allowance = new AllowancePolicy();

        LedgerEvaluation? evaluation = null;
        var evaluate = Median("baseline: the cycle's evaluation (LedgerEvaluator.Evaluate)", () => evaluation = LedgerEvaluator.Evaluate(ledger, EvaluationState.Empty, policies, asOf));
        (PortfolioDay Portfolio, IReadOnlyList<CustomerDay> Customers) rows = default;
        var build = Median("snapshot rows built (metrics pass + allowance + one row per customer)", () => rows = DailySnapshotBuilder.Build(evaluation!, metrics, allowance));

        using var work = new TempDirectory("connector-bench-history-");
        var results = new List<(string Store, TimeSpan Write)>
        {
            ("SQLite", await WriteAsync("SQLite", new StoreOptions { DataDirectory = work.Path }, rows)),
        };
        if (args.Contains("--postgres"))
        {
            var cluster = new PostgresCluster();
            await cluster.InitializeAsync();
            try
            {
                var connection = await cluster.CreateDatabaseAsync("history_bench");
                results.Add(("PostgreSQL", await WriteAsync("PostgreSQL", new StoreOptions { Provider = StoreOptions.PostgreSql, ConnectionString = connection }, rows)));
            }
            finally
            {
                await cluster.DisposeAsync();
            }
        }

        // One month-end of the first run's backfill: the ledger rebuilt as of then, evaluated, its rows built (not written).
        var monthEnd = new DateOnly(asOf.Year, asOf.Month, 1).AddDays(-1);
        var watch = Stopwatch.StartNew();
        var past = LedgerAtMonthEnd.Rebuild(ledger, policies.Company.Currency, monthEnd);
        var rebuilt = LedgerEvaluator.Evaluate(past, EvaluationState.Empty, policies, monthEnd);
        GC.KeepAlive(DailySnapshotBuilder.Build(rebuilt, metrics, allowance, rebuilt: true));
        var backfill = watch.Elapsed;

        Console.WriteLine();
        Console.WriteLine($"load average {PushRun.LoadAverage()}:");
        foreach (var (store, write) in results)
        {
            var extra = build + write;
            Console.WriteLine($"  {store}: a later cycle of the day (1 % changed) adds {Ms(extra)} = build {Ms(build)} + write {Ms(write)} to an evaluation of {Ms(evaluate)} ({extra / evaluate:P0} of it)");
        }

        Console.WriteLine($"  backfill, one month-end rebuilt + evaluated + built: {Ms(backfill)} (a first run does at most History:BackfillMonths of them, once)");
        Console.WriteLine($"peak working set {TimedRun.PeakWorkingSetMegabytes():F0} MB");
        return 0;
    }

    /// <summary>
    /// The day written whole (a first cycle of the day: every row, as every cycle cost before decision 116), then replaced by a
    /// second cycle with nothing changed and by one with 1 % of the customers changed; returns the 1 % figure's median.
    /// </summary>
    private static async Task<TimeSpan> WriteAsync(string name, StoreOptions options, (PortfolioDay Portfolio, IReadOnlyList<CustomerDay> Customers) rows)
    {
        await using var store = await ConnectorStoreFactory.OpenAsync(options, TimeProvider.System, CancellationToken.None);
        var relational = (RelationalConnectorStore)store;
        var whole = new List<TimeSpan>();
        var unchanged = new List<TimeSpan>();
        var onePercent = new List<TimeSpan>();
        var changedRows = 0;
        for (var i = 0; i < Repetitions; i++)
        {
            var day = rows.Portfolio.Day.AddDays(-1 - i);
            var customers = rows.Customers.Select(c => c with { Day = day }).ToList();
            var portfolio = rows.Portfolio with { Day = day };
            whole.Add(await TimeAsync(() => store.WriteDailySnapshotAsync(portfolio, customers, CancellationToken.None)));
            unchanged.Add(await TimeAsync(() => store.WriteDailySnapshotAsync(portfolio, customers, CancellationToken.None)));
            for (var c = i; c < customers.Count; c += 100)
            {
                customers[c] = customers[c] with { TotalOpen = customers[c].TotalOpen + 1m };
            }

            onePercent.Add(await TimeAsync(() => store.WriteDailySnapshotAsync(portfolio, customers, CancellationToken.None)));
            changedRows = relational.LastDailyRowsWritten;
        }

        Console.WriteLine($"{name}: {rows.Customers.Count:N0} customer rows — the day written whole (every cycle before decision 116): median {Ms(MedianOf(whole))}; " +
            $"a second cycle, nothing changed: {Ms(MedianOf(unchanged))}; 1 % changed ({changedRows:N0} rows written): {Ms(MedianOf(onePercent))}");
        return MedianOf(onePercent);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> write)
    {
        var watch = Stopwatch.StartNew();
        await write();
        return watch.Elapsed;
    }

    private static TimeSpan MedianOf(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static TimeSpan Median(string name, Action action) => TimedRun.Median(name, Repetitions, action);

    private static string Ms(TimeSpan time) => time.TotalSeconds >= 10 ? $"{time.TotalSeconds:F1} s" : $"{time.TotalMilliseconds:N0} ms";
}
