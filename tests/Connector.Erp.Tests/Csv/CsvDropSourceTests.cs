using Connector.Erp.Csv;
using Connector.Mapping.Sources;

namespace Connector.Erp.Tests.Csv;

public sealed class CsvDropSourceTests : IDisposable
{
    private const string Content = "Document,Customer,Amount\nINV-1,A,1\n";
    private static readonly DateTime Monday = new(2026, 3, 2, 7, 0, 0, DateTimeKind.Utc);
    private readonly DropFolder drop = new();

    public void Dispose() => drop.Dispose();

    [Fact]
    public async Task DiscoverAsync_Pattern_MatchesCaseInsensitiveOldestFirstAndIgnoresArchive()
    {
        drop.Drop("OPEN_ITEMS_2.csv", Content + "INV-2,B,2\n", written: Monday.AddMinutes(-10));
        drop.Drop("open_items_1.CSV", Content, written: Monday.AddMinutes(-20));
        drop.Drop("OPEN_ITEMS_10.csv", Content + "INV-3,C,3\n", written: Monday.AddMinutes(-10));
        drop.Drop("CUSTOMERS_1.csv", Content);
        drop.Drop("OPEN_ITEMS_1.txt", Content);
        Directory.CreateDirectory(drop.Archive);
        File.WriteAllText(Path.Combine(drop.Archive, "OPEN_ITEMS_0.csv"), Content);

        var units = await drop.Source.DiscoverAsync("invoices", DropFolder.Spec("OPEN_ITEMS_?*.csv"), CancellationToken.None);

        Assert.Equal(["open_items_1.CSV", "OPEN_ITEMS_10.csv", "OPEN_ITEMS_2.csv"], units.Select(u => u.Name));
    }

    [Fact]
    public async Task DiscoverAsync_SpecWithoutCsvSection_NoUnits()
    {
        drop.Drop("a.csv", Content);

        var units = await drop.Source.DiscoverAsync("invoices", new SourceSpec(null, new SqlSourceSpec { Query = "SELECT 1" }), CancellationToken.None);

        Assert.Empty(units);
    }

    [Fact]
    public async Task DiscoverAsync_SameContentDroppedTwiceRenamed_SameCheckpointKey()
    {
        drop.Drop("export_monday.csv", Content);
        drop.Drop("export_copy.csv", Content);
        drop.Drop("export_other.csv", Content + "INV-2,B,2\n");

        var units = await drop.Source.DiscoverAsync("invoices", DropFolder.Spec(), CancellationToken.None);
        var keys = units.ToDictionary(u => u.Name, u => u.CheckpointKey);

        Assert.Equal(keys["export_monday.csv"], keys["export_copy.csv"]);
        Assert.NotEqual(keys["export_monday.csv"], keys["export_other.csv"]);
        Assert.Matches("^csv:invoices:[0-9a-f]{32}$", keys["export_monday.csv"]);
    }

    [Fact]
    public async Task IsComplete_OnlyDoneMeansFinished()
    {
        drop.Drop("a.csv", Content);
        var unit = await drop.SingleUnitAsync();

        Assert.True(unit.IsComplete("done"));
        Assert.False(unit.IsComplete(null));
        Assert.False(unit.IsComplete("line:12"));
    }

    [Fact]
    public async Task CompleteAsync_MovesFileToArchiveAndIsIdempotent()
    {
        var file = drop.Drop("OPEN_ITEMS_1.csv", Content);
        var unit = await drop.SingleUnitAsync();

        await unit.CompleteAsync(CancellationToken.None);
        await unit.CompleteAsync(CancellationToken.None);

        Assert.False(File.Exists(file));
        Assert.Equal(Content, File.ReadAllText(Path.Combine(drop.Archive, "OPEN_ITEMS_1.csv")));
        Assert.Empty(await drop.Source.DiscoverAsync("invoices", DropFolder.Spec(), CancellationToken.None));
    }

    [Fact]
    public async Task CompleteAsync_NameAlreadyArchived_KeepsBothWithHashSuffix()
    {
        Directory.CreateDirectory(drop.Archive);
        File.WriteAllText(Path.Combine(drop.Archive, "OPEN_ITEMS_1.csv"), "older export");
        drop.Drop("OPEN_ITEMS_1.csv", Content);
        var unit = await drop.SingleUnitAsync();
        var hashPrefix = unit.CheckpointKey["csv:invoices:".Length..][..12];

        await unit.CompleteAsync(CancellationToken.None);

        Assert.Equal("older export", File.ReadAllText(Path.Combine(drop.Archive, "OPEN_ITEMS_1.csv")));
        Assert.Equal(Content, File.ReadAllText(Path.Combine(drop.Archive, $"OPEN_ITEMS_1_{hashPrefix}.csv")));
    }

    [Fact]
    public async Task DiscoverAsync_FileStillBeingWritten_LeftForNextRunUntilSettled()
    {
        var source = new CsvDropSource(drop.Path, TimeSpan.FromSeconds(30), drop.Time);
        drop.Drop("fresh.csv", Content, written: drop.Time.GetUtcNow().UtcDateTime.AddSeconds(-5));

        var early = await source.DiscoverAsync("invoices", DropFolder.Spec(), CancellationToken.None);
        drop.Time.Advance(TimeSpan.FromSeconds(30));
        var later = await source.DiscoverAsync("invoices", DropFolder.Spec(), CancellationToken.None);

        Assert.Empty(early);
        Assert.Single(later);
    }

    [Fact]
    public async Task DiscoverAsync_DropFolderMissing_NoUnits()
    {
        var source = new CsvDropSource(Path.Combine(drop.Path, "not-there"), TimeSpan.Zero, drop.Time);

        Assert.Empty(await source.DiscoverAsync("invoices", DropFolder.Spec(), CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_UnknownEncoding_FileProblemNamesIt()
    {
        var read = await drop.ReadAsync(Content, DropFolder.Spec(encoding: "ebcdic"));

        Assert.Equal("unknown encoding 'ebcdic': use utf-8, utf-16, windows-1252 or iso-8859-1", read.Problem);
    }
}
