using System.Globalization;
using Connector.Domain.Ledger;

namespace Connector.Mapping.Canonical;

/// <summary>
/// Turns canonical records (already checked by the row mapper or the store) into the Domain's ledger
/// records, with the same meaning as the canonical CSV reader: an empty applied amount is 0, lists are
/// split on <c>;</c>, an empty boolean is false, an empty credit limit is "no limit".
/// </summary>
public static class CanonicalConverter
{
    public static Customer ToCustomer(CanonicalRecord record) => ToCustomer(record, null);

    /// <summary>The customer, its id, currency, parent, collector and territory shared through <paramref name="strings"/> when given.</summary>
    public static Customer ToCustomer(CanonicalRecord record, SharedStrings? strings)
    {
        var v = Values(record, CanonicalEntity.Customers);
        return new Customer
        {
            Id = Share(strings, v[0])!,
            Name = v[1]!,
            Currency = Share(strings, v[2])!,
            PaymentTermsDays = int.Parse(v[3]!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            CreditLimit = OptionalDecimal(v[4]),
            ParentId = Share(strings, v[5]),
            RiskClass = v[6] is { } risk ? Enum.Parse<RiskClass>(risk, ignoreCase: false) : null,
            CollectorId = Share(strings, v[7]),
            Territory = Share(strings, v[8]),
            Email = v[9],
            ManualHold = Boolean(v[10]),
            RequiresPo = Boolean(v[11]),
        };
    }

    public static Invoice ToInvoice(CanonicalRecord record) => ToInvoice(record, null);

    /// <summary>The invoice, its customer id and currency shared through <paramref name="strings"/> when given.</summary>
    public static Invoice ToInvoice(CanonicalRecord record, SharedStrings? strings)
    {
        var v = Values(record, CanonicalEntity.Invoices);
        return new Invoice
        {
            Id = v[0]!,
            CustomerId = Share(strings, v[1])!,
            Type = v[2] == "credit_memo" ? DocumentType.CreditMemo : DocumentType.Invoice,
            DocumentDate = Date(v[3]),
            DueDate = Date(v[4]),
            Amount = Decimal(v[5]),
            OpenAmount = Decimal(v[6]),
            Currency = Share(strings, v[7])!,
            PoNumber = v[8],
            Disputed = Boolean(v[9]),
            Status = v[10] switch
            {
                "paid" => ItemStatus.Paid,
                "written_off" => ItemStatus.WrittenOff,
                _ => ItemStatus.Open,
            },
        };
    }

    public static Payment ToPayment(CanonicalRecord record) => ToPayment(record, null);

    /// <summary>The payment, its customer id and currency shared through <paramref name="strings"/> when given.</summary>
    public static Payment ToPayment(CanonicalRecord record, SharedStrings? strings)
    {
        var v = Values(record, CanonicalEntity.Payments);
        return new Payment
        {
            Id = v[0]!,
            CustomerId = Share(strings, v[1]),
            Date = Date(v[2]),
            Amount = Decimal(v[3]),
            Currency = Share(strings, v[4])!,
            Reference = v[5],

            // Empty: nothing applied yet (a payment just received).
            AppliedAmount = OptionalDecimal(v[6]) ?? 0m,
        };
    }

    public static Order ToOrder(CanonicalRecord record) => ToOrder(record, null);

    /// <summary>The order, its customer id and currency shared through <paramref name="strings"/> when given.</summary>
    public static Order ToOrder(CanonicalRecord record, SharedStrings? strings)
    {
        var v = Values(record, CanonicalEntity.Orders);
        return new Order
        {
            Id = v[0]!,
            CustomerId = Share(strings, v[1])!,
            Amount = Decimal(v[2]),
            UninvoicedAmount = Decimal(v[3]),
            Currency = Share(strings, v[4])!,
            Status = v[5] switch
            {
                "invoiced" => OrderStatus.Invoiced,
                "cancelled" => OrderStatus.Cancelled,
                _ => OrderStatus.Open,
            },
            Source = v[6] == "dataverse" ? OrderSource.Dataverse : OrderSource.Erp,
        };
    }

    public static ExchangeRate ToRate(CanonicalRecord record)
    {
        var v = Values(record, CanonicalEntity.Rates);
        return new ExchangeRate(v[0]!, Date(v[1]), Decimal(v[2]));
    }

    public static PaymentPromise ToPromise(CanonicalRecord record) => ToPromise(record, null);

    /// <summary>The promise, its customer id shared through <paramref name="strings"/> when given.</summary>
    public static PaymentPromise ToPromise(CanonicalRecord record, SharedStrings? strings)
    {
        var v = Values(record, CanonicalEntity.Promises);
        return new PaymentPromise
        {
            CustomerId = Share(strings, v[0])!,
            PromisedOn = Date(v[1]),
            DueDate = Date(v[2]),
            Amount = Decimal(v[3]),
        };
    }

    public static Collector ToCollector(CanonicalRecord record)
    {
        var v = Values(record, CanonicalEntity.Collectors);
        return new Collector
        {
            Id = v[0]!,
            Name = v[1]!,
            Email = v[2],
            Territories = List(v[3]),
            Languages = List(v[4]),
        };
    }

    private static string?[] Values(CanonicalRecord record, CanonicalEntity entity)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Entity != entity || record.Values.Length != CanonicalSchema.Of(entity).Fields.Count)
        {
            throw new ArgumentException($"Expected a {CanonicalSchema.Of(entity).Name} record, got {CanonicalSchema.Of(record.Entity).Name} with {record.Values.Length} values.", nameof(record));
        }

        return record.Values;
    }

    private static string? Share(SharedStrings? strings, string? value) => strings is null ? value : strings.Share(value);

    private static DateOnly Date(string? value) =>
        DateOnly.ParseExact(value ?? string.Empty, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static decimal Decimal(string? value) =>
        decimal.Parse(value ?? "0", NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static decimal? OptionalDecimal(string? value) => value is null ? null : Decimal(value);

    private static bool Boolean(string? value) => string.Equals(value, "true", StringComparison.Ordinal);

    private static string[] List(string? value) =>
        value is null ? [] : value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
