using Connector.Domain.Ledger;

namespace Connector.Mapping.Canonical;

/// <summary>
/// Builds the Domain's <see cref="ArLedger"/> from canonical records (as read back from the store), so
/// every command evaluates the ingested ledger exactly as it would the canonical CSV files.
/// </summary>
public static class LedgerAssembler
{
    /// <summary>
    /// Assembles the ledger. A customer whose <c>parent_id</c> names no known customer keeps its place
    /// without the group (the parent may arrive in a later run); items of unknown customers end up in
    /// <see cref="ArLedger.Orphans"/>. <paramref name="bankPayments"/> (read from bank statements) join the ERP's payments.
    /// </summary>
    public static ArLedger Assemble(
        IReadOnlyList<CanonicalRecord> collectors,
        IReadOnlyList<CanonicalRecord> customers,
        IReadOnlyList<CanonicalRecord> invoices,
        IReadOnlyList<CanonicalRecord> payments,
        IReadOnlyList<CanonicalRecord> orders,
        IReadOnlyList<CanonicalRecord> rates,
        IReadOnlyList<CanonicalRecord> promises,
        IReadOnlyList<Payment>? bankPayments = null)
    {
        ArgumentNullException.ThrowIfNull(collectors);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(promises);

        // One string per customer id and currency code, not one per stored row (decision 124).
        var strings = new SharedStrings();
        var accounts = new List<Customer>(customers.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in customers)
        {
            var customer = CanonicalConverter.ToCustomer(record, strings);
            if (ids.Add(customer.Id))
            {
                accounts.Add(customer);
            }
        }

        for (var i = 0; i < accounts.Count; i++)
        {
            if (accounts[i].ParentId is { } parent && !ids.Contains(parent))
            {
                accounts[i] = accounts[i] with { ParentId = null };
            }
        }

        return new ArLedger(
            accounts,
            invoices.Select(r => CanonicalConverter.ToInvoice(r, strings)),
            payments.Select(r => CanonicalConverter.ToPayment(r, strings)).Concat(bankPayments ?? []),
            orders.Select(r => CanonicalConverter.ToOrder(r, strings)),
            rates.Select(CanonicalConverter.ToRate),
            promises.Select(r => CanonicalConverter.ToPromise(r, strings)),
            collectors.Select(CanonicalConverter.ToCollector));
    }
}
