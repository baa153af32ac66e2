using System.Text;
using Connector.Domain.Ledger;
using Connector.Erp.Canonical;

namespace Connector.Erp.Tests.Canonical;

public class CanonicalFolderReaderTests
{
    private const string InvoiceHeader = "id,customer_id,type,document_date,due_date,amount,open_amount,currency,po_number,disputed,status";
    private const string CustomerHeader = "id,name,currency,payment_terms_days,credit_limit,parent_id,risk_class,collector,territory,email,manual_hold,requires_po";
    private const string InvoiceRow = "I-1,C1,invoice,2026-06-01,2026-07-01,100,100,USD,,false,open";

    [Fact]
    public void Read_GoodFolder_BuildsLedgerWithEveryRecord()
    {
        var load = CanonicalFolderReader.Read(Fixtures.Good);

        Assert.Empty(load.Errors);
        var ledger = Assert.IsType<ArLedger>(load.Ledger);
        Assert.Equal(["C1", "C2", "C3", "C4", "C5"], ledger.Accounts.Select(a => a.Id));
        var beta = ledger.Find("C2")!.Customer;
        Assert.Equal("Beta GmbH, Berlin", beta.Name);
        Assert.Equal("EUR", beta.Currency);
        Assert.Equal(45, beta.PaymentTermsDays);
        Assert.Equal(20000m, beta.CreditLimit);
        Assert.Equal(RiskClass.B, beta.RiskClass);
        Assert.True(beta.RequiresPo);
        Assert.Null(ledger.Find("C3")!.Customer.CreditLimit);
        Assert.Equal(0m, ledger.Find("C4")!.Customer.CreditLimit);
        Assert.Same(ledger.Find("C1"), ledger.Find("C3")!.Parent);

        var acme = ledger.Find("C1")!;
        Assert.Equal(5, acme.Invoices.Count);
        Assert.Equal(4, acme.OpenItems.Count);
        var memo = acme.Invoices.Single(i => i.Id == "CM-1");
        Assert.Equal(DocumentType.CreditMemo, memo.Type);
        Assert.Equal(-300m, memo.OpenAmount);
        Assert.True(acme.Invoices.Single(i => i.Id == "I-102").Disputed);
        Assert.Equal(ItemStatus.Paid, acme.Invoices.Single(i => i.Id == "I-103").Status);
        Assert.Equal(new DateOnly(2026, 7, 15), acme.Invoices.Single(i => i.Id == "I-100").DueDate);

        Assert.Equal("I-101, I-102 part", acme.Payments.Single().Reference);
        Assert.Equal(400m, acme.Payments.Single().UnappliedAmount);
        Assert.Equal(0m, Assert.Single(ledger.UnassignedPayments).AppliedAmount);
        Assert.Equal(OrderSource.Dataverse, ledger.Find("C2")!.Orders.Single().Source);
        Assert.Equal(2, ledger.Rates.Count);
        Assert.Equal(5000m, ledger.Find("C2")!.Promises.Single().Amount);
        Assert.Equal(["de", "en"], ledger.Collectors.Single(c => c.Id == "K2").Languages);
    }

    [Fact]
    public void Read_OptionalFilesAbsent_ReadsRequiredOnes()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        foreach (var name in new[] { "payments.csv", "orders.csv", "rates.csv", "promises.csv", "collectors.csv" })
        {
            folder.Delete(name);
        }

        var load = CanonicalFolderReader.Read(folder.Path);

        Assert.Empty(load.Errors);
        Assert.Equal(5, load.Ledger!.Accounts.Count);
        Assert.Empty(load.Ledger.Rates);
    }

    [Theory]
    [InlineData("bad-date", "invoices.csv:3: column 'due_date': expected a date yyyy-MM-dd, got '31/12/2026'")]
    [InlineData("bad-decimal", "invoices.csv:2: column 'amount': expected a number like -1234.56 ('.' decimal point, no thousands separator), got '1,000.00'")]
    [InlineData("bad-enums",
        "invoices.csv:2: column 'type': expected invoice|credit_memo, got 'INV'",
        "invoices.csv:2: column 'disputed': expected true|false, got 'yes'",
        "invoices.csv:2: column 'status': expected open|paid|written_off, got 'closed'")]
    [InlineData("bad-required",
        "invoices.csv:2: column 'customer_id': expected a value, got an empty field",
        "invoices.csv:2: column 'currency': expected a three-letter currency code like USD, got an empty field")]
    [InlineData("duplicate-id", "invoices.csv:3: column 'id': duplicate id 'I-1' (first on line 2)")]
    [InlineData("unknown-customer", "invoices.csv:2: column 'customer_id': unknown customer 'C9' (not in customers.csv)")]
    [InlineData("credit-memo-positive", "invoices.csv:2: column 'amount': expected a negative amount for a credit memo, got '300'")]
    [InlineData("open-exceeds-amount", "invoices.csv:2: column 'open_amount': expected at most the amount (100) in absolute value, got '150'")]
    [InlineData("column-count", "invoices.csv:2: expected 11 columns, got 10")]
    [InlineData("unbalanced-quotes", "invoices.csv:2: unbalanced quotes: a quote opened on this line is never closed; expected 11 columns, got 9")]
    [InlineData("header-missing-unknown",
        "invoices.csv:1: unknown column 'notes' (expected " + InvoiceHeader + ")",
        "invoices.csv:1: missing column 'po_number' (expected " + InvoiceHeader + ")")]
    [InlineData("unknown-parent",
        "customers.csv:3: column 'risk_class': expected A|B|C|D, got 'E'",
        "customers.csv:3: column 'requires_po': expected true|false, got 'maybe'",
        "customers.csv:3: column 'collector': unknown collector 'K7' (not in collectors.csv)",
        "customers.csv:3: column 'parent_id': unknown customer 'P9' (not in customers.csv)",
        "customers.csv:6: column 'payment_terms_days': expected a whole number, got 'x'",
        "customers.csv:6: column 'credit_limit': expected an empty field (no limit) or an amount of zero or more, got '-5'")]
    [InlineData("orders-payments-rates",
        "payments.csv:2: column 'customer_id': unknown customer 'C9' (not in customers.csv)",
        "payments.csv:2: column 'currency': expected a three-letter currency code like USD, got 'usd'",
        "orders.csv:2: column 'source': expected erp|dataverse, got 'sap'",
        "rates.csv:2: column 'rate': expected a positive rate (company-currency units per one EUR), got '0'",
        "rates.csv:4: duplicate rate for EUR on 2026-06-01 (first on line 3)",
        "promises.csv:2: column 'due_date': expected a date on or after promised_on (2026-06-20), got '2026-06-05'")]
    public void Read_BadFile_ReportsEveryErrorOnOneLineAndNoLedger(string badCase, params string[] expected)
    {
        using var folder = Fixtures.GoodWith(badCase);

        var load = CanonicalFolderReader.Read(folder.Path);

        Assert.Null(load.Ledger);
        Assert.Equal(expected, load.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_AmountRulesOnWellFormedRow_ReportsAppliedAndUninvoicedBeyondAmount()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        folder.Write("payments.csv", "id,customer_id,date,amount,currency,reference,applied_amount\nP-1,C1,2026-06-25,1000,USD,,1200\n");
        folder.Write("orders.csv", "id,customer_id,amount,uninvoiced_amount,currency,status,source\nO-1,C1,5000,6000,USD,open,erp\n");

        var errors = CanonicalFolderReader.Read(folder.Path).Errors.Select(e => e.ToString());

        Assert.Equal(
        [
            "payments.csv:2: column 'applied_amount': expected between 0 and the amount (1000), got '1200'",
            "orders.csv:2: column 'uninvoiced_amount': expected between 0 and the amount (5000), got '6000'",
        ], errors);
    }

    [Theory]
    [InlineData("I-1,C1,invoice,2026-06-01,2026-07-01,100,100,USD,\"PO-1,false,open", "invoices.csv:2: unbalanced quotes: a quote opened on this line is never closed; expected 11 columns, got 9")]
    [InlineData("I-1,C1,invoice,2026-06-01,2026-07-01,100,100,USD,\"PO\nI-2\",false\nI-3,C1,invoice,2026-06-01,2026-07-01,100,100,USD,\"\",false,open\n", "invoices.csv:2: unbalanced quotes: a quoted field opened on this line runs to line 3; expected 11 columns, got 10")]
    public void Read_QuoteRunsOn_ReportsTheLineItOpensOn(string rows, string expected)
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        folder.Write("invoices.csv", InvoiceHeader + "\n" + rows);

        var errors = CanonicalFolderReader.Read(folder.Path).Errors.Select(e => e.ToString());

        Assert.Equal(expected, errors.First());
    }

    [Fact]
    public void Read_RequiredFileMissing_NamesFileAndFolder()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        folder.Delete("invoices.csv");

        var error = Assert.Single(CanonicalFolderReader.Read(folder.Path).Errors);

        Assert.Equal($"invoices.csv: required file not found in {folder.Path}", error.ToString());
    }

    [Fact]
    public void Read_EmptyFile_AsksForTheHeader()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        folder.Write("invoices.csv", string.Empty);

        var error = Assert.Single(CanonicalFolderReader.Read(folder.Path).Errors);

        Assert.Equal($"invoices.csv:1: expected the header row {InvoiceHeader}, got an empty file", error.ToString());
    }

    [Fact]
    public void Read_ColumnsInAnotherOrder_MatchesByName()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        folder.Write("rates.csv", "rate,currency,date\n1.10,EUR,2026-06-01\n");

        var load = CanonicalFolderReader.Read(folder.Path);

        Assert.Empty(load.Errors);
        Assert.Equal(new ExchangeRate("EUR", new DateOnly(2026, 6, 1), 1.10m), Assert.Single(load.Ledger!.Rates));
    }

    [Fact]
    public void Read_QuotedNewlineEarlier_CountsPhysicalLines()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        folder.Write("collectors.csv", "id,name,email,territories,languages\nK1,\"Kim\nLee\",,WEST,en\nK2,Jonas,,EU,de\n\nK2,Again,,EU,de\n");

        var error = Assert.Single(CanonicalFolderReader.Read(folder.Path).Errors);

        Assert.Equal("collectors.csv:6: column 'id': duplicate id 'K2' (first on line 4)", error.ToString());
    }

    [Fact]
    public void Read_ManyBadRows_ReportsEveryOne()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        var rows = string.Concat(Enumerable.Range(1, 50).Select(i => $"I-{i},C1,invoice,2026-06-01,2026-13-{i:00},100,100,USD,,false,open\n"));
        folder.Write("invoices.csv", InvoiceHeader + "\n" + rows);

        var errors = CanonicalFolderReader.Read(folder.Path).Errors;

        Assert.Equal(50, errors.Count);
        Assert.Equal("invoices.csv:51: column 'due_date': expected a date yyyy-MM-dd, got '2026-13-50'", errors[^1].ToString());
    }

    [Fact]
    public void Read_FolderMissing_SaysSo()
    {
        var error = Assert.Single(CanonicalFolderReader.Read("/no/such/folder").Errors);

        Assert.Equal("/no/such/folder: folder not found", error.ToString());
    }

    [Fact]
    public void Read_NegativeTermsAndLimit_ReportsBothOnARowWithOtherErrors()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        folder.Write("customers.csv", CustomerHeader + "\nC1,Acme,usd,-05,-1,,A,,,,false,false\n");
        folder.Delete("collectors.csv");

        var errors = CanonicalFolderReader.Read(folder.Path).Errors.Select(e => e.ToString()).Where(e => e.StartsWith("customers.csv", StringComparison.Ordinal));

        Assert.Equal(
        [
            "customers.csv:2: column 'currency': expected a three-letter currency code like USD, got 'usd'",
            "customers.csv:2: column 'payment_terms_days': expected zero or more days, got '-5'",
            "customers.csv:2: column 'credit_limit': expected an empty field (no limit) or an amount of zero or more, got '-1'",
        ], errors);
    }

    [Theory]
    [InlineData("payments.csv", "id,customer_id,date,amount,currency,reference,applied_amount\nP-1,C1,2026-06-25,-5,USD,,\n", "payments.csv:2: column 'amount': expected a positive amount, got '-5'")]
    [InlineData("promises.csv", "customer_id,promised_on,due_date,amount\nC2,2026-06-20,2026-06-05,0\n", "promises.csv:2: column 'amount': expected a positive amount, got '0'")]
    [InlineData("customers.csv", CustomerHeader + "\nC1,Acme,USD,30,,,,,,,,false\n", "customers.csv:2: column 'manual_hold': expected true|false, got an empty field")]
    [InlineData("collectors.csv", "id,name,email,territories,languages\nK1,,,,\n", "collectors.csv:2: column 'name': expected a value, got an empty field")]
    public void Read_RuleBroken_ReportsIt(string file, string content, string expected)
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        folder.Write(file, content);

        var errors = CanonicalFolderReader.Read(folder.Path).Errors.Select(e => e.ToString());

        Assert.Contains(expected, errors);
    }

    [Fact]
    public void Read_ValueLongerThanTheSchemaAllows_ReportsTheLength()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        folder.Write("invoices.csv", InvoiceHeader + "\n" + new string('I', 65) + ",C1,invoice,2026-06-01,2026-07-01,100,100,USD,,false,open\n");

        var error = Assert.Single(CanonicalFolderReader.Read(folder.Path).Errors);

        Assert.Equal("invoices.csv:2: column 'id': expected at most 64 characters, got 65", error.ToString());
    }

    [Fact]
    public void Read_TextAfterAClosingQuote_ReportsMalformedQuoting()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        folder.Write("invoices.csv", InvoiceHeader + "\nI-1,C1,invoice,2026-06-01,2026-07-01,100,100,USD,\"PO\"1,false,open\n");

        var error = Assert.Single(CanonicalFolderReader.Read(folder.Path).Errors);

        Assert.Equal("invoices.csv:2: malformed quoting: unexpected '1' after the closing quote of the field starting at column 9 (po_number); expected a quoted field to be \"…\" with inner quotes doubled", error.ToString());
    }

    [Fact]
    public void Read_QuoteNeverClosed_StillChecksTheRowsAfterIt()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        folder.Write("invoices.csv", InvoiceHeader + "\nI-1,C1,invoice,2026-06-01,2026-07-01,100,100,USD,\"PO-1,false,open\nI-2,C1,invoice,2026-06-01,2026-07-01,100,100,USD,,false,closed\n");

        var errors = CanonicalFolderReader.Read(folder.Path).Errors.Select(e => e.ToString());

        Assert.Equal(
        [
            "invoices.csv:2: unbalanced quotes: a quote opened on this line is never closed; expected 11 columns, got 9",
            "invoices.csv:3: column 'status': expected open|paid|written_off, got 'closed'",
        ], errors);
    }

    [Fact]
    public void Read_BomCrlfAndBlankLines_CountsEveryPhysicalLine()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        var text = "\r\n" + InvoiceHeader + "\r\n" + InvoiceRow + "\r\n\r\nI-2,C1,invoice,2026-06-01,2026-07-01,100,100,USD,,false,closed\r\n";
        folder.WriteBytes("invoices.csv", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);

        var error = Assert.Single(CanonicalFolderReader.Read(folder.Path).Errors);

        Assert.Equal("invoices.csv:5: column 'status': expected open|paid|written_off, got 'closed'", error.ToString());
    }

    [Fact]
    public void Read_CustomersFileUnusable_DoesNotReportReferencesToIt()
    {
        using var folder = TempFolder.CopyOf(Fixtures.Good);
        folder.Write("customers.csv", "id,name\nC1,Acme\n");

        var errors = CanonicalFolderReader.Read(folder.Path).Errors;

        Assert.Equal(10, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("customers.csv:1: missing column", e.ToString(), StringComparison.Ordinal));
    }
}
