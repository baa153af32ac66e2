using Connector.Mapping.Canonical;
using static Connector.Sync.Tests.Corpus.CorpusExport;

namespace Connector.Sync.Tests.Corpus;

/// <summary>
/// Bad values in otherwise well-formed files: each bad row sits on line 3 between two good rows, and must be
/// quarantined with its entity, file, line, field and a reason saying what was expected and what was found,
/// while the good rows land and the run's counts balance.
/// </summary>
public sealed class BadValueCorpusTests
{
    private static readonly string Overlong = new('X', 65);

    public static TheoryData<string, string, string, string> BadInvoices => new()
    {
        { "impossible date", "R-9;C-1;RE;31.02.2026;03.03.2026;100,00;100,00;EUR;", "document_date", "no such date '31.02.2026' (read as dd.MM.yyyy: February 2026 has 28 days)" },
        { "impossible month", "R-9;C-1;RE;01.02.2026;01.13.2026;100,00;100,00;EUR;", "due_date", "no such date '01.13.2026' (read as dd.MM.yyyy: there is no month 13)" },
        { "date in another style", "R-9;C-1;RE;2026-02-01;03.03.2026;100,00;100,00;EUR;", "document_date", "expected a date like dd.MM.yyyy (de-DE), got '2026-02-01'" },
        { "wrong decimal culture", "R-9;C-1;RE;01.02.2026;03.03.2026;1,234.56;0;EUR;", "amount", "expected a number like -1.234,56 (de-DE), got '1,234.56'" },
        { "credit memo with a positive amount", "R-9;C-1;GS;01.02.2026;01.02.2026;100,00;100,00;EUR;", "amount", "expected a negative amount for a credit memo, got '100'" },
        { "empty key", ";C-1;RE;01.02.2026;03.03.2026;100,00;100,00;EUR;", "id", "key field 'id' is empty" },
        { "key of only spaces", "   ;C-1;RE;01.02.2026;03.03.2026;100,00;100,00;EUR;", "id", "key field 'id' is empty" },
        { "duplicate key", "r-1 ;C-2;RE;02.02.2026;04.03.2026;50,00;50,00;EUR;", "id", "duplicate key 'R-1' in this file (first on line 2)" },
        { "unknown customer", "R-9;C-9;RE;01.02.2026;03.03.2026;100,00;100,00;EUR;", "customer_id", "unknown customer 'C-9' (not in the ledger's customers)" },
        { "invalid currency code", "R-9;C-1;RE;01.02.2026;03.03.2026;100,00;100,00;EURO;", "currency", "expected a currency code (three letters), got 'EURO'" },
        { "currency with a digit", "R-9;C-1;RE;01.02.2026;03.03.2026;100,00;100,00;EU1;", "currency", "expected a currency code (three letters), got 'EU1'" },
        { "overlong key", Overlong + ";C-1;RE;01.02.2026;03.03.2026;100,00;100,00;EUR;", "id", "expected at most 64 characters, got 65" },
        { "unmapped document type (error policy)", "R-9;C-1;XX;01.02.2026;03.03.2026;100,00;100,00;EUR;", "type", "expected one of RE, GS (value map, unmapped: error), got 'XX'" },
        { "open amount larger than the amount", "R-9;C-1;RE;01.02.2026;03.03.2026;1.000,00;2.000,00;EUR;", "open_amount", "expected at most the amount (1000) in absolute value, got '2000'" },
        { "required date missing", "R-9;C-1;RE;01.02.2026;;100,00;100,00;EUR;", "due_date", "required, got an empty value" },
        { "amount with letters", "R-9;C-1;RE;01.02.2026;03.03.2026;100 EUR;100,00;EUR;", "amount", "expected a number like -1.234,56 (de-DE), got '100 EUR'" },
    };

    public static TheoryData<string, string, string, string> BadCustomers => new()
    {
        { "integer field with text", "C-9;Zeta OHG;EUR;30 Tage;;NIEDRIG;N;N;z@zeta.example;AKTIV", "payment_terms_days", "expected a whole number, got '30 Tage'" },
        { "integer field with a fraction", "C-9;Zeta OHG;EUR;30,5;;NIEDRIG;N;N;z@zeta.example;AKTIV", "payment_terms_days", "expected a whole number, got '30,5'" },
        { "required name of only spaces", "C-9;   ;EUR;30;;NIEDRIG;N;N;z@zeta.example;AKTIV", "name", "required, got an empty value" },
        { "unmapped risk rating (error policy)", "C-9;Zeta OHG;EUR;30;;extrem;N;N;z@zeta.example;AKTIV", "risk_class", "expected one of NIEDRIG, MITTEL, HOCH (value map, unmapped: error), got 'EXTREM'" },
        { "negative credit limit", "C-9;Zeta OHG;EUR;30;-1.000,00;NIEDRIG;N;N;z@zeta.example;AKTIV", "credit_limit", "expected an empty field (no limit) or an amount of zero or more, got '-1000'" },
        { "negative payment terms", "C-9;Zeta OHG;EUR;-7;;NIEDRIG;N;N;z@zeta.example;AKTIV", "payment_terms_days", "expected zero or more days, got '-7'" },
    };

    public static TheoryData<string, string, string, string> BadPayments => new()
    {
        { "negative payment", "Z-9;ap@alpha.example;10.02.2026;-5;;EUR;", "amount", "expected a positive amount, got '-5'" },
        { "zero payment", "Z-9;ap@alpha.example;10.02.2026;0,00;;EUR;", "amount", "expected a positive amount, got '0'" },
        { "ambiguous date", "Z-9;ap@alpha.example;03/04/2026;5,00;;EUR;", "date", "ambiguous date '03/04/2026': dd/MM/yyyy reads it as 2026-04-03, MM/dd/yyyy as 2026-03-04" },
        { "thousands separator where the mapping disallows it", "Z-9;ap@alpha.example;10.02.2026;2.000,00;1.234,56;EUR;", "applied_amount", "expected a number like -1234,56 (de-DE), got '1.234,56' (thousands separators are not allowed here: set \"thousands\": true)" },
        { "applied more than paid", "Z-9;ap@alpha.example;10.02.2026;5,00;6,00;EUR;", "applied_amount", "expected between 0 and the amount (5), got '6'" },
        { "lookup with no match", "Z-9;nobody@nowhere.example;10.02.2026;5,00;;EUR;", "customer_id", "no customers record has email 'nobody@nowhere.example' (lookup)" },
        { "lookup with two matches", "Z-9;buchhaltung@gruppe.example;10.02.2026;5,00;;EUR;", "customer_id", "2 customers records have email 'buchhaltung@gruppe.example' (lookup needs exactly one)" },
        { "invalid currency code", "Z-9;ap@alpha.example;10.02.2026;5,00;;EURO;", "currency", "expected a currency code (three letters), got 'EURO'" },
    };

    [Theory]
    [MemberData(nameof(BadInvoices))]
    public async Task RunAsync_BadInvoiceBetweenGoodOnes_QuarantinesItAndLandsTheRest(string kind, string bad, string field, string reason)
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice, bad, GoodInvoice2);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 3, @new: 2, quarantined: 1);
        var letter = await AssertOnlyLetterAsync(bench, CanonicalEntity.Invoices, "OP_1.csv", 3, field, reason);
        Assert.Equal("line 3", letter.Locator);
        Assert.Equal(bad.Split(';'), letter.Raw.Values);
        Assert.Equal(InvoiceHeader.Split(';'), letter.Raw.Header);
        Assert.Equal("1234.56", await bench.ValueAsync(CanonicalEntity.Invoices, "R-1", "amount"));
        Assert.Equal("-100", await bench.ValueAsync(CanonicalEntity.Invoices, "R-2", "open_amount"));
        Assert.Equal(2, await bench.CountAsync(CanonicalEntity.Invoices));
        _ = kind; // names the case in test listings
    }

    [Theory]
    [MemberData(nameof(BadCustomers))]
    public async Task RunAsync_BadCustomerBetweenGoodOnes_QuarantinesItAndLandsTheRest(string kind, string bad, string field, string reason)
    {
        await using var bench = await BenchAsync();
        bench.DropLines("KUNDEN_1.csv", CustomerHeader, GoodCustomer, bad, GoodCustomer2);

        var result = await bench.IngestAllAsync(CanonicalEntity.Customers);

        AssertCounts(result, read: Customers.Length - 1 + 3, @new: Customers.Length - 1 + 2, quarantined: 1);
        await AssertOnlyLetterAsync(bench, CanonicalEntity.Customers, "KUNDEN_1.csv", 3, field, reason);
        Assert.Equal("Gamma KG", await bench.ValueAsync(CanonicalEntity.Customers, "C-3", "name"));
        Assert.Null(await bench.ValueAsync(CanonicalEntity.Customers, "C-4", "credit_limit"));
        Assert.Null(await bench.RecordAsync(CanonicalEntity.Customers, "C-9"));
        _ = kind; // names the case in test listings
    }

    [Theory]
    [MemberData(nameof(BadPayments))]
    public async Task RunAsync_BadPaymentBetweenGoodOnes_QuarantinesItAndLandsTheRest(string kind, string bad, string field, string reason)
    {
        await using var bench = await BenchAsync();
        bench.DropLines("ZE_1.csv", PaymentHeader, GoodPayment, bad, GoodPayment2);

        var result = await bench.IngestAllAsync(CanonicalEntity.Payments);

        AssertCounts(result, read: 3, @new: 2, quarantined: 1);
        await AssertOnlyLetterAsync(bench, CanonicalEntity.Payments, "ZE_1.csv", 3, field, reason);
        Assert.Equal("C-1", await bench.ValueAsync(CanonicalEntity.Payments, "Z-1", "customer_id"));
        Assert.Equal("C-2", await bench.ValueAsync(CanonicalEntity.Payments, "Z-2", "customer_id"));
        Assert.Equal("2026-02-13", await bench.ValueAsync(CanonicalEntity.Payments, "Z-2", "date"));
        Assert.Equal("1250", await bench.ValueAsync(CanonicalEntity.Payments, "Z-2", "amount"));
        _ = kind; // names the case in test listings
    }

    [Fact]
    public async Task RunAsync_ThousandsSeparatorsWhereAllowed_LandAsInvariantNumbers()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader, "R-7;C-1;RE;01.02.2026;03.03.2026;1.234.567,89;1.234,50;EUR;");

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 1, @new: 1, quarantined: 0);
        Assert.Equal("1234567.89", await bench.ValueAsync(CanonicalEntity.Invoices, "R-7", "amount"));
        Assert.Equal("1234.5", await bench.ValueAsync(CanonicalEntity.Invoices, "R-7", "open_amount"));
        Assert.Equal("10000", await bench.ValueAsync(CanonicalEntity.Customers, "C-1", "credit_limit"));
        Assert.Empty(await bench.DeadLettersAsync());
    }

    [Fact]
    public async Task RunAsync_UnmappedValueUnderDefaultPolicy_LandsWithTheDefault()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("KUNDEN_1.csv", CustomerHeader, "C-9;Zeta OHG;EUR;30;;NIEDRIG;W;N;z@zeta.example;AKTIV");

        var result = await bench.IngestAllAsync(CanonicalEntity.Customers);

        AssertCounts(result, read: Customers.Length, @new: Customers.Length, quarantined: 0);
        Assert.Equal("Sonstige", await bench.ValueAsync(CanonicalEntity.Customers, "C-9", "territory"));
        Assert.Equal("Nord", await bench.ValueAsync(CanonicalEntity.Customers, "C-1", "territory"));
        Assert.Empty(await bench.DeadLettersAsync());
    }

    [Fact]
    public async Task RunAsync_UnmappedValueUnderEmptyPolicy_LandsWithTheFieldEmpty()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("KUNDEN_1.csv", CustomerHeader, "C-9;Zeta OHG;EUR;30;;NIEDRIG;N;VIELLEICHT;z@zeta.example;AKTIV");

        var result = await bench.IngestAllAsync(CanonicalEntity.Customers);

        AssertCounts(result, read: Customers.Length, @new: Customers.Length, quarantined: 0);
        Assert.Null(await bench.ValueAsync(CanonicalEntity.Customers, "C-9", "manual_hold"));
        Assert.Equal("true", await bench.ValueAsync(CanonicalEntity.Customers, "C-2", "manual_hold"));
        Assert.Empty(await bench.DeadLettersAsync());
    }

    [Fact]
    public async Task RunAsync_RowsLeftOutByFilters_CountAsFilteredWithoutLetters()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("KUNDEN_1.csv", CustomerHeader, GoodCustomer, "C-8;Alt AG;EUR;30;;NIEDRIG;N;N;alt@alt.example;ARCHIV");
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice, "Z-100;C-1;ZA;01.02.2026;01.02.2026;-50,00;0;EUR;", GoodInvoice2);

        var report = await bench.Runner().RunAsync(null, null, CancellationToken.None);

        var customers = report.Entities.Single(e => e.Entity == CanonicalEntity.Customers);
        var invoices = report.Entities.Single(e => e.Entity == CanonicalEntity.Invoices);
        AssertCounts(customers, read: Customers.Length + 1, @new: Customers.Length, quarantined: 0, filtered: 1);
        AssertCounts(invoices, read: 3, @new: 2, quarantined: 0, filtered: 1);
        Assert.Null(await bench.RecordAsync(CanonicalEntity.Customers, "C-8"));
        Assert.Null(await bench.RecordAsync(CanonicalEntity.Invoices, "Z-100"));
        Assert.Empty(await bench.AllDeadLettersAsync());
    }

    [Fact]
    public async Task RunAsync_FilterPatternTakesTooLong_QuarantinesTheRowWithTheReasonInsteadOfCountingItFiltered()
    {
        await using var bench = await BenchAsync();
        bench.UseMappings(Mappings(static (file, json) => file != "invoices.json" ? json : json.Replace(
            "{ \"column\": \"Belegart\", \"notEquals\": \"ZA\" }",
            "{ \"column\": \"Belegart\", \"notEquals\": \"ZA\" }, { \"column\": \"Bestellnr\", \"matches\": \"^(\\\\w+\\\\s?)*$|-\" }",
            StringComparison.Ordinal)));
        var slow = "R-9;C-1;RE;01.02.2026;03.03.2026;1,00;1,00;EUR;" + new string('a', 40) + "!";
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice, slow, GoodInvoice2);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 3, @new: 2, quarantined: 1, filtered: 0);
        var letter = Assert.Single(await bench.DeadLettersAsync(CanonicalEntity.Invoices));
        Assert.Equal(("Bestellnr", 3L, "R-9"), (letter.Field, letter.Line, letter.Key));
        Assert.StartsWith("filter 2: pattern '^(\\w+\\s?)*$|-' took longer than 1 s on column 'Bestellnr'", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FormulaLookingName_IsStoredVerbatimAsText()
    {
        const string Formula = "=HYPERLINK(\"http://evil\",\"x\")";
        await using var bench = await BenchAsync();
        bench.DropLines("KUNDEN_1.csv", CustomerHeader, "C-9;\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\";EUR;30;;NIEDRIG;N;N;z@zeta.example;AKTIV", GoodCustomer);

        var result = await bench.IngestAllAsync(CanonicalEntity.Customers);

        AssertCounts(result, read: Customers.Length + 1, @new: Customers.Length + 1, quarantined: 0);
        Assert.Equal(Formula, await bench.ValueAsync(CanonicalEntity.Customers, "C-9", "name"));
        Assert.Equal("Gamma KG", await bench.ValueAsync(CanonicalEntity.Customers, "C-3", "name"));
    }

    [Fact]
    public async Task RunAsync_SqlLookingText_IsStoredVerbatimAndTheStoreKeepsWorking()
    {
        const string Injection = "'); DROP TABLE ledger; --";
        await using var bench = await BenchAsync();
        bench.DropLines("KUNDEN_1.csv", CustomerHeader, $"C-9;\"{Injection}\";EUR;30;;NIEDRIG;N;N;z@zeta.example;AKTIV", GoodCustomer);
        bench.DropLines("OP_1.csv", InvoiceHeader, $"R-9;C-9;RE;01.02.2026;03.03.2026;100,00;100,00;EUR;\"\"\"; DELETE FROM dead_letter; --\"");

        var first = await bench.Runner().RunAsync(null, null, CancellationToken.None);

        AssertCounts(first.Entities.Single(e => e.Entity == CanonicalEntity.Customers), read: Customers.Length + 1, @new: Customers.Length + 1, quarantined: 0);
        Assert.Equal(Injection, await bench.ValueAsync(CanonicalEntity.Customers, "C-9", "name"));
        Assert.Equal("\"; DELETE FROM dead_letter; --", await bench.ValueAsync(CanonicalEntity.Invoices, "R-9", "po_number"));
        bench.DropLines("OP_2.csv", InvoiceHeader, GoodInvoice, "R-8;C-1;XX;01.02.2026;03.03.2026;1,00;1,00;EUR;");
        var second = await bench.IngestAllAsync(CanonicalEntity.Invoices);
        AssertCounts(second, read: 2, @new: 1, quarantined: 1);
        Assert.Equal(Customers.Length + 1, await bench.CountAsync(CanonicalEntity.Customers));
        Assert.Equal(2, await bench.CountAsync(CanonicalEntity.Invoices));
        Assert.Single(await bench.DeadLettersAsync(CanonicalEntity.Invoices));
    }

    [Fact]
    public async Task RunAsync_KeyWithSurroundingSpacesAndLowerCase_LandsUnderTheCleanKey()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader, "  r-7  ; c-1 ;RE;01.02.2026;03.03.2026;10,00;10,00; eur ;");

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 1, @new: 1, quarantined: 0);
        Assert.Equal("C-1", await bench.ValueAsync(CanonicalEntity.Invoices, "R-7", "customer_id"));
        Assert.Equal("EUR", await bench.ValueAsync(CanonicalEntity.Invoices, "R-7", "currency"));
    }

    [Fact]
    public async Task RunAsync_LowerCaseCurrencyWithoutUpperTransform_LandsAsIsoCode()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("ZE_1.csv", PaymentHeader, "Z-7;ap@alpha.example;10.02.2026;5,00;;eur;");

        var result = await bench.IngestAllAsync(CanonicalEntity.Payments);

        AssertCounts(result, read: 1, @new: 1, quarantined: 0);
        Assert.Equal("EUR", await bench.ValueAsync(CanonicalEntity.Payments, "Z-7", "currency"));
    }
}
