using System.Runtime.InteropServices;
using Connector.Benchmarks.Data;
using Connector.Domain.Aging;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Sync.Ledger;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// Full evaluation of a large synthetic company on one thread: time and peak memory, beside a floor measured in the
/// same run (a plain pass summing every open item into its aging bucket), so a loaded machine shows in both.
/// </summary>
internal static class EvaluationRun
{
    public static int Run(string[] args)
    {
        var customers = Arg(args, "--customers", 100_000);
        var invoices = Arg(args, "--invoices", 1_000_000);
        var orders = Arg(args, "--orders", 200_000);
        Console.WriteLine($"Full evaluation: {customers:N0} customers, {invoices:N0} open invoices, {orders:N0} open orders");
        var ledger = SyntheticLedger.Create(customers, invoices, orders);

        // The worker keeps its ledger for the life of the process: measure with it settled in gen 2, the builder's garbage
        // given back to the system as `connector run` does after a whole read (decision 125). --no-settle: a plain full
        // collection instead (the figures before decision 125; --aggressive, once needed for this, is the default now).
        if (args.Contains("--no-settle"))
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        else
        {
            ResidentLedger.ReturnLoadGarbage();
        }

        var dataMegabytes = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);
        Console.WriteLine($"data on the heap: {dataMegabytes:F0} MB; peak working set so far (building the data) {TimedRun.PeakWorkingSetMegabytes():F0} MB, working set now {TimedRun.WorkingSetMegabytes():F0} MB");
        var policies = new EvaluationPolicies();
        var rates = new CurrencyConverter(policies.Company.Currency, ledger.Rates).At(SyntheticLedger.AsOf);

        if (args.Contains("--parts"))
        {
            // Where the time goes; run apart from the goal run so their garbage does not count in its peak.
            TimeParts(ledger, policies, rates);
            return 0;
        }

        Console.WriteLine($"load average {LoadAverage()}; GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, latency {System.Runtime.GCSettings.LatencyMode}, conserve memory {AppContext.GetData("System.GC.ConserveMemory") ?? Environment.GetEnvironmentVariable("DOTNET_GCConserveMemory") ?? "(unset)"}, tiered PGO {Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "(default)"}");
        var floorBefore = TimedRun.Median("floor: one pass summing every open item into its aging bucket", 7, () => Floor(ledger, policies));

        // As the worker evaluates: into the arrays of the evaluation before last (--fresh: new arrays every run).
        var fresh = args.Contains("--fresh");
        var buffers = new EvaluationBuffers();
        PortfolioEvaluation? last = null;
        var median = TimedRun.Median(
            $"full evaluation (aging + exposure + holds + dunning + priority){(fresh ? ", fresh arrays every run" : ", reused buffers")}",
            7,
            () => last = fresh
                ? PortfolioEvaluator.Evaluate(ledger, policies, SyntheticLedger.AsOf)
                : PortfolioEvaluator.Evaluate(ledger, policies, SyntheticLedger.AsOf, null, null, buffers));
        var peak = TimedRun.PeakWorkingSetMegabytes();
        var floorAfter = TimedRun.Median("floor again", 7, () => Floor(ledger, policies));
        var floor = Math.Min(floorBefore.TotalMilliseconds, floorAfter.TotalMilliseconds);
        var retainedMegabytes = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0) - dataMegabytes;
        Console.WriteLine($"  {last!.CustomersOnHold:N0} customers on hold, {last.OpenCases:N0} open collection cases; the last two evaluations retain {retainedMegabytes:F0} MB");
        Console.WriteLine($"load average {LoadAverage()}");
        TimedRun.Goal("evaluation time", median.TotalMilliseconds, 150, "ms");
        TimedRun.Goal($"evaluation / floor ({floor:F1} ms, the lower floor median)", median.TotalMilliseconds / floor, 6, "×");
        TimedRun.Goal("peak working set", peak, 400, "MB");
        GC.KeepAlive(ledger);
        return 0;
    }

    /// <summary>The least an evaluation can do: visit every open item once and add its amount to its bucket.</summary>
    private static decimal[] Floor(ArLedger ledger, EvaluationPolicies policies)
    {
        var layout = new AgingBuckets(policies.Aging.Bounds);
        var sums = new decimal[layout.Count];
        var today = SyntheticLedger.AsOf.DayNumber;
        foreach (var account in ledger.Accounts)
        {
            foreach (var item in CollectionsMarshal.AsSpan((List<Invoice>)account.OpenItems))
            {
                sums[layout.IndexOf(today - item.DueDate.DayNumber)] += item.OpenAmount;
            }
        }

        return sums;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static void TimeParts(ArLedger ledger, EvaluationPolicies policies, RatesAsOf rates)
    {
        Console.WriteLine($"load average {LoadAverage()}");
        TimedRun.Median("  floor", 5, () => Floor(ledger, policies));
        TimedRun.Median("  aging", 5, () => AgingCalculator.Report(ledger, policies.Aging, rates));
        TimedRun.Median("  exposure + holds", 5, () => CreditEvaluator.Evaluate(ledger, rates, policies.Credit));
        var dunning = new CollectionCaseEvaluator(policies.Collections);
        TimedRun.Median("  dunning + priority", 5, () =>
        {
            foreach (var account in ledger.Accounts)
            {
                dunning.Summarize(account, rates);
            }
        });
        Console.WriteLine($"load average {LoadAverage()}");
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
