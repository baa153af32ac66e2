namespace Connector.Worker.Canonical;

/// <summary>One canonical CSV file: its name, whether a folder must contain it, and its exact columns.</summary>
public sealed record CanonicalFile(string Name, bool Required, IReadOnlyList<string> Columns)
{
    public string Header => string.Join(',', Columns);
}

/// <summary>
/// The canonical CSV contract (issue 2, §3). Mappings produce exactly these files; the column order
/// here is the order the connector writes, while readers match columns by name.
/// </summary>
public static class CanonicalFiles
{
    public static readonly CanonicalFile Customers = new("customers.csv", Required: true,
        ["id", "name", "currency", "payment_terms_days", "credit_limit", "parent_id", "risk_class", "collector", "territory", "email", "manual_hold", "requires_po"]);

    public static readonly CanonicalFile Invoices = new("invoices.csv", Required: true,
        ["id", "customer_id", "type", "document_date", "due_date", "amount", "open_amount", "currency", "po_number", "disputed", "status"]);

    public static readonly CanonicalFile Payments = new("payments.csv", Required: false,
        ["id", "customer_id", "date", "amount", "currency", "reference", "applied_amount"]);

    public static readonly CanonicalFile Orders = new("orders.csv", Required: false,
        ["id", "customer_id", "amount", "uninvoiced_amount", "currency", "status", "source"]);

    public static readonly CanonicalFile Rates = new("rates.csv", Required: false,
        ["currency", "date", "rate"]);

    public static readonly CanonicalFile Promises = new("promises.csv", Required: false,
        ["customer_id", "promised_on", "due_date", "amount"]);

    public static readonly CanonicalFile Collectors = new("collectors.csv", Required: false,
        ["id", "name", "email", "territories", "languages"]);

    public static IReadOnlyList<CanonicalFile> All { get; } = [Customers, Invoices, Payments, Orders, Rates, Promises, Collectors];
}
