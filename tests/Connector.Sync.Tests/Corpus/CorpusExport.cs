using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Sync.Ingest;
using Connector.Sync.Ports;
using Connector.Sync.Tests.Support;

namespace Connector.Sync.Tests.Corpus;

/// <summary>
/// The corpus's own small ERP: its mapping set (Corpus/Fixtures/mappings: <c>;</c>-separated, <c>dd.MM.yyyy</c>
/// dates, <c>1.234,56</c> amounts, value maps with each unmapped policy, filters, a lookup) and the good rows
/// each bad one is dropped among, so every test shows the bad row quarantined and the rest landing.
/// </summary>
internal static class CorpusExport
{
    public const string CustomerHeader = "Kundennr;Name;Waehrung;Zahlungsziel;Kreditlimit;Risiko;Gebiet;Sperre;Email;Status";
    public const string InvoiceHeader = "Belegnr;Kunde;Belegart;Belegdatum;Faellig;Betrag;Offen;Waehrung;Bestellnr";
    public const string PaymentHeader = "Belegnr;Kunden-Email;Datum;Betrag;Ausgeglichen;Waehrung;Verwendungszweck";

    /// <summary>The customers every invoice and payment test refers to (C-1 Alpha, C-2 Beta; C-5 and C-6 share an e-mail).</summary>
    public static readonly string[] Customers =
    [
        CustomerHeader,
        "C-1;Alpha GmbH;EUR;30;10.000,00;NIEDRIG;N;N;ap@alpha.example;AKTIV",
        "C-2;Beta AG;EUR;14;1.234,56;MITTEL;S;J;ap@beta.example;AKTIV",
        "C-5;Epsilon Nord GmbH;EUR;30;;NIEDRIG;N;N;buchhaltung@gruppe.example;AKTIV",
        "C-6;Epsilon Süd GmbH;EUR;30;;NIEDRIG;S;N;buchhaltung@gruppe.example;AKTIV",
    ];

    public const string GoodCustomer = "C-3;Gamma KG;EUR;21;5.000,00;HOCH;N;N;ap@gamma.example;AKTIV";

    public const string GoodCustomer2 = "C-4;Delta SE;EUR;45;;NIEDRIG;S;N;ap@delta.example;AKTIV";

    public const string GoodInvoice = "R-1;C-1;RE;01.02.2026;03.03.2026;1.234,56;1.234,56;EUR;PO-1";

    public const string GoodInvoice2 = "R-2;C-2;GS;05.02.2026;05.02.2026;-100,00;-100,00;EUR;";

    public const string GoodPayment = "Z-1;ap@alpha.example;10.02.2026;500,00;500,00;EUR;R-1";

    public const string GoodPayment2 = "Z-2;AP@BETA.EXAMPLE;13/02/2026;1.250,00;0;EUR;R-2";

    public static string MappingFolder => Path.Combine(AppContext.BaseDirectory, "Corpus", "Fixtures", "mappings");

    /// <summary>The fixture mappings, each file's JSON optionally edited first (an admin's fix, for retries).</summary>
    public static MappingSet Mappings(Func<string, string, string>? edit = null) =>
        IngestBench.LoadMappings([.. Directory.GetFiles(MappingFolder, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), edit is null ? File.ReadAllText(path) : edit(Path.GetFileName(path), File.ReadAllText(path))))]);

    /// <summary>A bench with the corpus mappings and the two customers waiting in the drop folder.</summary>
    public static async Task<IngestBench> BenchAsync(string? connectionString = null, string provider = Connector.Store.StoreOptions.Sqlite)
    {
        var bench = await IngestBench.CreateAsync(Mappings(), connectionString, provider);
        bench.DropLines("KUNDEN_0.csv", Customers);
        return bench;
    }

    /// <summary>Asserts every count of a result and that they balance.</summary>
    public static void AssertCounts(EntityIngestResult result, long read, long @new, long quarantined, long filtered = 0, long changed = 0, long unchanged = 0)
    {
        Assert.True(result.Balances, $"{result.Entity}: read {result.Read} ≠ landed {result.Landed} + unchanged {result.Unchanged} + quarantined {result.Quarantined} + filtered {result.Filtered}");
        Assert.Equal(
            (Read: read, New: @new, Changed: changed, Unchanged: unchanged, Quarantined: quarantined, Filtered: filtered),
            (result.Read, result.New, result.Changed, result.Unchanged, result.Quarantined, result.Filtered));
    }

    /// <summary>Asserts the only open letter of the entity: where it came from, which field, and the exact reason.</summary>
    public static async Task<DeadLetter> AssertOnlyLetterAsync(IngestBench bench, CanonicalEntity entity, string source, long? line, string? field, string reason)
    {
        var letter = Assert.Single(await bench.DeadLettersAsync(entity));
        AssertLetter(letter, entity, source, line, field, reason);
        return letter;
    }

    public static void AssertLetter(DeadLetter letter, CanonicalEntity entity, string source, long? line, string? field, string reason)
    {
        Assert.Equal(
            (Entity: entity, Source: source, Line: line, Field: field, Reason: reason),
            (letter.Entity, letter.Source, letter.Line, letter.Field, letter.Reason));
        Assert.Equal(DeadLetterStatus.Open, letter.Status);
    }
}
