using System.Globalization;
using Connector.Domain.Ledger;
using Connector.Mapping.Canonical;
using Connector.Sync.Ports;

namespace Connector.Benchmarks.Data;

/// <summary>
/// Writes a <see cref="SyntheticLedger"/> company into a store the way ingest does: canonical records with their row
/// hashes, committed in <see cref="LedgerBatch"/>es (collectors, customers, invoices, rates, promises, in ingest order).
/// </summary>
internal static class CanonicalLedgerWriter
{
    private const int BatchSize = 20_000;

    /// <summary>Commits every collector, customer, invoice, rate and promise of <paramref name="ledger"/>; returns the records written per entity.</summary>
    public static async Task<IReadOnlyDictionary<CanonicalEntity, int>> WriteAsync(ILedgerStore store, ArLedger ledger, CancellationToken cancellationToken)
    {
        var written = new Dictionary<CanonicalEntity, int>
        {
            [CanonicalEntity.Collectors] = await CommitAsync(store, CanonicalEntity.Collectors, ledger.Collectors.Select(Collector), cancellationToken),
            [CanonicalEntity.Customers] = await CommitAsync(store, CanonicalEntity.Customers, ledger.Accounts.Select(a => Customer(a.Customer)), cancellationToken),
            [CanonicalEntity.Invoices] = await CommitAsync(store, CanonicalEntity.Invoices, ledger.Accounts.SelectMany(a => a.Invoices).Select(Invoice), cancellationToken),
            [CanonicalEntity.Rates] = await CommitAsync(store, CanonicalEntity.Rates, ledger.Rates.Select(Rate), cancellationToken),
            [CanonicalEntity.Promises] = await CommitAsync(store, CanonicalEntity.Promises, ledger.Accounts.SelectMany(a => a.Promises).Select(Promise), cancellationToken),
        };
        return written;
    }

    /// <summary>Commits records of one entity in batches; a key seen twice keeps its first record (the synthetic promises repeat some).</summary>
    public static async Task<int> CommitAsync(ILedgerStore store, CanonicalEntity entity, IEnumerable<CanonicalRecord> records, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<LedgerUpsert>(BatchSize);
        var count = 0;
        foreach (var record in records)
        {
            if (!seen.Add(record.Key))
            {
                continue;
            }

            batch.Add(new LedgerUpsert(record, RowHash.Of(record.Values)));
            if (batch.Count == BatchSize)
            {
                await store.CommitAsync(new LedgerBatch(entity) { Source = "benchmark", Upserts = batch }, cancellationToken);
                count += batch.Count;
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await store.CommitAsync(new LedgerBatch(entity) { Source = "benchmark", Upserts = batch }, cancellationToken);
            count += batch.Count;
        }

        return count;
    }

    public static CanonicalRecord Invoice(Invoice i) => new(CanonicalEntity.Invoices, i.Id,
    [
        i.Id, i.CustomerId, i.IsCreditMemo ? "credit_memo" : "invoice", Day(i.DocumentDate), Day(i.DueDate), Money(i.Amount), Money(i.OpenAmount),
        i.Currency, i.PoNumber, i.Disputed ? "true" : "false",
        i.Status switch { ItemStatus.Paid => "paid", ItemStatus.WrittenOff => "written_off", _ => "open" },
    ]);

    public static CanonicalRecord Order(Order o) => new(CanonicalEntity.Orders, o.Id,
    [
        o.Id, o.CustomerId, Money(o.Amount), Money(o.UninvoicedAmount), o.Currency,
        o.Status switch { OrderStatus.Invoiced => "invoiced", OrderStatus.Cancelled => "cancelled", _ => "open" },
        o.Source == OrderSource.Dataverse ? "dataverse" : "erp",
    ]);

    public static CanonicalRecord Collector(Collector c) => new(CanonicalEntity.Collectors, c.Id,
        [c.Id, c.Name, c.Email, string.Join(';', c.Territories), string.Join(';', c.Languages)]);

    public static CanonicalRecord Customer(Customer c) => new(CanonicalEntity.Customers, c.Id,
    [
        c.Id, c.Name, c.Currency, c.PaymentTermsDays.ToString(CultureInfo.InvariantCulture), c.CreditLimit is { } limit ? Money(limit) : null,
        c.ParentId, c.RiskClass?.ToString(), c.CollectorId, c.Territory, c.Email, c.ManualHold ? "true" : "false", c.RequiresPo ? "true" : "false",
    ]);

    public static CanonicalRecord Rate(ExchangeRate r) => new(CanonicalEntity.Rates, $"{r.Currency}|{Day(r.Date)}",
        [r.Currency, Day(r.Date), r.Rate.ToString(CultureInfo.InvariantCulture)]);

    public static CanonicalRecord Promise(PaymentPromise p) => new(CanonicalEntity.Promises, $"{p.CustomerId}|{Day(p.PromisedOn)}",
        [p.CustomerId, Day(p.PromisedOn), Day(p.DueDate), Money(p.Amount)]);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);
}
