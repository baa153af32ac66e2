using Connector.Mapping.Canonical;
using Connector.Sync.Ports;
using Connector.Sync.Tests.Support;
using static Connector.Sync.Tests.Corpus.CorpusExport;

namespace Connector.Sync.Tests.Ingest;

/// <summary>
/// A crash half-way through a file (the store failing at the k-th commit, batches of 3 rows) followed by a fresh
/// runner over the same drop folder: the ledger ends up exactly as after one clean run, with one letter per bad row
/// and the file archived once.
/// </summary>
public sealed class CrashResumeTests
{
    private const int BatchSize = 3;

    /// <summary>Ten invoice rows, three of them bad (lines 4, 7 and 10), so every batch of three holds work of both kinds.</summary>
    private static readonly string[] Invoices =
    [
        InvoiceHeader,
        "R-1;C-1;RE;01.02.2026;03.03.2026;100,00;100,00;EUR;",
        "R-2;C-2;RE;02.02.2026;04.03.2026;200,00;150,00;EUR;",
        "R-3;C-9;RE;03.02.2026;05.03.2026;300,00;300,00;EUR;",
        "R-4;C-1;GS;04.02.2026;04.02.2026;-40,00;-40,00;EUR;",
        "R-5;C-2;RE;05.02.2026;07.03.2026;1.500,00;1.500,00;EUR;",
        "R-6;C-1;RE;31.02.2026;08.03.2026;600,00;600,00;EUR;",
        "R-7;C-2;RE;07.02.2026;09.03.2026;700,00;0;EUR;",
        "R-8;C-1;RE;08.02.2026;10.03.2026;800,00;800,00;EUR;",
        "R-9;C-1;XX;09.02.2026;11.03.2026;900,00;900,00;EUR;",
        "R-10;C-2;RE;10.02.2026;12.03.2026;1.000,00;1.000,00;EUR;",
    ];

    // Commits for ten rows in batches of three: after rows 3, 6 and 9, then the last one (row 10 and "done").
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public async Task RunAsync_CrashAtACommitThenFreshRun_EndsLikeOneCleanRun(int crashAtCommit, bool afterCommit)
    {
        var (cleanHashes, cleanLetters) = await CleanRunAsync();
        await using var bench = await CustomersLandedAsync();
        bench.DropLines("OP_1.csv", Invoices);
        var crashing = new CrashingStore(bench.Store, crashAtCommit, afterCommit);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => bench.Runner(crashing, BatchSize).RunAsync([CanonicalEntity.Invoices], null, CancellationToken.None));
        Assert.Equal(["OP_1.csv"], bench.WaitingFiles());
        var resumed = (await bench.Runner(batchSize: BatchSize).RunAsync([CanonicalEntity.Invoices], null, CancellationToken.None)).Entities.Single();

        Assert.True(resumed.Balances);
        var readBefore = crashing.RowsCommitted;
        Assert.Equal(afterCommit && crashAtCommit == 4 ? 0 : 10 - (crashing.Committed * BatchSize), resumed.Read);
        Assert.Equal(0, resumed.Changed + resumed.Unchanged);
        Assert.Equal(10, readBefore + resumed.Read);
        Assert.Equal(cleanHashes, await bench.Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None));
        Assert.Equal(cleanLetters, Letters(await bench.AllDeadLettersAsync(CanonicalEntity.Invoices)));
        Assert.Empty(bench.WaitingFiles());
        Assert.Equal(["KUNDEN_0.csv", "OP_1.csv"], bench.ArchivedFiles());
    }

    [Fact]
    public async Task RunAsync_SameBadFileReadAgainAfterACrash_KeepsOneLetterPerRow()
    {
        // A source that checkpoints only at the end re-reads the whole file after a crash: the rows quarantined
        // before the crash are quarantined again, and the store keeps one letter for each.
        var (cleanHashes, cleanLetters) = await CleanRunAsync();
        await using var bench = await CustomersLandedAsync();
        bench.DropLines("OP_1.csv", Invoices);
        var crashing = new CrashingStore(bench.Store, crashAtCommit: 3);

        await Assert.ThrowsAsync<SimulatedCrashException>(() =>
            bench.Runner(crashing, BatchSize, static s => new EndCheckpointSource(s)).RunAsync([CanonicalEntity.Invoices], null, CancellationToken.None));
        Assert.Equal(2, (await bench.AllDeadLettersAsync(CanonicalEntity.Invoices)).Count);
        var again = (await bench.Runner(batchSize: BatchSize, source: static s => new EndCheckpointSource(s)).RunAsync([CanonicalEntity.Invoices], null, CancellationToken.None)).Entities.Single();

        // Rows 1–6 were stored before the crash: read again they are unchanged, and their two bad rows quarantined again.
        Assert.True(again.Balances);
        Assert.Equal((10L, 3L, 0L, 4L, 3L), (again.Read, again.New, again.Changed, again.Unchanged, again.Quarantined));
        var letters = await bench.AllDeadLettersAsync(CanonicalEntity.Invoices);
        Assert.Equal(cleanLetters, Letters(letters));
        Assert.All(letters, static l => Assert.Equal(DeadLetterStatus.Open, l.Status));
        Assert.Equal(cleanHashes, await bench.Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None));
        Assert.Equal(["KUNDEN_0.csv", "OP_1.csv"], bench.ArchivedFiles());
    }

    private static async Task<IngestBench> CustomersLandedAsync()
    {
        var bench = await BenchAsync();
        await bench.Runner().RunAsync([CanonicalEntity.Customers], null, CancellationToken.None);
        return bench;
    }

    /// <summary>The ledger and letters of one uninterrupted run over the same file.</summary>
    private static async Task<(Dictionary<string, UInt128> Hashes, List<string> Letters)> CleanRunAsync()
    {
        await using var bench = await CustomersLandedAsync();
        bench.DropLines("OP_1.csv", Invoices);
        var result = (await bench.Runner(batchSize: BatchSize).RunAsync([CanonicalEntity.Invoices], null, CancellationToken.None)).Entities.Single();
        Assert.Equal((10L, 7L, 3L), (result.Read, result.New, result.Quarantined));
        var hashes = await bench.Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None);
        Assert.Equal(7, hashes.Count);
        return (hashes, Letters(await bench.AllDeadLettersAsync(CanonicalEntity.Invoices)));
    }

    private static List<string> Letters(IEnumerable<DeadLetter> letters) =>
        [.. letters.Select(static l => $"{l.Source} {l.Locator} {l.Field}: {l.Reason}").Order(StringComparer.Ordinal)];
}
