using System.Text;
using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Sync.Ingest;
using Connector.Sync.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Connector.Sync.Tests.Ingest;

/// <summary>
/// Decision 139: a re-ingest finds a row whose raw columns (those its mapping reads) and mapping file are those its stored record
/// was mapped from by the row's source hash, and counts it unchanged without mapping it. What lands, changes and is quarantined
/// must be exactly what mapping every row gives; a changed mapping file maps every row again; rows stored without a source hash
/// are mapped (and get one); open letters are still superseded.
/// </summary>
public sealed class SourceHashReingestTests
{
    private const string LedgerFile = "CUST_LEDGER_ENTRIES_20261116.csv";

    [Fact]
    public async Task RunAsync_ExportAgainWithOnlyUnmappedColumnsChanged_FindsTheUnchangedRowsWithoutMappingThemAndStoresWhatMappingEveryRowStores()
    {
        var mappings = IngestBench.LoadMappings(RepositoryPaths.Mappings);
        await using var bySource = await IngestBench.CreateAsync(mappings);
        await using var mapped = await IngestBench.CreateAsync(mappings);
        foreach (var bench in (IngestBench[])[bySource, mapped])
        {
            DropSample(bench);
            await RunAsync(bench, compare: true);
        }

        var (export, changed) = ExportAgain(SampleLines(), poEvery: 40);
        bySource.Drop("CUST_LEDGER_ENTRIES_20261117.csv", export);
        mapped.Drop("CUST_LEDGER_ENTRIES_20261117.csv", export);

        var fast = await RunAsync(bySource, compare: true);
        var slow = await RunAsync(mapped, compare: false);

        Assert.True(fast.Changed > changed / 2, $"{fast.Changed} changed of {changed} rows given another PO number");
        Assert.Equal((slow.Read, slow.New, slow.Changed, slow.Unchanged, slow.Quarantined, slow.Filtered), (fast.Read, fast.New, fast.Changed, fast.Unchanged, fast.Quarantined, fast.Filtered));
        Assert.True(fast.Unchanged > 6_000, $"only {fast.Unchanged} unchanged");
        Assert.Equal(fast.Unchanged, fast.UnchangedAtSource);
        Assert.Equal(0, slow.UnchangedAtSource);
        Assert.Equal(await LedgerRowsAsync(mapped, withTime: false), await LedgerRowsAsync(bySource, withTime: false));
        Assert.Equal(
            (await mapped.AllDeadLettersAsync()).Select(static l => (l.Line, l.Key, l.Reason, l.Status)),
            (await bySource.AllDeadLettersAsync()).Select(static l => (l.Line, l.Key, l.Reason, l.Status)));
    }

    [Fact]
    public async Task RunAsync_MappingFileChanged_MapsEveryRowAgainAndLandsWhatTheNewMappingMakes()
    {
        var before = IngestBench.LoadMappings(RepositoryPaths.Mappings);
        var after = ShippedMappingsWith(static json => json.Replace(
            "\"po_number\":     { \"column\": \"External Document No.\"", "\"po_number\":     { \"column\": \"Description\"", StringComparison.Ordinal));
        await using var changedMapping = await IngestBench.CreateAsync(before);
        await using var fresh = await IngestBench.CreateAsync(after);
        DropSample(changedMapping);
        DropSample(fresh);
        await RunAsync(changedMapping, compare: true);
        await RunAsync(fresh, compare: true);

        changedMapping.UseMappings(after);
        changedMapping.Drop("CUST_LEDGER_ENTRIES_20261117.csv", ExportAgain(SampleLines(), poEvery: 0).Export);
        var again = await RunAsync(changedMapping, compare: true);

        Assert.Equal(0, again.UnchangedAtSource);
        Assert.True(again.Changed > 6_000, $"only {again.Changed} changed");
        Assert.Equal(
            (await fresh.RecordsAsync(CanonicalEntity.Invoices)).Select(static r => (r.Key, string.Join('|', r.Values))),
            (await changedMapping.RecordsAsync(CanonicalEntity.Invoices)).Select(static r => (r.Key, string.Join('|', r.Values))));
    }

    [Fact]
    public async Task RunAsync_MappingFileChangedWithoutChangingWhatItMakes_WritesOnlyTheSourceHashesAndTheNextExportIsFoundBySourceHash()
    {
        var before = IngestBench.LoadMappings(RepositoryPaths.Mappings);
        var after = ShippedMappingsWith(static json => json.Replace("\"trim\"]", "\"trim\", \"trim\"]", StringComparison.Ordinal));
        await using var bench = await IngestBench.CreateAsync(before);
        DropSample(bench);
        await RunAsync(bench, compare: true);
        var stored = await LedgerRowsAsync(bench);

        bench.UseMappings(after);
        bench.Drop("CUST_LEDGER_ENTRIES_20261117.csv", ExportAgain(SampleLines(), poEvery: 0).Export);
        var remapped = await RunAsync(bench, compare: true);
        bench.Drop("CUST_LEDGER_ENTRIES_20261118.csv", ExportAgain(SampleLines(), poEvery: 0, lastModified: "18.11.2026 06:00:00").Export);
        var third = await RunAsync(bench, compare: true);

        Assert.Equal(0, remapped.Landed);
        Assert.Equal(0, remapped.UnchangedAtSource);
        Assert.True(remapped.Unchanged > 6_000, $"only {remapped.Unchanged} unchanged");
        Assert.Equal(stored, await LedgerRowsAsync(bench));
        Assert.Equal(0, third.Landed);
        Assert.Equal(remapped.Unchanged, third.UnchangedAtSource);
    }

    [Fact]
    public async Task RunAsync_RowsStoredWithoutSourceHash_AreMappedOnceGetTheirSourceHashAndAreThenFoundByIt()
    {
        await using var bench = await IngestBench.CreateAsync(IngestBench.LoadMappings(RepositoryPaths.Mappings));
        DropSample(bench);
        await RunAsync(bench, compare: true);
        var stored = await LedgerRowsAsync(bench);

        // As the ledger is after store migration 0020 added the column to rows an older release stored.
        await using (var connection = new SqliteConnection($"Data Source={bench.DatabaseFile};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var clear = connection.CreateCommand();
            clear.CommandText = "UPDATE ledger SET source_hash = NULL";
            Assert.True(await clear.ExecuteNonQueryAsync() > 6_000);
        }

        bench.Drop("CUST_LEDGER_ENTRIES_20261117.csv", ExportAgain(SampleLines(), poEvery: 0).Export);
        var mapped = await RunAsync(bench, compare: true);
        Assert.Equal(0, await CountAsync(bench, "SELECT COUNT(*) FROM ledger WHERE entity = 'invoices' AND source_hash IS NULL"));
        bench.Drop("CUST_LEDGER_ENTRIES_20261118.csv", ExportAgain(SampleLines(), poEvery: 0, lastModified: "18.11.2026 06:00:00").Export);
        var found = await RunAsync(bench, compare: true);

        Assert.Equal(0, mapped.UnchangedAtSource);
        Assert.Equal(0, mapped.Landed);
        Assert.True(mapped.Unchanged > 6_000, $"only {mapped.Unchanged} unchanged");
        Assert.Equal(mapped.Unchanged, found.UnchangedAtSource);
        Assert.Equal(0, found.Landed);
        Assert.Equal(stored, await LedgerRowsAsync(bench));
    }

    [Fact]
    public async Task RunAsync_RowUnchangedAtSourceWhoseKeyHasAnOpenLetter_LandsTheOrdinaryWayAndSupersedesTheLetter()
    {
        await using var bench = await IngestBench.CreateAsync(IngestBench.LoadMappings(RepositoryPaths.Mappings));
        DropSample(bench);
        await RunAsync(bench, compare: true);
        var lines = SampleLines();
        var row = Array.FindIndex(lines, static l => l.Contains(";Invoice;", StringComparison.Ordinal) && !l.Contains('"', StringComparison.Ordinal));
        var fields = lines[row].Split(';');
        var key = fields[4];

        // The next export has that invoice with an amount no mapping reads as a number: quarantined under its key.
        var bad = (string[])fields.Clone();
        bad[10] = "12,34,56";
        bench.DropLines("CUST_LEDGER_ENTRIES_20261117.csv", lines[0], string.Join(';', bad));
        var quarantined = await RunAsync(bench, compare: true);
        Assert.Equal(1, quarantined.Quarantined);
        Assert.Contains(await bench.DeadLettersAsync(CanonicalEntity.Invoices), l => l.Key == key);

        // The one after has it exactly as first stored: found by its source hash, but its open letter is superseded.
        bench.DropLines("CUST_LEDGER_ENTRIES_20261118.csv", lines[0], lines[row]);
        var again = await RunAsync(bench, compare: true);

        Assert.Equal(1, again.Unchanged);
        Assert.Equal(0, again.UnchangedAtSource);
        var letter = Assert.Single(await bench.AllDeadLettersAsync(CanonicalEntity.Invoices), l => l.Key == key);
        Assert.Equal(Ports.DeadLetterStatus.Resolved, letter.Status);
        Assert.Contains("superseded by CUST_LEDGER_ENTRIES_20261118.csv line 2", letter.Reason, StringComparison.Ordinal);
    }

    private static async Task<EntityIngestResult> RunAsync(IngestBench bench, bool compare)
    {
        var report = await bench.Runner(mapAhead: false, compareSourceHashes: compare).RunAsync(null, null, CancellationToken.None);
        Assert.All(report.Entities, static e => Assert.True(e.Balances, $"{e.Entity} does not balance"));
        return report.Entities.Single(static e => e.Entity == CanonicalEntity.Invoices);
    }

    private static void DropSample(IngestBench bench)
    {
        foreach (var name in (string[])["COLLECTORS_*.csv", "CUSTOMERS_*.csv", "CUST_LEDGER_ENTRIES_*.csv"])
        {
            var file = Directory.GetFiles(RepositoryPaths.SampleErpExport, name).Single();
            File.Copy(file, Path.Combine(bench.DropFolder, Path.GetFileName(file)));
        }
    }

    private static string[] SampleLines() => File.ReadAllLines(Path.Combine(RepositoryPaths.SampleErpExport, LedgerFile), Encoding.UTF8);

    /// <summary>The shipped mappings with invoices.json's text changed by <paramref name="change"/> (which must change it).</summary>
    private static MappingSet ShippedMappingsWith(Func<string, string> change)
    {
        var files = new List<(string File, string Json)>();
        foreach (var file in Directory.GetFiles(RepositoryPaths.Mappings, "*.json").Where(static f => !f.EndsWith(MappingLoader.SchemaFileName, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var json = File.ReadAllText(file);
            if (Path.GetFileName(file) == "invoices.json")
            {
                var changed = change(json);
                Assert.NotEqual(json, changed);
                json = changed;
            }

            files.Add((file, json));
        }

        return IngestBench.LoadMappings([.. files]);
    }

    /// <summary>
    /// The sample export as the next day's: every row's Last Modified (no mapping reads it) moved; every <paramref name="poEvery"/>-th
    /// plain invoice's External Document No. changed (none when 0). Returns how many rows were changed.
    /// </summary>
    private static (string Export, int Changed) ExportAgain(string[] lines, int poEvery, string lastModified = "17.11.2026 06:00:00")
    {
        var output = new StringBuilder(lines[0]).Append('\n');
        var changed = 0;
        var plain = 0;
        foreach (var line in lines.Skip(1).Where(static l => l.Length > 0))
        {
            var moved = line[..line.LastIndexOf(';')] + ";" + lastModified;
            var fields = moved.Split(';');
            if (poEvery > 0 && !line.Contains('"', StringComparison.Ordinal) && fields[3] is "Invoice" or "Credit Memo" && ++plain % poEvery == 0)
            {
                fields[8] = "PO-CHANGED-" + plain.ToString(System.Globalization.CultureInfo.InvariantCulture);
                changed++;
                moved = string.Join(';', fields);
            }

            output.Append(moved).Append('\n');
        }

        return (output.ToString(), changed);
    }

    /// <summary>Every ledger row as text (its time only when <paramref name="withTime"/>: two stores land at different times).</summary>
    private static async Task<List<string>> LedgerRowsAsync(IngestBench bench, bool withTime = true)
    {
        var rows = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={bench.DatabaseFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT entity, key, hex(row_hash), field_values, source, source_line{(withTime ? ", updated_at" : "")} FROM ledger ORDER BY entity, key";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('\u001f', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "<null>" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private static async Task<long> CountAsync(IngestBench bench, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={bench.DatabaseFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
