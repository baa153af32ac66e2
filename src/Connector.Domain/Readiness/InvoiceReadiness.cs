using Connector.Domain.Ledger;

namespace Connector.Domain.Readiness;

/// <summary>
/// Flags invoices that miss what their customer requires (a PO number, proof of delivery): such an
/// invoice will not be paid until fixed, so the collector sees it on the case as
/// <see cref="IncompleteInvoiceCode"/>.
/// </summary>
public static class InvoiceReadiness
{
    public const string IncompleteInvoiceCode = "INCOMPLETE_INVOICE";

    /// <summary>The gaps of one invoice (allocation-free: the collections hot loop calls it per item).</summary>
    public static ReadinessGaps Check(Customer customer, Invoice invoice, ProofOfDelivery? proofOfDelivery = null)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(invoice);
        if (invoice.IsCreditMemo)
        {
            return ReadinessGaps.None; // nobody pays a credit memo; nothing to be ready for
        }

        var gaps = ReadinessGaps.None;
        if (customer.RequiresPo && string.IsNullOrWhiteSpace(invoice.PoNumber))
        {
            gaps |= ReadinessGaps.MissingPoNumber;
        }

        if (proofOfDelivery is not null && proofOfDelivery.IsRequiredFor(customer.Id) && !proofOfDelivery.HasProof(invoice.Id))
        {
            gaps |= ReadinessGaps.MissingProofOfDelivery;
        }

        return gaps;
    }

    /// <summary>"missing PO number, missing proof of delivery": the gaps as a person reads them.</summary>
    public static string Describe(ReadinessGaps gaps) => gaps switch
    {
        ReadinessGaps.None => "complete",
        ReadinessGaps.MissingPoNumber => "missing PO number",
        ReadinessGaps.MissingProofOfDelivery => "missing proof of delivery",
        _ => "missing PO number, missing proof of delivery",
    };

    /// <summary>Every open invoice in the ledger that misses what its customer requires.</summary>
    public static IReadOnlyList<IncompleteInvoice> FindIncomplete(ArLedger ledger, ProofOfDelivery? proofOfDelivery = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var found = new List<IncompleteInvoice>();
        foreach (var account in ledger.Accounts)
        {
            foreach (var invoice in account.OpenItems)
            {
                var gaps = Check(account.Customer, invoice, proofOfDelivery);
                if (gaps != ReadinessGaps.None)
                {
                    found.Add(new IncompleteInvoice(account.Id, invoice.Id, gaps));
                }
            }
        }

        return found;
    }
}
