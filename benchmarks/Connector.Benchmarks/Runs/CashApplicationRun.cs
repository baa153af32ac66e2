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
        Console.WriteLine($"Cash application: {payments:N0} payments against {invoices:N0} open invoices of {customers:N0} customers");
        var ledger = SyntheticPayments.WithPayments(SyntheticLedger.Create(customers, invoices, openOrders: 0), payments);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var policy = new CashApplicationPolicy();
        var rates = new CurrencyConverter("USD", ledger.Rates).At(SyntheticLedger.AsOf);

        if (args.Contains("--parts"))
        {
            // Where the time goes: the invoice book alone (no payment to match), then the whole run.
            var customerList = ledger.Accounts.Select(static a => a.Customer).ToList();
            var invoiceList = ledger.Accounts.SelectMany(static a => a.OpenItems).ToList();
            TimedRun.Median("  part: invoice book only (no payments)", 5, () => CashApplicator.Apply(customerList, invoiceList, [], policy, rates));
        }

        CashApplicationResult? last = null;
        var median = TimedRun.Median("cash application (indexes + all rules)", 5, () => last = CashApplicator.Apply(ledger, policy, rates));
        Console.WriteLine($"  matched {last!.MatchedPaymentCount:N0} of {last.PaymentCount:N0} payments ({last.MatchRateByCount:P1} by count), {last.ExceptionCount:N0} exceptions, {last.WriteOffs.Count:N0} write-off proposals");
        TimedRun.Goal("cash application time", median.TotalMilliseconds, 1_000, "ms");
        return 0;
    }
}
