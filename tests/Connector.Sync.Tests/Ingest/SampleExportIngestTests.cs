using Connector.Mapping.Canonical;
using Connector.Sync.Ledger;
using Connector.Sync.Tests.Support;

namespace Connector.Sync.Tests.Ingest;

public sealed class SampleExportIngestTests
{
    [Fact]
    public async Task RunAsync_SampleErpExportThroughShippedMappings_LandsEveryCanonicalRecord()
    {
        await using var bench = await IngestBench.CreateAsync(IngestBench.LoadMappings(RepositoryPaths.Mappings));
        foreach (var file in Directory.GetFiles(RepositoryPaths.SampleErpExport, "*.csv"))
        {
            File.Copy(file, Path.Combine(bench.DropFolder, Path.GetFileName(file)));
        }

        var report = await bench.IngestAsync();

        var byEntity = report.Entities.ToDictionary(static e => e.Entity);
        Assert.All(report.Entities, static e => Assert.True(e.Balances, $"{e.Entity}: read {e.Read} ≠ landed + unchanged + quarantined + filtered"));
        Assert.Equal(0, report.Quarantined);
        Assert.Equal(240, byEntity[CanonicalEntity.Customers].New);
        Assert.Equal(6_251, byEntity[CanonicalEntity.Invoices].New);
        Assert.Equal(2_971, byEntity[CanonicalEntity.Invoices].Filtered);
        Assert.Equal(2_983, byEntity[CanonicalEntity.Payments].New);
        Assert.Equal(28, byEntity[CanonicalEntity.Promises].New);
        Assert.Empty(Directory.GetFiles(bench.DropFolder, "*.csv"));
        Assert.Equal(7, Directory.GetFiles(bench.ArchiveFolder, "*.csv").Length);
        var ledger = await LedgerLoader.LoadAsync(bench.Store, CancellationToken.None);
        Assert.Equal(240, ledger.Accounts.Count);
    }

    [Fact]
    public async Task RunAsync_SameExportDroppedAgain_WritesNothingAndArchivesIt()
    {
        await using var bench = await IngestBench.CreateAsync(IngestBench.LoadMappings(RepositoryPaths.Mappings));
        var customers = Directory.GetFiles(RepositoryPaths.SampleErpExport, "CUSTOMERS_*.csv").Single();
        File.Copy(customers, Path.Combine(bench.DropFolder, "CUSTOMERS_1.csv"));
        await bench.IngestAsync(CanonicalEntity.Customers);
        File.Copy(customers, Path.Combine(bench.DropFolder, "CUSTOMERS_2.csv"));

        var again = (await bench.IngestAsync(CanonicalEntity.Customers)).Entities.Single();

        Assert.Equal(0, again.Read);
        Assert.Equal(["CUSTOMERS_2.csv"], again.AlreadyIngested);
        Assert.Empty(Directory.GetFiles(bench.DropFolder, "*.csv"));
    }
}
