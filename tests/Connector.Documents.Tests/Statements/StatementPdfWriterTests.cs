using Connector.Documents.Statements;
using Connector.Documents.Tests.Support;
using Connector.Domain.Ledger;
using Connector.Sync.Statements;

namespace Connector.Documents.Tests.Statements;

public sealed class StatementPdfWriterTests
{
    // By hand: before October 1000.00 + 2500.00 + 100.00 (the paid part of the written-off INV-6) − 1000.00 − 100.00 = 2500.00;
    // October: +1200.50 (INV-3) −200.00 (CN-1) −1000.00 (PAY-2) +800.00 (INV-4) = 3300.50. Open on 2026-11-16:
    // 1500.00 + 1200.50 (1–30 days) and −200.00 + 800.00 + 300.00 − 250.00 (current) = 3350.50.
    [Fact]
    public void Write_OctoberStatement_TextReadBackCarriesHandComputedTotals()
    {
        var pdf = new StatementPdfWriter().Write(SampleStatement.October());

        var lines = PdfText.Lines(pdf);

        Assert.Contains("Statement of account", lines);
        Assert.Contains("Customer Lighthouse Plastics Inc. (C-1)", lines);
        Assert.Contains("Opening balance 2026-10-01 2,500.00", lines);
        Assert.Contains("Invoices 2,000.50", lines);
        Assert.Contains("Credit notes -200.00", lines);
        Assert.Contains("Payments received -1,000.00", lines);
        Assert.Contains("Closing balance 2026-10-31 3,300.50", lines);
        Assert.Contains("2026-10-05 Invoice INV-3 2026-11-04 1,200.50 3,700.50", lines);
        Assert.Contains("2026-10-12 Credit note CN-1 -200.00 3,500.50", lines);
        Assert.Contains("2026-10-15 Payment PAY-2 -1,000.00 2,500.50", lines);
        Assert.Contains("2026-10-28 Invoice INV-4 2026-11-27 800.00 3,300.50", lines);
        Assert.Contains("2026-10-31 Carried forward 3,300.50", lines);
        Assert.Contains("2026-10-01 Brought forward 2,500.00", lines);
        Assert.Contains("INV-2 Invoice 2026-09-20 2026-10-20 27 1,500.00", lines);
        Assert.Contains("CN-1 Credit note 2026-10-12 2026-10-12 -200.00", lines);
        Assert.Contains("INV-4 Invoice 2026-10-28 2026-11-27 800.00 disputed", lines);
        Assert.Contains("PAY-4 Unapplied 2026-11-10 -250.00", lines);
        Assert.Contains("Amount due 3,350.50", lines);
        Assert.Contains("650.00 2,700.50 0.00 0.00 0.00 0.00 3,350.50", lines);
        Assert.Contains("Amount due: 3,350.50 USD", lines);
        Assert.Contains("https://pay.example.com/C-1?amount=3350.50&ref=SOA-C-1-2026-10", lines);
        Assert.DoesNotContain(lines, static l => l.Contains("INV-1", StringComparison.Ordinal) || l.Contains("INV-5 Invoice 2026-11-03 2026-12-03 300.00 300.00", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_ManyLines_RunsOntoMorePagesWithTheHeaderRepeated()
    {
        var invoices = Enumerable.Range(1, 150).Select(i => new Invoice
        {
            Id = $"INV-{i:000}",
            CustomerId = "C-1",
            DocumentDate = new DateOnly(2026, 10, 1 + (i % 28)),
            DueDate = new DateOnly(2026, 11, 1 + (i % 28)),
            Amount = 10m,
            OpenAmount = 10m,
            Currency = "USD",
        });
        var ledger = new ArLedger([new Customer { Id = "C-1", Name = "Many", Currency = "USD" }], invoices);

        var pdf = new StatementPdfWriter().Write(SampleStatement.Builder().Build(ledger.Find("C-1")!, StatementPeriod.Month(2026, 10), SampleStatement.IssuedOn));

        var lines = PdfText.Lines(pdf);
        var pages = PdfText.Pages(pdf);
        Assert.True(pages >= 3, $"{pages} pages");
        Assert.Contains($"page {pages} of {pages}", string.Join("\n", lines), StringComparison.Ordinal);
        Assert.True(lines.Count(static l => l == "Date Type Reference Due Amount Balance") >= 2);
        Assert.Contains("2026-10-31 Carried forward 1,500.00", lines);
        Assert.Contains("Amount due 1,500.00", lines);
    }

    [Fact]
    public void Write_NothingOwed_SaysSoWithoutAPayLink()
    {
        var ledger = new ArLedger(
            [new Customer { Id = "C-1", Name = "Paid Up", Currency = "EUR" }],
            [new Invoice { Id = "INV-9", CustomerId = "C-1", DocumentDate = new(2026, 10, 2), DueDate = new(2026, 11, 1), Amount = 99.90m, OpenAmount = 0m, Status = ItemStatus.Paid, Currency = "EUR" }],
            [new Payment { Id = "PAY-9", CustomerId = "C-1", Date = new(2026, 10, 20), Amount = 99.90m, AppliedAmount = 99.90m, Currency = "EUR" }]);
        var statement = SampleStatement.Builder().Build(ledger.Find("C-1")!, StatementPeriod.Month(2026, 10), SampleStatement.IssuedOn);

        var lines = PdfText.Lines(new StatementPdfWriter().Write(statement));

        Assert.Null(statement.PayLink);
        Assert.Contains("Closing balance 2026-10-31 0.00", lines);
        Assert.Contains("Nothing is due as of 2026-11-16. Thank you.", lines);
        Assert.DoesNotContain(lines, static l => l.StartsWith("https://", StringComparison.Ordinal));
    }
}
