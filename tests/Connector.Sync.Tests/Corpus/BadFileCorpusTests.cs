using System.Text;
using Connector.Mapping.Canonical;
using static Connector.Sync.Tests.Corpus.CorpusExport;

namespace Connector.Sync.Tests.Corpus;

/// <summary>
/// Files that are broken as files (quoting, column counts, headers, encodings, line endings, truncation, repeats):
/// the broken row or file is quarantined with its exact line and reason, the readable rows land, and nothing throws.
/// </summary>
public sealed class BadFileCorpusTests
{
    [Fact]
    public async Task RunAsync_UnbalancedQuote_QuarantinesThatLineOnlyAndReadsTheNextOne()
    {
        await using var bench = await BenchAsync();
        const string Bad = "R-9;\"C-1;RE;01.02.2026;03.03.2026;100,00;100,00;EUR;";
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice, Bad, GoodInvoice2);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 3, @new: 2, quarantined: 1);
        var letter = await AssertOnlyLetterAsync(bench, CanonicalEntity.Invoices, "OP_1.csv", 3, null, "unbalanced quote: the field starting at column 2 (Kunde) is never closed");
        Assert.Null(letter.Raw.Values);
        Assert.Equal(Bad, letter.Raw.Text?.TrimEnd('\r', '\n'));
        Assert.Equal("-100", await bench.ValueAsync(CanonicalEntity.Invoices, "R-2", "amount"));
    }

    [Fact]
    public async Task RunAsync_StrayTextAfterClosingQuote_QuarantinesThatLine()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice, "R-9;\"C-1\"x;RE;01.02.2026;03.03.2026;100,00;100,00;EUR;", GoodInvoice2);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 3, @new: 2, quarantined: 1);
        await AssertOnlyLetterAsync(bench, CanonicalEntity.Invoices, "OP_1.csv", 3, null, "unexpected 'x' after the closing quote of the field starting at column 2 (Kunde)");
        Assert.Equal(2, await bench.CountAsync(CanonicalEntity.Invoices));
    }

    [Theory]
    [InlineData("R-9;C-1;RE;01.02.2026;03.03.2026;100,00;100,00;EUR;;extra", "expected 9 columns as in the header, got 10")]
    [InlineData("R-9;C-1;RE;01.02.2026;03.03.2026;100,00", "expected 9 columns as in the header, got 6")]
    public async Task RunAsync_WrongColumnCount_QuarantinesTheRowWithBothCounts(string bad, string reason)
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice, bad, GoodInvoice2);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 3, @new: 2, quarantined: 1);
        var letter = await AssertOnlyLetterAsync(bench, CanonicalEntity.Invoices, "OP_1.csv", 3, null, reason);
        Assert.Equal(bad, letter.Raw.Text?.TrimEnd('\r', '\n'));
        Assert.Equal("1234.56", await bench.ValueAsync(CanonicalEntity.Invoices, "R-1", "amount"));
    }

    [Fact]
    public async Task RunAsync_MappedColumnMissingFromHeader_QuarantinesEveryRowOfThatFileNamingTheColumn()
    {
        await using var bench = await BenchAsync();
        const string Header = "Belegnr;Kunde;Belegart;Belegdatum;Betrag;Offen;Waehrung;Bestellnr";
        bench.DropLines("OP_1.csv", Header, "R-1;C-1;RE;01.02.2026;1.234,56;1.234,56;EUR;PO-1", "R-2;C-2;GS;05.02.2026;-100,00;-100,00;EUR;", "R-3;C-1;RE;06.02.2026;10,00;10,00;EUR;");
        bench.DropLines("OP_2.csv", InvoiceHeader, "R-4;C-1;RE;01.02.2026;03.03.2026;40,00;40,00;EUR;");

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        const string Reason = "header has no column 'Faellig' (mapped to invoices.due_date); the header has: Belegnr, Kunde, Belegart, Belegdatum, Betrag, Offen, Waehrung, Bestellnr";
        AssertCounts(result, read: 4, @new: 1, quarantined: 3);
        Assert.Equal(["OP_1.csv: " + Reason], result.UnitProblems);
        var letters = await bench.DeadLettersAsync(CanonicalEntity.Invoices);
        Assert.Equal([2L, 3L, 4L], letters.Select(l => l.Line ?? 0).Order());
        Assert.All(letters, l => AssertLetter(l, CanonicalEntity.Invoices, "OP_1.csv", l.Line, "Faellig", Reason));
        Assert.All(letters, l => Assert.Equal(8, l.Raw.Values?.Count));
        Assert.Equal("40", await bench.ValueAsync(CanonicalEntity.Invoices, "R-4", "amount"));
        Assert.Equal(["KUNDEN_0.csv", "OP_1.csv", "OP_2.csv"], bench.ArchivedFiles());
    }

    [Fact]
    public async Task RunAsync_WrongDelimiter_QuarantinesEveryRowNamingTheMissingColumns()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader.Replace(';', ','), GoodInvoice.Replace(';', ','));

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 1, @new: 0, quarantined: 1);
        var letter = Assert.Single(await bench.DeadLettersAsync(CanonicalEntity.Invoices));
        Assert.Equal(("OP_1.csv", 2L, "Belegnr"), (letter.Source, letter.Line, letter.Field));
        Assert.StartsWith("header has no column 'Belegnr' (mapped to invoices.id); no column 'Kunde' (mapped to invoices.customer_id);", letter.Reason, StringComparison.Ordinal);
        Assert.EndsWith("the header has: Belegnr,Kunde,Belegart,Belegdatum,Faellig,Betrag,Offen,Waehrung,Bestellnr", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HeaderInOtherCaseWithSpaces_IsMatched()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", " belegnr ;KUNDE;Belegart;Belegdatum;Faellig;Betrag;Offen;Waehrung;Bestellnr", GoodInvoice);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 1, @new: 1, quarantined: 0);
        Assert.Equal("C-1", await bench.ValueAsync(CanonicalEntity.Invoices, "R-1", "customer_id"));
    }

    [Fact]
    public async Task RunAsync_FileWithByteOrderMark_MatchesTheFirstHeaderColumnAndLands()
    {
        await using var bench = await BenchAsync();
        var text = string.Join('\n', InvoiceHeader, GoodInvoice, "R-9;C-1;RE;31.02.2026;03.03.2026;1,00;1,00;EUR;", GoodInvoice2) + "\n";
        bench.Drop("OP_1.csv", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 3, @new: 2, quarantined: 1);
        await AssertOnlyLetterAsync(bench, CanonicalEntity.Invoices, "OP_1.csv", 3, "document_date", "no such date '31.02.2026' (read as dd.MM.yyyy: February 2026 has 28 days)");
        Assert.Equal("R-1", (await bench.RecordAsync(CanonicalEntity.Invoices, "R-1"))?.Key);
    }

    [Fact]
    public async Task RunAsync_Utf16FileWithByteOrderMark_LandsDespiteTheConfiguredUtf8()
    {
        await using var bench = await BenchAsync();
        var text = string.Join("\r\n", InvoiceHeader, GoodInvoice, "R-9;C-1;RE;01.02.2026;03.03.2026;1,00;1,00;EURO;", GoodInvoice2) + "\r\n";
        bench.Drop("OP_1.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 3, @new: 2, quarantined: 1);
        await AssertOnlyLetterAsync(bench, CanonicalEntity.Invoices, "OP_1.csv", 3, "currency", "expected a currency code (three letters), got 'EURO'");
        Assert.Equal("PO-1", await bench.ValueAsync(CanonicalEntity.Invoices, "R-1", "po_number"));
    }

    [Fact]
    public async Task RunAsync_Utf16FileWithoutByteOrderMark_LeavesOneFileLetterSayingWhatToSet()
    {
        await using var bench = await BenchAsync();
        bench.Drop("OP_1.csv", Encoding.Unicode.GetBytes(string.Join("\r\n", InvoiceHeader, GoodInvoice) + "\r\n"));
        bench.DropLines("OP_2.csv", InvoiceHeader, GoodInvoice2);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        const string Reason = "undecodable: the header row holds NUL characters, so the file is not utf-8 text (UTF-16 without a byte order mark? set source.csv.encoding)";
        AssertCounts(result, read: 1, @new: 1, quarantined: 0);
        var letter = await AssertOnlyLetterAsync(bench, CanonicalEntity.Invoices, "OP_1.csv", null, null, Reason);
        var kept = $"OP_1_{letter.SourceKey["csv:invoices:".Length..][..12]}.csv";
        Assert.Equal([$"OP_1.csv: {Reason} (kept as archive/{kept}: after the fix, 'connector deadletters retry' reads it again)"], result.UnitProblems);
        Assert.Equal(("file", "archive/" + kept), (letter.Locator, letter.Raw.File));
        Assert.Equal(["KUNDEN_0.csv", kept, "OP_2.csv"], bench.ArchivedFiles());
    }

    [Fact]
    public async Task RunAsync_MixedLineEndingsAndBlankLines_LandWithExactLineNumbers()
    {
        await using var bench = await BenchAsync();
        bench.Drop("OP_1.csv", InvoiceHeader + "\r\n" + GoodInvoice + "\n\r\n" + "R-9;C-9;RE;01.02.2026;03.03.2026;1,00;1,00;EUR;\r" + GoodInvoice2 + "\r\n");

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 3, @new: 2, quarantined: 1);
        await AssertOnlyLetterAsync(bench, CanonicalEntity.Invoices, "OP_1.csv", 4, "customer_id", "unknown customer 'C-9' (not in the ledger's customers)");
        Assert.Equal("PO-1", await bench.ValueAsync(CanonicalEntity.Invoices, "R-1", "po_number"));
        Assert.Equal("EUR", await bench.ValueAsync(CanonicalEntity.Invoices, "R-2", "currency"));
    }

    [Fact]
    public async Task RunAsync_EmptyFile_LeavesOneFileLetterAndKeepsItInArchiveUnderTheNameTheLetterRecords()
    {
        await using var bench = await BenchAsync();
        bench.Drop("OP_1.csv", []);
        bench.DropLines("OP_2.csv", InvoiceHeader, GoodInvoice);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 1, @new: 1, quarantined: 0);
        var letter = await AssertOnlyLetterAsync(bench, CanonicalEntity.Invoices, "OP_1.csv", null, null, "empty file: no header row");
        var kept = $"OP_1_{letter.SourceKey["csv:invoices:".Length..][..12]}.csv";
        Assert.Equal([$"OP_1.csv: empty file: no header row (kept as archive/{kept}: after the fix, 'connector deadletters retry' reads it again)"], result.UnitProblems);
        Assert.Equal("file", letter.Locator);
        Assert.Equal(["KUNDEN_0.csv", kept, "OP_2.csv"], bench.ArchivedFiles());
        Assert.Equal(1, await bench.CountAsync(CanonicalEntity.Invoices));
    }

    [Fact]
    public async Task RunAsync_HeaderOnlyFile_ReadsNothingWithoutLetters()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 0, @new: 0, quarantined: 0);
        Assert.Empty(result.UnitProblems);
        Assert.Equal(["OP_1.csv"], result.Units);
        Assert.Empty(await bench.AllDeadLettersAsync());
        Assert.Contains("OP_1.csv", bench.ArchivedFiles());
    }

    [Fact]
    public async Task RunAsync_LastLineCutInsideQuotes_QuarantinesItAsTruncated()
    {
        await using var bench = await BenchAsync();
        bench.Drop("OP_1.csv", string.Join('\n', InvoiceHeader, GoodInvoice, GoodInvoice2, "R-3;C-1;RE;01.02.2026;03.03.2026;\"1.0"));

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 3, @new: 2, quarantined: 1);
        var letter = await AssertOnlyLetterAsync(bench, CanonicalEntity.Invoices, "OP_1.csv", 4, null, "truncated last line: the file ends inside the quoted field starting at column 6 (Betrag)");
        Assert.Equal("R-3;C-1;RE;01.02.2026;03.03.2026;\"1.0", letter.Raw.Text);
        Assert.Equal(2, await bench.CountAsync(CanonicalEntity.Invoices));
    }

    [Fact]
    public async Task RunAsync_LastLineCutMidRow_QuarantinesItAsTruncated()
    {
        await using var bench = await BenchAsync();
        bench.Drop("OP_1.csv", string.Join('\n', InvoiceHeader, GoodInvoice, GoodInvoice2, "R-3;C-1;RE;01.02"));

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 3, @new: 2, quarantined: 1);
        await AssertOnlyLetterAsync(bench, CanonicalEntity.Invoices, "OP_1.csv", 4, null, "truncated last line: expected 9 columns as in the header, got 4");
        Assert.Equal(2, await bench.CountAsync(CanonicalEntity.Invoices));
    }

    [Fact]
    public async Task RunAsync_InvalidUtf8InOneRow_QuarantinesThatRowNamingTheColumn()
    {
        await using var bench = await BenchAsync();
        byte[] bad = [.. Encoding.UTF8.GetBytes("C-9;Zeta "), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(" OHG;EUR;30;;NIEDRIG;N;N;z@zeta.example;AKTIV\n")];
        bench.Drop("KUNDEN_1.csv", [.. Encoding.UTF8.GetBytes(CustomerHeader + "\n" + GoodCustomer + "\n"), .. bad, .. Encoding.UTF8.GetBytes("C-4;Müller & Söhne;EUR;45;;NIEDRIG;S;N;ap@mueller.example;AKTIV\n")]);

        var result = await bench.IngestAllAsync(CanonicalEntity.Customers);

        AssertCounts(result, read: Customers.Length + 2, @new: Customers.Length + 1, quarantined: 1);
        await AssertOnlyLetterAsync(bench, CanonicalEntity.Customers, "KUNDEN_1.csv", 3, null, "invalid UTF-8 byte sequence in column 'Name' (set source.csv.encoding if the file is not utf-8)");
        Assert.Equal("Müller & Söhne", await bench.ValueAsync(CanonicalEntity.Customers, "C-4", "name"));
        Assert.Equal("Gamma KG", await bench.ValueAsync(CanonicalEntity.Customers, "C-3", "name"));
    }

    [Fact]
    public async Task RunAsync_NulCharacterInOneRow_QuarantinesThatRowNamingTheColumn()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("KUNDEN_1.csv", CustomerHeader, GoodCustomer, "C-9;Ze\0ta OHG;EUR;30;;NIEDRIG;N;N;z@zeta.example;AKTIV", GoodCustomer2);

        var result = await bench.IngestAllAsync(CanonicalEntity.Customers);

        AssertCounts(result, read: Customers.Length + 2, @new: Customers.Length + 1, quarantined: 1);
        await AssertOnlyLetterAsync(bench, CanonicalEntity.Customers, "KUNDEN_1.csv", 3, null, "NUL character in column 'Name': binary data, or UTF-16 text read as utf-8 (set source.csv.encoding)");
        Assert.Equal(Customers.Length + 1, await bench.CountAsync(CanonicalEntity.Customers));
    }

    [Fact]
    public async Task RunAsync_QuotedNewlineBeforeABadRow_GivesTheBadRowItsPhysicalLine()
    {
        await using var bench = await BenchAsync();
        bench.DropLines(
            "OP_1.csv",
            InvoiceHeader,
            GoodInvoice,
            "R-5;C-1;RE;01.02.2026;03.03.2026;10,00;10,00;EUR;\"PO-5\nzweite Zeile\"",
            "R-9;C-1;XX;01.02.2026;03.03.2026;1,00;1,00;EUR;",
            GoodInvoice2);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(result, read: 4, @new: 3, quarantined: 1);
        await AssertOnlyLetterAsync(bench, CanonicalEntity.Invoices, "OP_1.csv", 5, "type", "expected one of RE, GS (value map, unmapped: error), got 'XX'");
        Assert.Equal("PO-5\nzweite Zeile", await bench.ValueAsync(CanonicalEntity.Invoices, "R-5", "po_number"));
    }

    [Fact]
    public async Task RunAsync_SameFileDroppedTwice_SkipsTheSecondWritingNothingAndArchivesIt()
    {
        await using var bench = await BenchAsync();
        string[] lines = [InvoiceHeader, GoodInvoice, "R-9;C-1;XX;01.02.2026;03.03.2026;1,00;1,00;EUR;"];
        bench.DropLines("OP_1.csv", lines);
        AssertCounts(await bench.IngestAllAsync(CanonicalEntity.Invoices), read: 2, @new: 1, quarantined: 1);
        var before = Assert.Single(await bench.AllDeadLettersAsync());
        bench.DropLines("OP_1.csv", lines);
        bench.DropLines("OP_1 (copy).csv", lines);

        var again = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        AssertCounts(again, read: 0, @new: 0, quarantined: 0);
        Assert.Equal(["OP_1 (copy).csv", "OP_1.csv"], again.AlreadyIngested.Order(StringComparer.Ordinal));
        Assert.Empty(again.Units);
        var after = Assert.Single(await bench.AllDeadLettersAsync());
        Assert.Equal((before.Id, before.Reason, before.Attempts, before.UpdatedAt), (after.Id, after.Reason, after.Attempts, after.UpdatedAt));
        Assert.Empty(bench.WaitingFiles());
        Assert.Equal(3, bench.ArchivedFiles().Count(static f => f.StartsWith("OP_1", StringComparison.Ordinal)));
        Assert.Equal(1, await bench.CountAsync(CanonicalEntity.Invoices));
    }
}
