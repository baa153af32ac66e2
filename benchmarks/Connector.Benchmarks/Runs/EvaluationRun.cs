using Connector.Benchmarks.Data;
using Connector.Domain.Aging;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;

namespace Connector.Benchmarks.Runs;

/// <summary>Full evaluation of a large synthetic company on one thread: time and peak memory.</summary>
internal static class EvaluationRun
{
    public static int Run(string[] args)
    {
        var customers = Arg(args, "--customers", 100_000);
        var invoices = Arg(args, "--invoices", 1_000_000);
        var orders = Arg(args, "--orders", 200_000);
        Console.WriteLine($"Full evaluation: {customers:N0} customers, {invoices:N0} open invoices, {orders:N0} open orders");
        var ledger = SyntheticLedger.Create(customers, invoices, orders);

        // The worker keeps its ledger for the life of the process: measure with it settled in gen 2.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
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

        PortfolioEvaluation? last = null;
        var median = TimedRun.Median("full evaluation (aging + exposure + holds + dunning + priority)", 7, () => last = PortfolioEvaluator.Evaluate(ledger, policies, SyntheticLedger.AsOf));
        var retainedMegabytes = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0) - dataMegabytes;
        Console.WriteLine($"  {last!.CustomersOnHold:N0} customers on hold, {last.OpenCases:N0} open collection cases; one evaluation retains {retainedMegabytes:F0} MB");
        TimedRun.Goal("evaluation time", median.TotalMilliseconds, 300, "ms");
        TimedRun.Goal("peak working set", TimedRun.PeakWorkingSetMegabytes(), 400, "MB");
        GC.KeepAlive(ledger);
        return 0;
    }

    private static void TimeParts(ArLedger ledger, EvaluationPolicies policies, RatesAsOf rates)
    {
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
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
