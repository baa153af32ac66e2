using Connector.Mapping.Canonical;
using Connector.Sync.Tests.Support;

namespace Connector.Sync.Tests.Ingest;

/// <summary>Where each landed row came from (decision 115): the import's archived file, also after a crash before archiving.</summary>
public sealed class IngestSourceTests
{
    [Fact]
    public async Task RunAsync_ArchiveFailedAfterTheLastCommit_RerunArchivesItAndTheSourceNamesTheArchivedFile()
    {
        await using var bench = await IngestBench.CreateAsync(IngestBench.LoadMappings(RepositoryPaths.Mappings));
        var customers = Directory.GetFiles(RepositoryPaths.SampleErpExport, "CUSTOMERS_*.csv").Single();
        File.Copy(customers, Path.Combine(bench.DropFolder, "CUSTOMERS_1.csv"));

        // A file where the archive folder should be: every row is committed, then moving the file fails (as a crash there would leave it).
        await File.WriteAllTextAsync(bench.ArchiveFolder, "in the way");
        try
        {
            await bench.IngestAsync(CanonicalEntity.Customers);
        }
        catch (Connector.Erp.ErpSourceException)
        {
            // The run may stop here; what counts is what the next one does.
        }

        File.Delete(bench.ArchiveFolder);
        Assert.Equal(["CUSTOMERS_1.csv"], bench.WaitingFiles());

        var again = (await bench.IngestAsync(CanonicalEntity.Customers)).Entities.Single();

        Assert.Equal(["CUSTOMERS_1.csv"], again.AlreadyIngested);
        Assert.Equal(0, again.Read);
        var archived = Assert.Single(bench.ArchivedFiles());
        var sources = await bench.Store.ReadSourcesAsync(CanonicalEntity.Customers, CancellationToken.None);
        Assert.NotEmpty(sources);
        Assert.All(sources.Values, s => Assert.EndsWith(archived, s.Import?.ArchivedAs ?? "(not recorded)", StringComparison.Ordinal));
    }
}
