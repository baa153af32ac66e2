using System.Diagnostics;
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
    public async Task DiscoverAsync_FileWrittenWithinTheSettleTime_LeftForNextRunSayingWhyUntilSettled()
    {
        var source = new CsvDropSource(drop.Path, TimeSpan.FromSeconds(30), drop.Time);
        drop.Drop("fresh.csv", Content, written: drop.Time.GetUtcNow().UtcDateTime.AddSeconds(-5));

        var early = Assert.Single(await source.DiscoverAsync("invoices", DropFolder.Spec(), CancellationToken.None));
        drop.Time.Advance(TimeSpan.FromSeconds(30));
        var later = Assert.Single(await source.DiscoverAsync("invoices", DropFolder.Spec(), CancellationToken.None));

        Assert.Equal("left for the next run: written 5 s ago, within Erp:FileSettleSeconds (30 s); the ERP may still be writing it", early.NotReady);
        Assert.Null(later.NotReady);
        Assert.Matches("^csv:invoices:[0-9a-f]{32}$", later.CheckpointKey);
    }

    [Fact]
    public async Task DiscoverAsync_DropFolderMissing_FailsNamingTheFolderAndTheSetting()
    {
        var missing = Path.Combine(drop.Path, "not-there");
        var source = new CsvDropSource(missing, TimeSpan.Zero, drop.Time);

        var error = await Assert.ThrowsAsync<ErpSourceException>(() => source.DiscoverAsync("invoices", DropFolder.Spec(), CancellationToken.None));

        Assert.Equal($"the drop folder {missing} (Erp:DropFolder) does not exist: create it, or set Erp:DropFolder to the folder the ERP exports into", error.Message);
    }

    [Fact]
    public async Task DiscoverAsync_NamedPipeMatchingThePattern_SkippedWithoutBeingOpened()
    {
        var pipe = Path.Combine(drop.Path, "OPEN_ITEMS_pipe.csv");
        using (var mkfifo = Process.Start("mkfifo", [pipe]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        drop.Drop("OPEN_ITEMS_1.csv", Content, written: Monday);

        // Opening a pipe blocks until a writer comes: a discovery that opens it never returns.
        var units = await Task.Run(() => drop.Source.DiscoverAsync("invoices", DropFolder.Spec("OPEN_ITEMS_*.csv"), CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(30));

        var skipped = units.Single(u => u.Name == "OPEN_ITEMS_pipe.csv");
        Assert.Equal("skipped: it is a named pipe (FIFO), not a regular file; only regular files are read (move it out of the drop folder)", skipped.NotReady);
        Assert.Null(units.Single(u => u.Name == "OPEN_ITEMS_1.csv").NotReady);
    }

    [Fact]
    public async Task DiscoverAsync_LinkToAFile_ReadLikeTheFile()
    {
        var target = drop.Drop("elsewhere.txt", Content + "INV-2,B,2\n");
        File.CreateSymbolicLink(Path.Combine(drop.Path, "export.csv"), target);

        var unit = await drop.SingleUnitAsync();
        using var reader = await unit.OpenAsync(null, CancellationToken.None);

        Assert.Equal(2, reader.Rows.Count());
        Assert.Null(reader.Changed);
    }

    [Fact]
    public async Task OpenAsync_FileGrowsWhileItIsRead_GivesOnlyTheRowsFoundAndSaysItChanged()
    {
        var file = drop.Drop("export.csv", Content + "INV-2,B,2\nINV-3,C,3\n");
        var unit = await drop.SingleUnitAsync();
        var found = new FileInfo(file).Length;
        using var reader = await unit.OpenAsync(null, CancellationToken.None);
        var rows = new List<string>();

        foreach (var row in reader.Rows)
        {
            rows.Add(row.Values[0]);
            if (rows.Count == 1)
            {
                // The ERP appends while the connector reads.
                File.AppendAllText(file, "INV-4,D,4\nINV-5,E,5\n");
            }
        }

        Assert.Equal(["INV-1", "INV-2", "INV-3"], rows);
        Assert.Equal($"it grew from {found} to {new FileInfo(file).Length} bytes while it was read (the ERP is still writing it)", reader.Changed);
    }

    [Fact]
    public async Task OpenAsync_LastLineCutOffAndFinishedWhileRead_TheHalfLineIsNeverGivenOut()
    {
        var file = drop.Drop("export.csv", Content + "INV-2,B,12");
        var unit = await drop.SingleUnitAsync();
        using var reader = await unit.OpenAsync(null, CancellationToken.None);
        var rows = new List<string[]>();

        foreach (var row in reader.Rows)
        {
            rows.Add(row.Values);
            File.AppendAllText(file, "34\n");
        }

        Assert.Equal([["INV-1", "A", "1"]], rows);
        Assert.NotNull(reader.Changed);
    }

    [Fact]
    public async Task OpenAsync_FileWrittenAgainAfterItWasFound_NoRowsAndSaysItChanged()
    {
        var file = drop.Drop("export.csv", Content);
        var unit = await drop.SingleUnitAsync();
        File.AppendAllText(file, "INV-2,B,2\n");

        using var reader = await unit.OpenAsync(null, CancellationToken.None);

        Assert.Empty(reader.Rows);
        Assert.StartsWith("it grew from ", reader.Changed, StringComparison.Ordinal);
        Assert.Null(reader.Problem);
    }

    [Fact]
    public async Task OpenAsync_FileReadWhole_NothingChanged()
    {
        drop.Drop("export.csv", Content + "INV-2,B,2");
        var unit = await drop.SingleUnitAsync();
        using var reader = await unit.OpenAsync(null, CancellationToken.None);

        Assert.Equal(2, reader.Rows.Count());
        Assert.Null(reader.Changed);
    }

    [Fact]
    public async Task DiscoverAsync_DanglingLink_AUnitWhoseReaderSaysWhyAndThatStaysWhereItIs()
    {
        var link = Path.Combine(drop.Path, "export.csv");
        File.CreateSymbolicLink(link, Path.Combine(drop.Path, "gone.csv"));

        var unit = await drop.SingleUnitAsync();
        using var reader = await unit.OpenAsync(null, CancellationToken.None);
        await unit.SetAsideAsync(CancellationToken.None);

        Assert.Equal($"cannot be read: a symbolic link to '{Path.Combine(drop.Path, "gone.csv")}', which does not exist", reader.Problem);
        Assert.Equal(("csv:invoices:entry:export.csv", "export.csv"), (unit.CheckpointKey, unit.KeptAs));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public async Task SetAsideAsync_FileThatFailedAsAWhole_KeptInArchiveUnderTheNameItsLetterRecords()
    {
        var file = drop.Drop("OPEN_ITEMS_1.csv", Content);
        var unit = await drop.SingleUnitAsync();
        var hashPrefix = unit.CheckpointKey["csv:invoices:".Length..][..12];

        await unit.SetAsideAsync(CancellationToken.None);

        Assert.Equal($"archive/OPEN_ITEMS_1_{hashPrefix}.csv", unit.KeptAs);
        Assert.False(File.Exists(file));
        Assert.Equal(Content, File.ReadAllText(Path.Combine(drop.Path, unit.KeptAs!)));
        var kept = await drop.Source.FindKeptAsync("invoices", DropFolder.Spec(), "OPEN_ITEMS_1.csv", unit.KeptAs!, CancellationToken.None);
        Assert.Equal((unit.CheckpointKey, "OPEN_ITEMS_1.csv", unit.KeptAs), (kept!.CheckpointKey, kept.Name, kept.KeptAs));
        Assert.Null(await drop.Source.FindKeptAsync("invoices", DropFolder.Spec(), "x.csv", "../../etc/passwd", CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_UnknownEncoding_FileProblemNamesIt()
    {
        var read = await drop.ReadAsync(Content, DropFolder.Spec(encoding: "ebcdic"));

        Assert.Equal("unknown encoding 'ebcdic': use utf-8, utf-16, windows-1252 or iso-8859-1", read.Problem);
    }
}
