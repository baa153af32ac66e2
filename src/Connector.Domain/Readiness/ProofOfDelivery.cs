namespace Connector.Domain.Readiness;

/// <summary>
/// Optional input: which customers require proof of delivery on every invoice, and which invoices
/// have one. The canonical CSV does not carry it, so without this register the check is skipped.
/// </summary>
public sealed class ProofOfDelivery
{
    private readonly HashSet<string> requiringCustomers;
    private readonly HashSet<string> deliveredInvoices;

    public ProofOfDelivery(IEnumerable<string> customersRequiringProof, IEnumerable<string> invoicesWithProof)
    {
        ArgumentNullException.ThrowIfNull(customersRequiringProof);
        ArgumentNullException.ThrowIfNull(invoicesWithProof);
        requiringCustomers = new HashSet<string>(customersRequiringProof, StringComparer.Ordinal);
        deliveredInvoices = new HashSet<string>(invoicesWithProof, StringComparer.Ordinal);
    }

    public bool IsRequiredFor(string customerId) => requiringCustomers.Contains(customerId);

    public bool HasProof(string invoiceId) => deliveredInvoices.Contains(invoiceId);
}
