using System.Text;
using Connector.Mapping.Canonical;
using Connector.Sync.DeadLetters;
using Connector.Sync.Ports;
using Connector.Sync.Tests.Support;
using static Connector.Sync.Tests.Corpus.CorpusExport;

namespace Connector.Sync.Tests.Ingest;

/// <summary>
/// A file that fails as a whole (undecodable, unreadable) is one dead letter, is never marked as ingested, and is kept
/// where its letter says: after the fix, the same file dropped again or a retry of the letter reads it, and every other
/// file is read meanwhile.
/// </summary>
public sealed class WholeFileLetterTests
{
    private static readonly byte[] Utf16WithoutBom = Encoding.Unicode.GetBytes(string.Join("\r\n", InvoiceHeader, GoodInvoice, GoodInvoice2) + "\r\n");

    [Fact]
    public async Task RunAsync_UndecodableFileDroppedAgainUnderANewNameAfterTheEncodingIsFixed_IsReadNotSkippedAndItsLetterResolved()
    {
        await using var bench = await BenchAsync();
        bench.Drop("OP_1.csv", Utf16WithoutBom);
        AssertCounts(await bench.IngestAllAsync(CanonicalEntity.Invoices), read: 0, @new: 0, quarantined: 0);
        bench.UseMappings(Utf16Mappings());
        bench.Drop("OP_1_resent.csv", Utf16WithoutBom);

        var again = await bench.IngestAllAsync(CanonicalEntity.Invoices);

        Assert.Empty(again.AlreadyIngested);
        AssertCounts(again, read: 2, @new: 2, quarantined: 0);
        Assert.Equal("1234.56", await bench.ValueAsync(CanonicalEntity.Invoices, "R-1", "amount"));
        var letter = Assert.Single(await bench.AllDeadLettersAsync(CanonicalEntity.Invoices));
        Assert.Equal(("file", DeadLetterStatus.Resolved), (letter.Locator, letter.Status));
    }

    [Fact]
    public async Task RetryAsync_UndecodableFileAfterTheEncodingIsFixed_ReadsTheFileKeptInArchiveAndLandsItsRows()
    {
        await using var bench = await BenchAsync();
        bench.Drop("OP_1.csv", Utf16WithoutBom);
        await bench.IngestAllAsync(CanonicalEntity.Invoices);
        var letter = Assert.Single(await bench.DeadLettersAsync(CanonicalEntity.Invoices));
        Assert.StartsWith("archive/OP_1_", letter.Raw.File, StringComparison.Ordinal);
        Assert.Equal(Utf16WithoutBom, File.ReadAllBytes(Path.Combine(bench.DropFolder, letter.Raw.File!)));

        var report = await new DeadLetterRetrier(bench.Store, Utf16Mappings(), bench.Source).RetryAsync(CanonicalEntity.Invoices, null, CancellationToken.None);

        AssertCounts(Assert.Single(report.Entities), read: 2, @new: 2, quarantined: 0);
        Assert.Equal("-100", await bench.ValueAsync(CanonicalEntity.Invoices, "R-2", "amount"));
        var after = Assert.Single(await bench.AllDeadLettersAsync(CanonicalEntity.Invoices));
        Assert.Equal((DeadLetterStatus.Resolved, 1), (after.Status, after.Attempts));
        Assert.True(File.Exists(Path.Combine(bench.DropFolder, letter.Raw.File!)), "the kept file stays in archive/");
    }

    [Fact]
    public async Task RetryAsync_FileLetterWithNothingFixed_StaysOpenWithAnotherAttempt()
    {
        await using var bench = await BenchAsync();
        bench.Drop("OP_1.csv", Utf16WithoutBom);
        await bench.IngestAllAsync(CanonicalEntity.Invoices);

        var report = await new DeadLetterRetrier(bench.Store, bench.Mappings, bench.Source).RetryAsync(CanonicalEntity.Invoices, null, CancellationToken.None);

        AssertCounts(Assert.Single(report.Entities), read: 1, @new: 0, quarantined: 1);
        var letter = Assert.Single(await bench.AllDeadLettersAsync(CanonicalEntity.Invoices));
        Assert.Equal((DeadLetterStatus.Open, 1), (letter.Status, letter.Attempts));
        Assert.StartsWith("undecodable: the header row holds NUL characters", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await bench.CountAsync(CanonicalEntity.Invoices));
    }

    [Fact]
    public async Task RunAsync_DanglingLinkAndLinkLoopAmongTheExports_EachIsOneFileLetterAndEveryOtherFileLands()
    {
        await using var bench = await BenchAsync();
        File.CreateSymbolicLink(Path.Combine(bench.DropFolder, "OP_0_dangling.csv"), Path.Combine(bench.DropFolder, "gone.csv"));
        File.CreateSymbolicLink(Path.Combine(bench.DropFolder, "OP_0_loop.csv"), Path.Combine(bench.DropFolder, "OP_0_loop.csv"));
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice, GoodInvoice2);

        var report = await bench.Runner().RunAsync(null, null, CancellationToken.None);

        var invoices = report.Entities.Single(static e => e.Entity == CanonicalEntity.Invoices);
        AssertCounts(invoices, read: 2, @new: 2, quarantined: 0);
        Assert.Equal(Customers.Length - 1, report.Entities.Single(static e => e.Entity == CanonicalEntity.Customers).New);
        var letters = (await bench.DeadLettersAsync(CanonicalEntity.Invoices)).OrderBy(static l => l.Source, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                ("OP_0_dangling.csv", "file", $"cannot be read: a symbolic link to '{Path.Combine(bench.DropFolder, "gone.csv")}', which does not exist"),
                ("OP_0_loop.csv", "file", "cannot be read: a symbolic link that loops (it leads back to itself)"),
            ],
            letters.Select(static l => (l.Source, l.Locator, l.Reason)));
        Assert.Equal(["OP_0_dangling.csv", "OP_0_loop.csv"], bench.WaitingFiles());
    }

    [Fact]
    public async Task RunAsync_DanglingLinkReplacedByTheFile_ReadsItAndResolvesTheEntrysLetter()
    {
        await using var bench = await BenchAsync();
        var link = Path.Combine(bench.DropFolder, "OP_1.csv");
        File.CreateSymbolicLink(link, Path.Combine(bench.DropFolder, "gone.csv"));
        await bench.IngestAllAsync(CanonicalEntity.Invoices);
        File.Delete(link);
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice);

        AssertCounts(await bench.IngestAllAsync(CanonicalEntity.Invoices), read: 1, @new: 1, quarantined: 0);

        var letter = Assert.Single(await bench.AllDeadLettersAsync(CanonicalEntity.Invoices));
        Assert.Equal(("OP_1.csv", DeadLetterStatus.Resolved), (letter.Source, letter.Status));
        var audit = Assert.Single(await bench.Store.ReadAuditAsync($"deadletter:{letter.Id}", 10, CancellationToken.None));
        Assert.Equal(("ingest", "deadletter.resolved", "read in full from OP_1.csv"), (audit.Event.Actor, audit.Event.Action, audit.Event.Reason));
    }

    /// <summary>The corpus mappings with the invoices read as UTF-16 (the admin's fix).</summary>
    private static Mapping.Loading.MappingSet Utf16Mappings() => Mappings(static (file, json) =>
    {
        if (file != "invoices.json")
        {
            return json;
        }

        Assert.Contains("\"encoding\": \"utf-8\"", json, StringComparison.Ordinal);
        return json.Replace("\"encoding\": \"utf-8\"", "\"encoding\": \"utf-16\"", StringComparison.Ordinal);
    });
}
