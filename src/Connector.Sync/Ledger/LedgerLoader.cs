using Connector.Domain.Ledger;
using Connector.Mapping.Canonical;
using Connector.Sync.Ports;

namespace Connector.Sync.Ledger;

/// <summary>
/// Reads the stored canonical records back into the Domain's <see cref="ArLedger"/> for evaluation, with the payments read
/// from bank statements (unapplied cash whose payer the matching finds) when the store keeps them.
/// </summary>
public static class LedgerLoader
{
    public static async Task<ArLedger> LoadAsync(ILedgerStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var records = new List<CanonicalRecord>[CanonicalSchema.All.Count];
        foreach (var schema in CanonicalSchema.All)
        {
            var list = new List<CanonicalRecord>();
            await foreach (var record in store.ReadRecordsAsync(schema.Entity, cancellationToken).ConfigureAwait(false))
            {
                list.Add(record);
            }

            records[(int)schema.Entity] = list;
        }

        var bankPayments = store is IBankStatementStore bank
            ? await bank.ReadBankPaymentsAsync(cancellationToken).ConfigureAwait(false)
            : [];
        return LedgerAssembler.Assemble(
            records[(int)CanonicalEntity.Collectors],
            records[(int)CanonicalEntity.Customers],
            records[(int)CanonicalEntity.Invoices],
            records[(int)CanonicalEntity.Payments],
            records[(int)CanonicalEntity.Orders],
            records[(int)CanonicalEntity.Rates],
            records[(int)CanonicalEntity.Promises],
            bankPayments);
    }
}
