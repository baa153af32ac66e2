namespace Connector.Mapping.Canonical;

/// <summary>The canonical record kinds, in the order they are ingested (referenced entities first).</summary>
public enum CanonicalEntity
{
    Collectors,
    Customers,
    Invoices,
    Payments,
    Orders,
    Rates,
    Promises,
}
