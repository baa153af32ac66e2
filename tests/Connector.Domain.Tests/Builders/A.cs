using Connector.Domain.Ledger;

namespace Connector.Domain.Tests.Builders;

/// <summary>Short builders for test data: <c>A.Customer("C1") with { CreditLimit = 1000m }</c>.</summary>
internal static class A
{
    public static readonly DateOnly AsOf = new(2026, 6, 30);

    public static Customer Customer(string id = "C1", string currency = "USD", decimal? limit = null) => new()
    {
        Id = id,
        Name = $"Customer {id}",
        Currency = currency,
        CreditLimit = limit,
    };

    /// <summary>An open invoice that is <paramref name="daysPastDue"/> days past due on <see cref="AsOf"/>.</summary>
    public static Invoice Invoice(string id, decimal amount, int daysPastDue = 0, string customerId = "C1", string currency = "USD") => new()
    {
        Id = id,
        CustomerId = customerId,
        Currency = currency,
        Amount = amount,
        OpenAmount = amount,
        DueDate = AsOf.AddDays(-daysPastDue),
        DocumentDate = AsOf.AddDays(-daysPastDue - 30),
    };

    public static Invoice CreditMemo(string id, decimal amount, int daysPastDue = 0, string customerId = "C1") =>
        Invoice(id, -Math.Abs(amount), daysPastDue, customerId) with { Type = DocumentType.CreditMemo };

    public static Payment Payment(string id, decimal amount, string? customerId = "C1", string? reference = null, int daysAgo = 0, decimal applied = 0m) => new()
    {
        Id = id,
        CustomerId = customerId,
        Currency = "USD",
        Amount = amount,
        AppliedAmount = applied,
        Reference = reference,
        Date = AsOf.AddDays(-daysAgo),
    };

    public static Order Order(string id, decimal uninvoiced, string customerId = "C1") => new()
    {
        Id = id,
        CustomerId = customerId,
        Currency = "USD",
        Amount = uninvoiced,
        UninvoicedAmount = uninvoiced,
    };

    public static PaymentPromise Promise(decimal amount, int promisedDaysAgo, int dueInDays, string customerId = "C1") => new()
    {
        CustomerId = customerId,
        Amount = amount,
        PromisedOn = AsOf.AddDays(-promisedDaysAgo),
        DueDate = AsOf.AddDays(dueInDays),
    };

    public static ArLedger Ledger(
        IEnumerable<Customer> customers,
        IEnumerable<Invoice>? invoices = null,
        IEnumerable<Payment>? payments = null,
        IEnumerable<Order>? orders = null,
        IEnumerable<ExchangeRate>? rates = null,
        IEnumerable<PaymentPromise>? promises = null,
        IEnumerable<Collector>? collectors = null) =>
        new(customers, invoices ?? [], payments, orders, rates, promises, collectors);
}
