using Connector.Benchmarks.Data;
using Connector.Domain.Aging;
using Connector.Domain.Currencies;

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
        var rates = new CurrencyConverter("USD", ledger.Rates).At(SyntheticLedger.AsOf);
        var policy = new AgingPolicy();

        var median = TimedRun.Median("aging", 5, () => AgingCalculator.Report(ledger, policy, rates));
        TimedRun.Goal("evaluation time", median.TotalMilliseconds, 300, "ms");
        TimedRun.Goal("peak working set", TimedRun.PeakWorkingSetMegabytes(), 400, "MB");
        GC.KeepAlive(ledger);
        return 0;
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
