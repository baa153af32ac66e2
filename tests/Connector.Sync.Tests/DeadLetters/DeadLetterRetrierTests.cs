using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Sync.DeadLetters;
using Connector.Sync.Ingest;
using Connector.Sync.Ports;
using Connector.Sync.Tests.Support;
using static Connector.Sync.Tests.Corpus.CorpusExport;

namespace Connector.Sync.Tests.DeadLetters;

/// <summary>
/// Retry after fixing a mapping: rows quarantined for a mapping gap land once the mapping is fixed and their letters
/// are resolved; rows still bad stay open with one more attempt and today's reason; nothing that landed before is
/// rewritten; duplicate-key rows are never landed by a retry.
/// </summary>
public sealed class DeadLetterRetrierTests
{
    private const string RiskMap = "\"values\": { \"NIEDRIG\": \"A\", \"MITTEL\": \"B\", \"HOCH\": \"C\" }";

    [Fact]
    public async Task RetryAsync_ValueMapEntryAdded_LandsThoseRowsAndKeepsTheStillBadOnesOpen()
    {
        await using var bench = await BenchAsync();
        bench.DropLines(
            "KUNDEN_1.csv",
            CustomerHeader,
            GoodCustomer,
            "C-7;Eta GmbH;EUR;30;2.500,00;SEHR HOCH;N;N;eta@eta.example;AKTIV",
            "C-8;Theta AG;EUR;30;;EXTREM;N;N;theta@theta.example;AKTIV",
            "C-9;Iota KG;EUR;30;;sehr hoch;S;J;iota@iota.example;AKTIV");
        AssertCounts(await bench.IngestAllAsync(CanonicalEntity.Customers), read: 8, @new: 5, quarantined: 3);
        var before = await bench.AllDeadLettersAsync(CanonicalEntity.Customers);
        Assert.All(before, static l => Assert.Equal("risk_class", l.Field));
        var c1 = await bench.RecordAsync(CanonicalEntity.Customers, "C-1");

        var fixedMappings = CorpusMappings(RiskMap, "\"values\": { \"NIEDRIG\": \"A\", \"MITTEL\": \"B\", \"HOCH\": \"C\", \"SEHR HOCH\": \"D\" }");
        var report = await new DeadLetterRetrier(bench.Store, fixedMappings).RetryAsync(CanonicalEntity.Customers, null, CancellationToken.None);

        var result = Assert.Single(report.Entities);
        AssertCounts(result, read: 3, @new: 2, quarantined: 1);
        Assert.Equal("D", await bench.ValueAsync(CanonicalEntity.Customers, "C-7", "risk_class"));
        Assert.Equal("2500", await bench.ValueAsync(CanonicalEntity.Customers, "C-7", "credit_limit"));
        Assert.Equal("true", await bench.ValueAsync(CanonicalEntity.Customers, "C-9", "manual_hold"));
        Assert.Null(await bench.RecordAsync(CanonicalEntity.Customers, "C-8"));
        Assert.Equal(c1?.Values, (await bench.RecordAsync(CanonicalEntity.Customers, "C-1"))?.Values);
        Assert.Equal(0, result.Changed + result.Unchanged);
        Assert.Equal(7, await bench.CountAsync(CanonicalEntity.Customers));

        var after = await bench.AllDeadLettersAsync(CanonicalEntity.Customers);
        Assert.Equal(before.Select(static l => l.Id), after.Select(static l => l.Id));
        var (c7, c8, c9) = (after[0], after[1], after[2]);
        Assert.Equal((DeadLetterStatus.Resolved, 1), (c7.Status, c7.Attempts));
        Assert.Equal((DeadLetterStatus.Resolved, 1), (c9.Status, c9.Attempts));
        Assert.Equal((DeadLetterStatus.Open, 1, 4L, "risk_class"), (c8.Status, c8.Attempts, c8.Line, c8.Field));
        Assert.Equal("expected one of NIEDRIG, MITTEL, HOCH, SEHR HOCH (value map, unmapped: error), got 'EXTREM'", c8.Reason);
        Assert.Equal("expected one of NIEDRIG, MITTEL, HOCH (value map, unmapped: error), got 'EXTREM'", before[1].Reason);
    }

    [Fact]
    public async Task RetryAsync_AgainWithNothingFixed_OnlyCountsAnotherAttempt()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("KUNDEN_1.csv", CustomerHeader, "C-8;Theta AG;EUR;30;;EXTREM;N;N;theta@theta.example;AKTIV");
        await bench.IngestAllAsync(CanonicalEntity.Customers);
        var retrier = new DeadLetterRetrier(bench.Store, bench.Mappings);

        await retrier.RetryAsync(null, null, CancellationToken.None);
        var second = await retrier.RetryAsync(null, null, CancellationToken.None);

        AssertCounts(Assert.Single(second.Entities), read: 1, @new: 0, quarantined: 1);
        var letter = Assert.Single(await bench.AllDeadLettersAsync());
        Assert.Equal((DeadLetterStatus.Open, 2), (letter.Status, letter.Attempts));
        Assert.Equal("expected one of NIEDRIG, MITTEL, HOCH (value map, unmapped: error), got 'EXTREM'", letter.Reason);
    }

    [Fact]
    public async Task RetryAsync_HeaderAliasAdded_LandsEveryRowOfTheFileThatLackedTheColumn()
    {
        await using var bench = await BenchAsync();
        bench.DropLines(
            "KUNDEN_2.csv",
            CustomerHeader.Replace("Kundennr", "Kunden-Nr.", StringComparison.Ordinal),
            GoodCustomer,
            GoodCustomer2,
            "C-8;Theta AG;EUR;30;;EXTREM;N;N;theta@theta.example;AKTIV");
        var ingest = await bench.IngestAllAsync(CanonicalEntity.Customers);
        AssertCounts(ingest, read: 7, @new: 4, quarantined: 3);
        Assert.All(await bench.DeadLettersAsync(), static l => Assert.Equal("Kundennr", l.Field));
        Assert.StartsWith("header has no column 'Kundennr' (mapped to customers.id); the header has: Kunden-Nr., Name,", (await bench.DeadLettersAsync())[0].Reason, StringComparison.Ordinal);

        var fixedMappings = CorpusMappings("\"filters\": [", "\"headerAliases\": { \"Kundennr\": [\"Kunden-Nr.\"] },\n  \"filters\": [");
        var report = await new DeadLetterRetrier(bench.Store, fixedMappings).RetryAsync(null, null, CancellationToken.None);

        AssertCounts(Assert.Single(report.Entities), read: 3, @new: 2, quarantined: 1);
        Assert.Equal("Gamma KG", await bench.ValueAsync(CanonicalEntity.Customers, "C-3", "name"));
        Assert.Equal("45", await bench.ValueAsync(CanonicalEntity.Customers, "C-4", "payment_terms_days"));
        var open = Assert.Single(await bench.DeadLettersAsync());
        Assert.Equal((4L, "risk_class", 1), (open.Line, open.Field, open.Attempts));
        Assert.Equal(2, await bench.Store.CountDeadLettersAsync(CanonicalEntity.Customers, DeadLetterStatus.Resolved, CancellationToken.None));
    }

    [Fact]
    public async Task RetryAsync_CustomerArrivedSince_LandsTheInvoiceThatReferredToIt()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice, "R-9;C-7;RE;01.02.2026;03.03.2026;70,00;70,00;EUR;");
        AssertCounts(await bench.IngestAllAsync(CanonicalEntity.Invoices), read: 2, @new: 1, quarantined: 1);
        bench.DropLines("KUNDEN_1.csv", CustomerHeader, "C-7;Eta GmbH;EUR;30;;HOCH;N;N;eta@eta.example;AKTIV");
        await bench.IngestAllAsync(CanonicalEntity.Customers);

        var report = await new DeadLetterRetrier(bench.Store, bench.Mappings).RetryAsync(CanonicalEntity.Invoices, null, CancellationToken.None);

        AssertCounts(Assert.Single(report.Entities), read: 1, @new: 1, quarantined: 0);
        Assert.Equal("C-7", await bench.ValueAsync(CanonicalEntity.Invoices, "R-9", "customer_id"));
        Assert.Equal(DeadLetterStatus.Resolved, Assert.Single(await bench.AllDeadLettersAsync(CanonicalEntity.Invoices)).Status);
    }

    [Fact]
    public async Task RetryAsync_DuplicateKeyLetter_IsNeverLandedAndTheFirstRowStays()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice, "R-1;C-2;RE;02.02.2026;04.03.2026;9.999,00;9.999,00;EUR;", GoodInvoice2);
        AssertCounts(await bench.IngestAllAsync(CanonicalEntity.Invoices), read: 3, @new: 2, quarantined: 1);
        var first = await bench.RecordAsync(CanonicalEntity.Invoices, "R-1");

        var report = await new DeadLetterRetrier(bench.Store, bench.Mappings).RetryAsync(CanonicalEntity.Invoices, null, CancellationToken.None);

        AssertCounts(Assert.Single(report.Entities), read: 1, @new: 0, quarantined: 1);
        Assert.Equal(first?.Values, (await bench.RecordAsync(CanonicalEntity.Invoices, "R-1"))?.Values);
        Assert.Equal("1234.56", await bench.ValueAsync(CanonicalEntity.Invoices, "R-1", "amount"));
        var letter = Assert.Single(await bench.AllDeadLettersAsync(CanonicalEntity.Invoices));
        Assert.Equal((DeadLetterStatus.Open, 1, "id"), (letter.Status, letter.Attempts, letter.Field));
        Assert.Equal("duplicate key 'R-1' in this file (first on line 2)", letter.Reason);
    }

    [Fact]
    public async Task RetryAsync_RowThatCouldNotBeSplit_StaysOpenAskingForTheCorrectedFile()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice, "R-9;\"C-1;RE;01.02.2026;03.03.2026;1,00;1,00;EUR;");
        await bench.IngestAllAsync(CanonicalEntity.Invoices);

        var report = await new DeadLetterRetrier(bench.Store, bench.Mappings).RetryAsync(CanonicalEntity.Invoices, null, CancellationToken.None);

        AssertCounts(Assert.Single(report.Entities), read: 1, @new: 0, quarantined: 1);
        var letter = Assert.Single(await bench.AllDeadLettersAsync(CanonicalEntity.Invoices));
        Assert.Equal((DeadLetterStatus.Open, 1, 3L), (letter.Status, letter.Attempts, letter.Line));
        Assert.Equal(
            "the row could not be read as columns (unbalanced quote: the field starting at column 2 (Kunde) is never closed); correct the file and drop it again",
            letter.Reason);
    }

    [Fact]
    public async Task RetryAsync_OnlyTheGivenIds_LeavesTheOtherLettersUntouched()
    {
        await using var bench = await BenchAsync();
        bench.DropLines(
            "KUNDEN_1.csv",
            CustomerHeader,
            "C-7;Eta GmbH;EUR;30;;SEHR HOCH;N;N;eta@eta.example;AKTIV",
            "C-9;Iota KG;EUR;30;;SEHR HOCH;S;J;iota@iota.example;AKTIV");
        await bench.IngestAllAsync(CanonicalEntity.Customers);
        var letters = await bench.AllDeadLettersAsync();
        var fixedMappings = CorpusMappings(RiskMap, "\"values\": { \"NIEDRIG\": \"A\", \"MITTEL\": \"B\", \"HOCH\": \"C\", \"SEHR HOCH\": \"D\" }");

        var report = await new DeadLetterRetrier(bench.Store, fixedMappings).RetryAsync(null, [letters[1].Id], CancellationToken.None);

        AssertCounts(Assert.Single(report.Entities), read: 1, @new: 1, quarantined: 0);
        Assert.Null(await bench.RecordAsync(CanonicalEntity.Customers, "C-7"));
        Assert.Equal("D", await bench.ValueAsync(CanonicalEntity.Customers, "C-9", "risk_class"));
        var after = await bench.AllDeadLettersAsync();
        Assert.Equal((DeadLetterStatus.Open, 0), (after[0].Status, after[0].Attempts));
        Assert.Equal(DeadLetterStatus.Resolved, after[1].Status);
    }

    /// <summary>The corpus mappings with one text replaced in customers.json (the admin's fix); fails if the text is not there.</summary>
    private static MappingSet CorpusMappings(string find, string replaceWith) =>
        Mappings((file, json) =>
        {
            if (file != "customers.json")
            {
                return json;
            }

            Assert.Contains(find, json, StringComparison.Ordinal);
            return json.Replace(find, replaceWith, StringComparison.Ordinal);
        });
}
