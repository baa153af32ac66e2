using Connector.Domain.Ledger;
using Connector.Mapping.Canonical;

namespace Connector.Mapping.Tests.Canonical;

public sealed class CanonicalConverterTests
{
    private static CanonicalRecord Record(CanonicalEntity entity, params string?[] values) =>
        new(entity, CanonicalSchema.Of(entity).KeyOf(values), values);

    [Fact]
    public void ToCustomer_AllFields()
    {
        var customer = CanonicalConverter.ToCustomer(Record(CanonicalEntity.Customers, "C1", "Acme", "EUR", "45", "5000.5", "C0", "B", "COL1", "DACH", "ap@acme.example", "true", null));

        Assert.Equal(new Customer
        {
            Id = "C1",
            Name = "Acme",
            Currency = "EUR",
            PaymentTermsDays = 45,
            CreditLimit = 5000.5m,
            ParentId = "C0",
            RiskClass = RiskClass.B,
            CollectorId = "COL1",
            Territory = "DACH",
            Email = "ap@acme.example",
            ManualHold = true,
            RequiresPo = false,
        }, customer);
        Assert.Null(CanonicalConverter.ToCustomer(Record(CanonicalEntity.Customers, "C2", "B", "USD", "0", null, null, null, null, null, null, null, null)).CreditLimit);
    }

    [Fact]
    public void ToInvoice_CreditMemo()
    {
        var invoice = CanonicalConverter.ToInvoice(Record(CanonicalEntity.Invoices, "CM1", "C1", "credit_memo", "2026-01-05", "2026-02-04", "-100.5", "-20", "EUR", "PO-1", "true", "written_off"));

        Assert.Equal(new Invoice
        {
            Id = "CM1",
            CustomerId = "C1",
            Type = DocumentType.CreditMemo,
            DocumentDate = new(2026, 1, 5),
            DueDate = new(2026, 2, 4),
            Amount = -100.5m,
            OpenAmount = -20m,
            Currency = "EUR",
            PoNumber = "PO-1",
            Disputed = true,
            Status = ItemStatus.WrittenOff,
        }, invoice);
    }

    [Fact]
    public void ToPayment_EmptyApplied_IsZero()
    {
        var payment = CanonicalConverter.ToPayment(Record(CanonicalEntity.Payments, "P1", null, "2026-03-01", "250", "USD", "INV 1", null));
        Assert.Equal(0m, payment.AppliedAmount);
        Assert.Null(payment.CustomerId);
        Assert.Equal(250m, payment.UnappliedAmount);
    }

    [Fact]
    public void ToOrderRatePromiseCollector_ParsesEachField()
    {
        Assert.Equal(new Order { Id = "O1", CustomerId = "C1", Amount = 10m, UninvoicedAmount = 4m, Currency = "EUR", Status = OrderStatus.Cancelled, Source = OrderSource.Dataverse },
            CanonicalConverter.ToOrder(Record(CanonicalEntity.Orders, "O1", "C1", "10", "4", "EUR", "cancelled", "dataverse")));
        Assert.Equal(new ExchangeRate("EUR", new(2026, 11, 16), 1.0825m), CanonicalConverter.ToRate(Record(CanonicalEntity.Rates, "EUR", "2026-11-16", "1.0825")));
        Assert.Equal(new PaymentPromise { CustomerId = "C1", PromisedOn = new(2026, 1, 1), DueDate = new(2026, 1, 15), Amount = 99.9m },
            CanonicalConverter.ToPromise(Record(CanonicalEntity.Promises, "C1", "2026-01-01", "2026-01-15", "99.9")));
        var collector = CanonicalConverter.ToCollector(Record(CanonicalEntity.Collectors, "COL1", "Ann", null, "EMEA;DACH", null));
        Assert.Equal(["EMEA", "DACH"], collector.Territories);
        Assert.Empty(collector.Languages);
    }

    [Fact]
    public void ToInvoice_RecordOfOtherEntity_Throws()
    {
        Assert.Throws<ArgumentException>(() => CanonicalConverter.ToInvoice(Record(CanonicalEntity.Rates, "EUR", "2026-11-16", "1")));
    }
}
