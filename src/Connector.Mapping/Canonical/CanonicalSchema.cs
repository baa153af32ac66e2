namespace Connector.Mapping.Canonical;

/// <summary>
/// The canonical records every mapping produces — the same contract as the canonical CSV files of the
/// root README (names, order, types). Mappings are validated against it; the store keeps records in it.
/// </summary>
public static class CanonicalSchema
{
    private const int IdLength = 64;

    public static readonly CanonicalEntitySchema Collectors = new(CanonicalEntity.Collectors, "collectors",
    [
        new("id", FieldType.Text, Required: true, IdLength),
        new("name", FieldType.Text, Required: true),
        new("email", FieldType.Text, Required: false, 254),
        new("territories", FieldType.List, Required: false, 500),
        new("languages", FieldType.List, Required: false, 200),
    ], ["id"]);

    public static readonly CanonicalEntitySchema Customers = new(CanonicalEntity.Customers, "customers",
    [
        new("id", FieldType.Text, Required: true, IdLength),
        new("name", FieldType.Text, Required: true),
        new("currency", FieldType.Currency, Required: true, 3),
        new("payment_terms_days", FieldType.Integer, Required: true, 5),
        new("credit_limit", FieldType.Decimal, Required: false, 32),
        new("parent_id", FieldType.Text, Required: false, IdLength) { References = CanonicalEntity.Customers },
        new("risk_class", FieldType.Choice, Required: false, 1, ["A", "B", "C", "D"]),
        new("collector", FieldType.Text, Required: false, IdLength) { References = CanonicalEntity.Collectors },
        new("territory", FieldType.Text, Required: false, 100),
        new("email", FieldType.Text, Required: false, 254),
        new("manual_hold", FieldType.Boolean, Required: false, 5),
        new("requires_po", FieldType.Boolean, Required: false, 5),
    ], ["id"]);

    public static readonly CanonicalEntitySchema Invoices = new(CanonicalEntity.Invoices, "invoices",
    [
        new("id", FieldType.Text, Required: true, IdLength),
        new("customer_id", FieldType.Text, Required: true, IdLength) { References = CanonicalEntity.Customers },
        new("type", FieldType.Choice, Required: true, 11, ["invoice", "credit_memo"]),
        new("document_date", FieldType.Date, Required: true, 10),
        new("due_date", FieldType.Date, Required: true, 10),
        new("amount", FieldType.Decimal, Required: true, 32),
        new("open_amount", FieldType.Decimal, Required: true, 32),
        new("currency", FieldType.Currency, Required: true, 3),
        new("po_number", FieldType.Text, Required: false, 100),
        new("disputed", FieldType.Boolean, Required: false, 5),
        new("status", FieldType.Choice, Required: true, 11, ["open", "paid", "written_off"]),
    ], ["id"]);

    public static readonly CanonicalEntitySchema Payments = new(CanonicalEntity.Payments, "payments",
    [
        new("id", FieldType.Text, Required: true, IdLength),
        new("customer_id", FieldType.Text, Required: false, IdLength) { References = CanonicalEntity.Customers },
        new("date", FieldType.Date, Required: true, 10),
        new("amount", FieldType.Decimal, Required: true, 32),
        new("currency", FieldType.Currency, Required: true, 3),
        new("reference", FieldType.Text, Required: false, 500),
        new("applied_amount", FieldType.Decimal, Required: false, 32),
    ], ["id"]);

    public static readonly CanonicalEntitySchema Orders = new(CanonicalEntity.Orders, "orders",
    [
        new("id", FieldType.Text, Required: true, IdLength),
        new("customer_id", FieldType.Text, Required: true, IdLength) { References = CanonicalEntity.Customers },
        new("amount", FieldType.Decimal, Required: true, 32),
        new("uninvoiced_amount", FieldType.Decimal, Required: true, 32),
        new("currency", FieldType.Currency, Required: true, 3),
        new("status", FieldType.Choice, Required: true, 9, ["open", "invoiced", "cancelled"]),
        new("source", FieldType.Choice, Required: true, 9, ["erp", "dataverse"]),
    ], ["id"]);

    public static readonly CanonicalEntitySchema Rates = new(CanonicalEntity.Rates, "rates",
    [
        new("currency", FieldType.Currency, Required: true, 3),
        new("date", FieldType.Date, Required: true, 10),
        new("rate", FieldType.Decimal, Required: true, 32),
    ], ["currency", "date"]);

    public static readonly CanonicalEntitySchema Promises = new(CanonicalEntity.Promises, "promises",
    [
        new("customer_id", FieldType.Text, Required: true, IdLength) { References = CanonicalEntity.Customers },
        new("promised_on", FieldType.Date, Required: true, 10),
        new("due_date", FieldType.Date, Required: true, 10),
        new("amount", FieldType.Decimal, Required: true, 32),
    ], ["customer_id", "promised_on"]);

    /// <summary>Every entity in ingest order: an entity comes after the ones it references.</summary>
    public static IReadOnlyList<CanonicalEntitySchema> All { get; } = [Collectors, Customers, Invoices, Payments, Orders, Rates, Promises];

    public static CanonicalEntitySchema Of(CanonicalEntity entity) => All[(int)entity];

    /// <summary>The entity with this name (<c>invoices</c>), case-insensitively, or <c>null</c>.</summary>
    public static CanonicalEntitySchema? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
