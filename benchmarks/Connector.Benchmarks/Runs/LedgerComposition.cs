using System.Runtime.CompilerServices;
using Connector.Benchmarks.Data;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Mapping.Canonical;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// `evaluate --composition`: what the evaluation's peak is made of, each part measured as the heap it keeps alive
/// (<see cref="GC.GetTotalMemory"/> after a full collection, before and after the part is built): the synthetic ledger and
/// its records, the same invoices as a store hands them (canonical text, a new string per value) converted with and without
/// shared strings, the resident ledger's whole read beside the plain loader's, and one evaluation's arrays.
/// </summary>
internal static class LedgerComposition
{
    public static async Task<int> RunAsync(string[] args)
    {
        var customers = EvaluationRun.Arg(args, "--customers", 100_000);
        var invoices = EvaluationRun.Arg(args, "--invoices", 1_000_000);
        var orders = EvaluationRun.Arg(args, "--orders", 200_000);
        Console.WriteLine($"What the evaluation's peak is made of: {customers:N0} customers, {invoices:N0} open invoices, {orders:N0} open orders");
        var (whole, ledger) = Measure(() => SyntheticLedger.Create(customers, invoices, orders));
        var all = ledger.Accounts.SelectMany(static a => a.Invoices).ToArray();
        var n = all.Length;
        Console.WriteLine($"synthetic ledger ({n:N0} invoices): {Mb(whole)} on the heap");
        Report("  invoice records alone (strings shared)", Measure(() => Array.ConvertAll(all, static i => i with { })).Bytes - ArrayBytes(n), n);
        Report("  invoice id strings", Measure(() => Array.ConvertAll(all, static i => new string(i.Id))).Bytes - ArrayBytes(n), n);
        Report("  an account's item lists (invoices + open items by due date)", 2 * ArrayBytes(n), n);
        var allOrders = ledger.Accounts.SelectMany(static a => a.Orders).ToArray();
        Report("  order records with their id strings", Measure(() => Array.ConvertAll(allOrders, static o => o with { Id = new string(o.Id) })).Bytes - ArrayBytes(allOrders.Length), allOrders.Length);
        var allCustomers = ledger.Accounts.Select(static a => a.Customer).ToArray();
        Report(
            "  customer records with their id and name strings",
            Measure(() => Array.ConvertAll(allCustomers, static c => c with { Id = new string(c.Id), Name = new string(c.Name) })).Bytes - ArrayBytes(allCustomers.Length),
            allCustomers.Length);

        // As a store reads them: every value a new string.
        var (recordBytes, records) = Measure(() => Array.ConvertAll(all, static i => Fresh(CanonicalLedgerWriter.Invoice(i))));
        Report("canonical invoice records as read from a store (all held during a whole read)", recordBytes - ArrayBytes(n), n);
        GC.KeepAlive(records);
        records = null;

        // What a converted invoice keeps once its record is gone: the record's value strings it took over.
        Report("  converted, the record then dropped: a string per value kept (before decision 124)", Measure(() => Array.ConvertAll(all, static i => CanonicalConverter.ToInvoice(Fresh(CanonicalLedgerWriter.Invoice(i))))).Bytes - ArrayBytes(n), n);
        var strings = new SharedStrings();
        foreach (var customer in allCustomers)
        {
            strings.Share(customer.Id);
            strings.Share(customer.Currency);
        }

        Report("  the same with customer id and currency shared (decision 124)", Measure(() => Array.ConvertAll(all, i => CanonicalConverter.ToInvoice(Fresh(CanonicalLedgerWriter.Invoice(i)), strings))).Bytes - ArrayBytes(n), n);
        all = null;

        var store = new SyntheticStore(ledger);
        var before = Heap();
        var loaded = await LedgerLoader.LoadAsync(store, CancellationToken.None);
        var after = Heap();
        GC.KeepAlive(loaded);
        loaded = null;
        Console.WriteLine($"the same company read from a store: LedgerLoader's ledger {Mb(after - before)}");
        before = Heap();
        var resident = new ResidentLedger();
        await resident.RefreshAsync(store, CancellationToken.None);
        after = Heap();
        GC.KeepAlive(resident);
        resident = null;
        Console.WriteLine($"  ResidentLedger after a whole read (its ledger + item and key dictionaries) {Mb(after - before)}");

        var policies = new EvaluationPolicies();
        var buffers = new EvaluationBuffers();
        var (firstBytes, first) = Measure(() => PortfolioEvaluator.Evaluate(ledger, policies, SyntheticLedger.AsOf, null, null, buffers));
        Console.WriteLine($"one evaluation's arrays and what it keeps {Mb(firstBytes)}");
        var (secondBytes, second) = Measure(() => PortfolioEvaluator.Evaluate(ledger, policies, SyntheticLedger.AsOf, null, null, buffers));
        Console.WriteLine($"  the next one (the other set of the buffers) {Mb(secondBytes)}");
        GC.KeepAlive(first);
        GC.KeepAlive(second);
        GC.KeepAlive(ledger);
        return 0;
    }

    /// <summary>The heap <paramref name="build"/>'s result keeps alive.</summary>
    private static (long Bytes, T Value) Measure<T>(Func<T> build)
    {
        var before = Heap();
        var value = build();
        var bytes = Heap() - before;
        GC.KeepAlive(value);
        return (bytes, value);
    }

    private static long ArrayBytes(int length) => 24L + ((long)IntPtr.Size * length);

    private static long Heap() => GC.GetTotalMemory(forceFullCollection: true);

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):F1} MB";

    private static void Report(string part, long bytes, int count) =>
        Console.WriteLine($"{part}: {Mb(bytes)} = {(double)bytes / count:F0} bytes each");

    private static CanonicalRecord Fresh(CanonicalRecord record) =>
        new(record.Entity, new string(record.Key), [.. record.Values.Select(static v => v is null ? null : new string(v))]);

    /// <summary>The synthetic company as a store: each read converts the records anew, every value a new string.</summary>
    private sealed class SyntheticStore(ArLedger ledger) : ILedgerStore
    {
        public async IAsyncEnumerable<CanonicalRecord> ReadRecordsAsync(CanonicalEntity entity, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            var source = entity switch
            {
                CanonicalEntity.Customers => ledger.Accounts.Select(static a => CanonicalLedgerWriter.Customer(a.Customer)),
                CanonicalEntity.Invoices => ledger.Accounts.SelectMany(static a => a.Invoices).Select(CanonicalLedgerWriter.Invoice),
                CanonicalEntity.Orders => ledger.Accounts.SelectMany(static a => a.Orders).Select(CanonicalLedgerWriter.Order),
                CanonicalEntity.Collectors => ledger.Collectors.Select(CanonicalLedgerWriter.Collector),
                CanonicalEntity.Rates => ledger.Rates.Select(CanonicalLedgerWriter.Rate),
                CanonicalEntity.Promises => ledger.Accounts.SelectMany(static a => a.Promises).Select(CanonicalLedgerWriter.Promise).DistinctBy(static r => r.Key),
                _ => [],
            };
            foreach (var record in source)
            {
                yield return Fresh(record);
            }
        }

        public Task<DateTimeOffset?> ReadLedgerWatermarkAsync(CanonicalEntity entity, CancellationToken cancellationToken) =>
            Task.FromResult<DateTimeOffset?>(DateTimeOffset.UnixEpoch);

        public Task<Dictionary<string, UInt128>> ReadHashesAsync(CanonicalEntity entity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CanonicalRecord?> FindRecordAsync(CanonicalEntity entity, string key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> CountRecordsAsync(CanonicalEntity entity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task CommitAsync(LedgerBatch batch, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> ReadCheckpointAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
