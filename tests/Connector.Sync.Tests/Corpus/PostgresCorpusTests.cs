using Connector.Mapping.Canonical;
using Connector.Store;
using Connector.Sync.Ports;
using Connector.Sync.Tests.Support;
using Connector.Testing;
using static Connector.Sync.Tests.Corpus.CorpusExport;

namespace Connector.Sync.Tests.Corpus;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>;

/// <summary>The same small export with bad rows ingested on PostgreSQL (a throwaway cluster) and on SQLite gives the same ledger and letters.</summary>
[Collection("postgres")]
public sealed class PostgresCorpusTests(PostgresCluster cluster)
{
    private static readonly string[] Invoices =
    [
        InvoiceHeader,
        GoodInvoice,
        "R-3;C-9;RE;03.02.2026;05.03.2026;300,00;300,00;EUR;",
        "R-4;C-1;RE;04.02.2026;06.03.2026;40,00;40,00;EUR;\"'); DROP TABLE ledger; --\"",
        "R-5;C-1;RE;05.02.2026;07.03.2026;50,00;50,00;EUR;PO\0-5",
        "R-6;C-1;RE;31.02.2026;08.03.2026;600,00;600,00;EUR;",
        "R-7;C-2;RE;07.02.2026;09.03.2026;\"1.234,56\";0;EUR;\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"",
        "R-8;\"C-1;RE;08.02.2026;10.03.2026;800,00;800,00;EUR;",
        GoodInvoice2,
    ];

    [Fact]
    public async Task RunAsync_SmallExportWithBadRowsOnPostgreSql_SameLedgerAndLettersAsOnSqlite()
    {
        var sqlite = await IngestAsync(null, StoreOptions.Sqlite);
        var postgres = await IngestAsync(await cluster.CreateDatabaseAsync("corpus"), StoreOptions.PostgreSql);

        Assert.Equal(sqlite.Counts, postgres.Counts);
        Assert.Equal((8L, 4L, 4L), (postgres.Counts.Read, postgres.Counts.New, postgres.Counts.Quarantined));
        Assert.Equal(sqlite.Hashes, postgres.Hashes);
        Assert.Equal(sqlite.Letters, postgres.Letters);
        Assert.Equal(
            [
                "OP_1.csv line 3 customer_id: unknown customer 'C-9' (not in the ledger's customers)",
                "OP_1.csv line 5 : NUL character in column 'Bestellnr': binary data, or UTF-16 text read as utf-8 (set source.csv.encoding)",
                "OP_1.csv line 6 document_date: no such date '31.02.2026' (read as dd.MM.yyyy: February 2026 has 28 days)",
                "OP_1.csv line 8 : unbalanced quote: the field starting at column 2 (Kunde) is never closed",
            ],
            postgres.Letters);
        Assert.Equal("'); DROP TABLE ledger; --", postgres.PoNumbers["R-4"]);
        Assert.Equal("=HYPERLINK(\"http://evil\",\"x\")", postgres.PoNumbers["R-7"]);
    }

    private static async Task<Outcome> IngestAsync(string? connectionString, string provider)
    {
        await using var bench = await BenchAsync(connectionString, provider);
        bench.DropLines("OP_1.csv", Invoices);

        var result = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        Assert.True(result.Balances);
        var records = await bench.RecordsAsync(CanonicalEntity.Invoices);
        var poNumber = CanonicalSchema.Invoices.IndexOf("po_number");
        return new(
            (result.Read, result.New, result.Quarantined),
            await bench.Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None),
            [.. (await bench.AllDeadLettersAsync(CanonicalEntity.Invoices)).Select(static l => $"{l.Source} {l.Locator} {l.Field}: {l.Reason}").Order(StringComparer.Ordinal)],
            records.ToDictionary(static r => r.Key, r => r.Values[poNumber] ?? string.Empty));
    }

    private sealed record Outcome((long Read, long New, long Quarantined) Counts, Dictionary<string, UInt128> Hashes, List<string> Letters, Dictionary<string, string> PoNumbers);
}
