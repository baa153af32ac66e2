using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Mapping.Canonical;
using Connector.Sync.Ledger;
using Connector.Sync.Tests.Support;

namespace Connector.Sync.Tests.Ingest;

/// <summary>
/// The SAP FI-AR example (mappings/examples/sap-fi-ar) through the real ingest: its Windows-1252 sample export
/// (KNA1+KNKK customers, BSID open items) dropped, ingested into SQLite, read back as a ledger and aged.
/// </summary>
public sealed class SapExampleIngestTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    [Fact]
    public async Task RunAsync_SapSampleExport_LandsEveryRowOfCompanyCode1000()
    {
        await using var bench = await IngestSampleAsync();
        var report = await bench.IngestAsync();

        var byEntity = report.Entities.ToDictionary(static e => e.Entity);
        Assert.Equal(0, report.Quarantined);
        Assert.Equal(8, byEntity[CanonicalEntity.Customers].New);
        Assert.Equal(15, byEntity[CanonicalEntity.Invoices].New);
        Assert.Equal(1, byEntity[CanonicalEntity.Invoices].Filtered);
        Assert.Equal(["BSID_20261130.csv", "KNA1_KNKK_20261130.csv"], bench.ArchivedFiles());
    }

    [Fact]
    public async Task RunAsync_SapCustomers_NamesReadFromWindows1252AndCreditLimitsFromKnkk()
    {
        await using var bench = await IngestSampleAsync();
        await bench.IngestAsync();

        Assert.Equal("Müller GmbH", await bench.ValueAsync(CanonicalEntity.Customers, "100001", "name"));
        Assert.Equal("Österreichische Werkzeug GmbH", await bench.ValueAsync(CanonicalEntity.Customers, "100005", "name"));
        Assert.Equal("50000", await bench.ValueAsync(CanonicalEntity.Customers, "100001", "credit_limit"));
        Assert.Equal("1000000", await bench.ValueAsync(CanonicalEntity.Customers, "100005", "credit_limit"));
        Assert.Null(await bench.ValueAsync(CanonicalEntity.Customers, "100006", "credit_limit"));
        Assert.Equal("0", await bench.ValueAsync(CanonicalEntity.Customers, "100004", "credit_limit"));
        Assert.Equal("true", await bench.ValueAsync(CanonicalEntity.Customers, "100004", "manual_hold"));
        Assert.Equal("false", await bench.ValueAsync(CanonicalEntity.Customers, "100001", "manual_hold"));
        Assert.Equal("30", await bench.ValueAsync(CanonicalEntity.Customers, "100001", "payment_terms_days"));
    }

    [Theory]
    [InlineData("1800000001-2026-001", "2026-12-15")] // 15.11.2026 + 30
    [InlineData("1800000002-2026-001", "2026-10-20")] // 20.09.2026 + 30
    [InlineData("1800000006-2026-001", "2026-07-31")] // 01.06.2026 + 60
    [InlineData("1800000008-2026-001", "2026-11-20")] // ZBD1T empty: the baseline date
    [InlineData("1800000015-2026-001", "2026-11-30")] // 31.10.2026 + 30
    public async Task RunAsync_SapOpenItem_DueDateIsBaselinePlusDays(string item, string due)
    {
        await using var bench = await IngestSampleAsync();
        await bench.IngestAsync();

        Assert.Equal(due, await bench.ValueAsync(CanonicalEntity.Invoices, item, "due_date"));
    }

    [Theory]
    [InlineData("1800000002-2026-001", "10000", "invoice")]
    [InlineData("1600000003-2026-001", "-500", "credit_memo")]
    [InlineData("1400000010-2026-001", "-20000", "credit_memo")]
    [InlineData("1800000009-2026-001", "150000", "invoice")]
    public async Task RunAsync_SapOpenItem_CreditIndicatorHIsNegative(string item, string amount, string type)
    {
        await using var bench = await IngestSampleAsync();
        await bench.IngestAsync();

        Assert.Equal(amount, await bench.ValueAsync(CanonicalEntity.Invoices, item, "amount"));
        Assert.Equal(amount, await bench.ValueAsync(CanonicalEntity.Invoices, item, "open_amount"));
        Assert.Equal(type, await bench.ValueAsync(CanonicalEntity.Invoices, item, "type"));
    }

    [Fact]
    public async Task RunAsync_SapCustomerNumbersWithLeadingZeros_ItemsBelongToTheirCustomers()
    {
        await using var bench = await IngestSampleAsync();
        await bench.IngestAsync();

        var ledger = await LedgerLoader.LoadAsync(bench.Store, CancellationToken.None);
        var items = ledger.Accounts.ToDictionary(static a => a.Id, static a => a.OpenItems.Count);
        Assert.Equal(
            new Dictionary<string, int> { ["100001"] = 3, ["100002"] = 3, ["100003"] = 2, ["100004"] = 1, ["100005"] = 2, ["100006"] = 1, ["100007"] = 2, ["ALPHA01"] = 1 },
            items);
    }

    [Fact]
    public async Task AgingReport_SapLedgerOnFixedDay_EachItemInTheBucketOfItsSapDueDate()
    {
        await using var bench = await IngestSampleAsync();
        await bench.IngestAsync();
        var ledger = await LedgerLoader.LoadAsync(bench.Store, CancellationToken.None);

        var report = AgingCalculator.Report(ledger, new AgingPolicy(), new CurrencyConverter("EUR", []).At(Today));

        // Current, 1–30, 31–60, 61–90, 91–120, 121+
        var lines = report.Lines.ToDictionary(static l => l.CustomerId, static l => l.Buckets);
        Assert.Equal([1234.56m, -500m, 10000m, 0m, 0m, 0m], lines["100001"]);
        Assert.Equal([780.40m, 0m, 2500m, 0m, 1500m, 0m], lines["100002"]);
        Assert.Equal([0m, 0m, 12000m, 0m, 0m, 45678.90m], lines["100003"]);
        Assert.Equal([0m, 89.90m, 0m, 0m, 0m, 0m], lines["100004"]);
        Assert.Equal([0m, -20000m, 0m, 0m, 0m, 150000m], lines["100005"]);
        Assert.Equal([0m, 3210m, 0m, 0m, 0m, 0m], lines["100006"]);
        Assert.Equal([7654.32m, 0m, 0m, 4321m, 0m, 0m], lines["100007"]);
        Assert.Equal([0m, 0m, 999.99m, 0m, 0m, 0m], lines["ALPHA01"]);
    }

    private static async Task<IngestBench> IngestSampleAsync()
    {
        var bench = await IngestBench.CreateAsync(IngestBench.LoadMappings(RepositoryPaths.SapExample));
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.SapExample, "sample"), "*.csv"))
        {
            File.Copy(file, Path.Combine(bench.DropFolder, Path.GetFileName(file)));
        }

        return bench;
    }
}
