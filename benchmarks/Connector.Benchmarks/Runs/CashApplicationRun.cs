using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Connector.Benchmarks.Data;
using Connector.Domain.CashApplication;
using Connector.Domain.Currencies;

namespace Connector.Benchmarks.Runs;

/// <summary>Cash application of many payments against a large open-invoice book on one thread.</summary>
internal static class CashApplicationRun
{
    public static int Run(string[] args)
    {
        var customers = EvaluationRun.Arg(args, "--customers", 100_000);
        var invoices = EvaluationRun.Arg(args, "--invoices", 1_000_000);
        var payments = EvaluationRun.Arg(args, "--payments", 100_000);
        Console.WriteLine($"Cash application: {payments:N0} payments against {invoices:N0} open invoices of {customers:N0} customers (load average {IngestRun.LoadAverage()})");
        var ledger = SyntheticPayments.WithPayments(SyntheticLedger.Create(customers, invoices, openOrders: 0), payments);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var policy = new CashApplicationPolicy();
        var rates = new CurrencyConverter("USD", ledger.Rates).At(SyntheticLedger.AsOf);

        // The floor, in the same run on the same data: index the open invoices by number, find each text's first number.
        var floor = TimedRun.Median("  floor: dictionary of invoice numbers + first number per text", 5, () => BankCashRun.FirstNumberPass(ledger));

        if (args.Contains("--parts"))
        {
            // Where the time goes: the invoice book alone (no payment to match), then the whole run.
            var customerList = ledger.Accounts.Select(static a => a.Customer).ToList();
            var invoiceList = ledger.Accounts.SelectMany(static a => a.OpenItems).ToList();
            TimedRun.Median("  part: invoice book only (no payments)", 5, () => CashApplicator.Apply(customerList, invoiceList, [], policy, rates));
        }

        // CPU time per run beside the wall clock: on this shared machine the wall clock moves with the load, the CPU time
        // much less (the collector is workstation and non-concurrent, so its pauses are on this thread).
        CashApplicationResult? last = null;
        var cpu = new List<double>();
        var median = TimedRun.Median("cash application (indexes + all rules)", 5, () =>
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            last = CashApplicator.Apply(ledger, policy, rates);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds);
        });
        cpu.Sort();
        Console.WriteLine($"  CPU time per run: median {cpu[cpu.Count / 2]:F0} ms (min {cpu[0]:F0}) over {cpu.Count} runs incl. warm-up; floor {floor.TotalMilliseconds:F1} ms, run = {median / floor:F1}× the floor");
        Console.WriteLine($"  matched {last!.MatchedPaymentCount:N0} of {last.PaymentCount:N0} payments ({last.MatchRateByCount:P1} by count), {last.ExceptionCount:N0} exceptions, {last.WriteOffs.Count:N0} write-off proposals");
        if (args.Contains("--digest"))
        {
            // Every decision and sentence of the run as one SHA-256, to compare two builds on the full-size data.
            var json = JsonSerializer.SerializeToUtf8Bytes(new { last.Applications, last.Exceptions, last.Payments, last.WriteOffs, last.Totals, last.Notes });
            Console.WriteLine($"  result digest: {Convert.ToHexString(SHA256.HashData(json))} ({json.Length / (1024.0 * 1024.0):F1} MB of JSON)");
        }

        TimedRun.Goal("cash application time", median.TotalMilliseconds, 1_000, "ms");
        Console.WriteLine($"  load average after: {IngestRun.LoadAverage()}");
        return 0;
    }
}
