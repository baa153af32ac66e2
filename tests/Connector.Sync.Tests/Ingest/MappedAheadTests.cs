using Connector.Mapping.Canonical;
using Connector.Sync.Tests.Support;

namespace Connector.Sync.Tests.Ingest;

/// <summary>
/// Rows mapped ahead on a second thread (decision 130) reach the ledger exactly as on one thread, also when the file cannot be
/// read to its end: the batches before the failure are committed with their checkpoints, nothing after, and the next run
/// resumes to the same ledger as one clean run.
/// </summary>
public sealed class MappedAheadTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1_000)]
    [InlineData(3_500)]
    [InlineData(4_096)]
    public async Task RunAsync_FileFailsMidRead_CommitsWhatOneThreadCommitsAndTheRerunEndsLikeOneCleanRun(int rowsBeforeFailure)
    {
        var mappings = IngestBench.LoadMappings(RepositoryPaths.Mappings);
        await using var clean = await SampleExportAsync(mappings);
        await using var ahead = await SampleExportAsync(mappings);
        await using var oneThread = await SampleExportAsync(mappings);
        await clean.Runner(batchSize: 1_000).RunAsync(null, null, CancellationToken.None);

        var failAhead = await Assert.ThrowsAsync<IOException>(() => ahead.Runner(batchSize: 1_000, source: s => new FailingRowsSource(s, rowsBeforeFailure))
            .RunAsync([CanonicalEntity.Invoices], null, CancellationToken.None));
        var failOne = await Assert.ThrowsAsync<IOException>(() => oneThread.Runner(batchSize: 1_000, source: s => new FailingRowsSource(s, rowsBeforeFailure), mapAhead: false)
            .RunAsync([CanonicalEntity.Invoices], null, CancellationToken.None));

        Assert.Equal(failOne.Message, failAhead.Message);
        var committed = await oneThread.Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None);
        Assert.Equal(committed, await ahead.Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None));
        Assert.Equal(Letters(await oneThread.AllDeadLettersAsync()), Letters(await ahead.AllDeadLettersAsync()));
        Assert.Equal(["CUST_LEDGER_ENTRIES_20261116.csv"], ahead.WaitingFiles().Where(static f => f.StartsWith("CUST_LEDGER", StringComparison.Ordinal)));

        var resumed = (await ahead.Runner(batchSize: 1_000).RunAsync([CanonicalEntity.Invoices], null, CancellationToken.None)).Entities.Single();

        Assert.True(resumed.Balances);
        Assert.Equal(0, resumed.Changed);
        Assert.Equal(
            await clean.Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None),
            await ahead.Store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None));
        Assert.Equal(Letters(await clean.AllDeadLettersAsync()), Letters(await ahead.AllDeadLettersAsync()));
        Assert.Empty(ahead.WaitingFiles());
    }

    [Fact]
    public async Task RunAsync_CancelledMidFile_StopsWithoutCompletingTheFile()
    {
        var mappings = IngestBench.LoadMappings(RepositoryPaths.Mappings);
        await using var bench = await SampleExportAsync(mappings);
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bench.Runner(batchSize: 1_000, source: s => new FailingRowsSource(s, 2_500, cancel.Cancel))
            .RunAsync([CanonicalEntity.Invoices], null, cancel.Token));

        Assert.Contains("CUST_LEDGER_ENTRIES_20261116.csv", bench.WaitingFiles());
        var resumed = (await bench.Runner(batchSize: 1_000).RunAsync([CanonicalEntity.Invoices], null, CancellationToken.None)).Entities.Single();
        Assert.True(resumed.Balances);
        Assert.Empty(bench.WaitingFiles());
        Assert.True(await bench.CountAsync(CanonicalEntity.Invoices) > 6_000);
    }

    private static async Task<IngestBench> SampleExportAsync(Mapping.Loading.MappingSet mappings)
    {
        var bench = await IngestBench.CreateAsync(mappings);
        foreach (var name in (string[])["COLLECTORS_*.csv", "CUSTOMERS_*.csv", "CUST_LEDGER_ENTRIES_*.csv"])
        {
            var file = Directory.GetFiles(RepositoryPaths.SampleErpExport, name).Single();
            File.Copy(file, Path.Combine(bench.DropFolder, Path.GetFileName(file)));
        }

        await bench.Runner().RunAsync([CanonicalEntity.Collectors, CanonicalEntity.Customers], null, CancellationToken.None);

        return bench;
    }

    private static List<(long? Line, string? Key, string Reason)> Letters(IReadOnlyList<Ports.DeadLetter> letters) =>
        [.. letters.Select(static l => (l.Line, l.Key, l.Reason))];
}
