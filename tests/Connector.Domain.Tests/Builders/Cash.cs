using Connector.Domain.CashApplication;
using Connector.Domain.Ledger;

namespace Connector.Domain.Tests.Builders;

/// <summary>Builders for cash application: invoices numbered like an ERP ("INV-000123") and a one-line run.</summary>
internal static class Cash
{
    public static Invoice Inv(int number, decimal amount, int daysPastDue = 0, string customerId = "C1", string currency = "USD") =>
        A.Invoice($"INV-{number:000000}", amount, daysPastDue, customerId, currency);

    public static Customer Customer(string id, string name) => A.Customer(id) with { Name = name };

    public static CashApplicationResult Run(IEnumerable<Invoice> invoices, params Payment[] payments) =>
        Run([A.Customer("C1"), A.Customer("C2")], invoices, payments);

    public static CashApplicationResult Run(
        IEnumerable<Customer> customers,
        IEnumerable<Invoice> invoices,
        IEnumerable<Payment> payments,
        CashApplicationPolicy? policy = null) =>
        CashApplicator.Apply(customers, invoices, payments, policy ?? new CashApplicationPolicy());
}
