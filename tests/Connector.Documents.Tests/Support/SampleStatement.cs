using Connector.Domain.Aging;
using Connector.Domain.Ledger;
using Connector.Sync.Collections;
using Connector.Sync.Statements;

namespace Connector.Documents.Tests.Support;

/// <summary>
/// One customer's October 2026 worked by hand (see the figures in the tests): a paid and a partly paid invoice before the
/// period, a written-off invoice of which 100.00 was paid, two invoices, a credit note and a payment in the period, an
/// invoice after it and an unapplied payment in November.
/// </summary>
public static class SampleStatement
{
    public static readonly DateOnly IssuedOn = new(2026, 11, 16);

    public static ArLedger Ledger(string email = "ap@lighthouse.example")
    {
        Customer[] customers = [new() { Id = "C-1", Name = "Lighthouse Plastics Inc.", Currency = "USD", Email = email }];
        Invoice[] invoices =
        [
            Item("INV-1", "2026-08-15", "2026-09-14", 1000.00m, 0m, ItemStatus.Paid),
            Item("INV-2", "2026-09-20", "2026-10-20", 2500.00m, 1500.00m),
            Item("INV-3", "2026-10-05", "2026-11-04", 1200.50m, 1200.50m),
            Item("CN-1", "2026-10-12", "2026-10-12", -200.00m, -200.00m) with { Type = DocumentType.CreditMemo },
            Item("INV-4", "2026-10-28", "2026-11-27", 800.00m, 800.00m) with { Disputed = true },
            Item("INV-5", "2026-11-03", "2026-12-03", 300.00m, 300.00m),
            Item("INV-6", "2026-07-01", "2026-07-31", 500.00m, 400.00m, ItemStatus.WrittenOff),
        ];
        Payment[] payments =
        [
            Pay("PAY-1", "2026-09-10", 1000.00m, 1000.00m),
            Pay("PAY-2", "2026-10-15", 1000.00m, 1000.00m),
            Pay("PAY-3", "2026-08-20", 100.00m, 100.00m),
            Pay("PAY-4", "2026-11-10", 250.00m, 0m),
        ];
        return new ArLedger(customers, invoices, payments);
    }

    public static StatementOfAccount October(ArLedger? ledger = null) =>
        Builder().Build((ledger ?? Ledger()).Find("C-1")!, StatementPeriod.Month(2026, 10), IssuedOn);

    public static StatementOfAccountBuilder Builder() =>
        new("Northwind Components Ltd", AgingBuckets.Default, new DunningMailOptions
        {
            CompanyName = "Northwind Components Ltd",
            PayLinkPattern = "https://pay.example.com/{customerId}?amount={amount}&ref={caseId}",
        });

    private static Invoice Item(string id, string date, string due, decimal amount, decimal open, ItemStatus status = ItemStatus.Open) => new()
    {
        Id = id,
        CustomerId = "C-1",
        DocumentDate = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
        DueDate = DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
        Amount = amount,
        OpenAmount = open,
        Currency = "USD",
        Status = status,
    };

    private static Payment Pay(string id, string date, decimal amount, decimal applied) => new()
    {
        Id = id,
        CustomerId = "C-1",
        Date = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
        Amount = amount,
        AppliedAmount = applied,
        Currency = "USD",
    };
}
