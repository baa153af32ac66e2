using System.Text;
using Connector.Mapping.Canonical;
using Connector.Sync.Ingest;
using Connector.Sync.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Connector.Sync.Tests.Ingest;

/// <summary>
/// A re-ingest recognises unchanged rows by their hash from the file's text in place (no strings, no record). It must count
/// and store exactly what mapping every row as strings does: the changed rows marked changed, the rest left byte for byte
/// (hash, values, source and updated_at), the same dead letters — and so must mapping the rows ahead on a second thread
/// (decision 130) against mapping them on the ingest loop's own.
/// </summary>
public sealed class InPlaceReingestTests
{
    [Fact]
    public async Task RunAsync_ExportAgainWithSomeRowsChanged_MarksExactlyThoseAndLeavesTheRestOfTheStoreByteIdentical()
    {
        var mappings = IngestBench.LoadMappings(RepositoryPaths.Mappings);
        await using var inPlace = await IngestBench.CreateAsync(mappings);
        await using var strings = await IngestBench.CreateAsync(mappings);
        await using var oneThread = await IngestBench.CreateAsync(mappings);
        var ledgerFile = Directory.GetFiles(RepositoryPaths.SampleErpExport, "CUST_LEDGER_ENTRIES_*.csv").Single();
        foreach (var bench in (IngestBench[])[inPlace, strings, oneThread])
        {
            foreach (var name in (string[])["COLLECTORS_*.csv", "CUSTOMERS_*.csv", "CUST_LEDGER_ENTRIES_*.csv"])
            {
                var file = Directory.GetFiles(RepositoryPaths.SampleErpExport, name).Single();
                File.Copy(file, Path.Combine(bench.DropFolder, Path.GetFileName(file)));
            }
        }

        await IngestAsync(inPlace, inPlaceRows: true);
        await IngestAsync(strings, inPlaceRows: false, mapAhead: false);
        await IngestAsync(oneThread, inPlaceRows: true, mapAhead: false);
        var before = await LedgerRowsAsync(inPlace);
        var (export, changedKeys) = ExportAgain(File.ReadAllLines(ledgerFile, Encoding.UTF8));
        inPlace.Drop("CUST_LEDGER_ENTRIES_20261117.csv", export);
        strings.Drop("CUST_LEDGER_ENTRIES_20261117.csv", export);
        oneThread.Drop("CUST_LEDGER_ENTRIES_20261117.csv", export);

        var fast = (await IngestAsync(inPlace, inPlaceRows: true)).Single(e => e.Entity == CanonicalEntity.Invoices);
        var slow = (await IngestAsync(strings, inPlaceRows: false, mapAhead: false)).Single(e => e.Entity == CanonicalEntity.Invoices);
        var single = (await IngestAsync(oneThread, inPlaceRows: true, mapAhead: false)).Single(e => e.Entity == CanonicalEntity.Invoices);

        Assert.Equal(changedKeys.Count, fast.Changed);
        Assert.Equal(1, fast.New);
        Assert.Equal(2, fast.Quarantined);
        Assert.Equal((slow.Read, slow.New, slow.Changed, slow.Unchanged, slow.Quarantined, slow.Filtered), (fast.Read, fast.New, fast.Changed, fast.Unchanged, fast.Quarantined, fast.Filtered));
        Assert.True(fast.Unchanged > 6_000, $"only {fast.Unchanged} unchanged");
        Assert.Equal(fast.Unchanged, fast.UnchangedInPlace);
        Assert.Equal(0, slow.UnchangedInPlace);
        Assert.Equal((single.Read, single.New, single.Changed, single.Unchanged, single.UnchangedInPlace, single.Quarantined, single.Filtered),
            (fast.Read, fast.New, fast.Changed, fast.Unchanged, fast.UnchangedInPlace, fast.Quarantined, fast.Filtered));

        var after = await LedgerRowsAsync(inPlace);
        Assert.Equal(
            (await LedgerRowsAsync(strings)).Select(static r => (r.Key, r.Entity, r.Hash, r.Values, r.Source)),
            after.Select(static r => (r.Key, r.Entity, r.Hash, r.Values, r.Source)));
        var previous = before.ToDictionary(static r => (r.Entity, r.Key));
        var rewritten = after.Where(r => !previous.TryGetValue((r.Entity, r.Key), out var was) || was != r).Select(static r => r.Key).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(changedKeys.Append("INV-NEW-000001").Order(StringComparer.Ordinal), rewritten.Order(StringComparer.Ordinal));
        Assert.All(changedKeys, key => Assert.NotEqual(previous[("invoices", key)].Hash, after.Single(r => r.Key == key).Hash));
        Assert.Equal(
            (await oneThread.AllDeadLettersAsync()).Select(static l => (l.Line, l.Key, l.Reason)),
            (await inPlace.AllDeadLettersAsync()).Select(static l => (l.Line, l.Key, l.Reason)));
        Assert.Equal(
            (await strings.AllDeadLettersAsync()).Select(static l => (l.Line, l.Key, l.Reason, l.Raw.Values is { } v ? string.Join(';', v) : null, l.Raw.Text)),
            (await inPlace.AllDeadLettersAsync()).Select(static l => (l.Line, l.Key, l.Reason, l.Raw.Values is { } v ? string.Join(';', v) : null, l.Raw.Text)));
        Assert.Equal(
            (await oneThread.AllDeadLettersAsync()).Select(static l => (l.Line, l.Key, l.Reason, l.Raw.Values is { } v ? string.Join(';', v) : null, l.Raw.Text)),
            (await inPlace.AllDeadLettersAsync()).Select(static l => (l.Line, l.Key, l.Reason, l.Raw.Values is { } v ? string.Join(';', v) : null, l.Raw.Text)));
    }

    private static async Task<IReadOnlyList<EntityIngestResult>> IngestAsync(IngestBench bench, bool inPlaceRows, bool mapAhead = true)
    {
        var runner = bench.Runner(source: inPlaceRows ? null : static s => new StringRowsSource(s), mapAhead: mapAhead);
        var report = await runner.RunAsync(null, null, CancellationToken.None);
        Assert.All(report.Entities, static e => Assert.True(e.Balances, $"{e.Entity} does not balance"));
        return report.Entities;
    }

    /// <summary>
    /// The sample export again, as the next day's export: every row's Last Modified (no mapping reads it) moved; every 50th
    /// plain invoice's External Document No. (po_number) changed; rows whose difference mapping removes (a padded customer
    /// number, a lower-case currency, a quoted description with doubled quotes); an impossible due date; a new invoice; and
    /// an earlier row repeated at the end (a duplicate key).
    /// </summary>
    private static (string Export, List<string> ChangedKeys) ExportAgain(string[] lines)
    {
        var output = new List<string> { lines[0] };
        var changed = new List<string>();
        var plain = 0;
        string? repeated = null;
        string? added = null;
        foreach (var line in lines.Skip(1).Where(static l => l.Length > 0))
        {
            var moved = line[..line.LastIndexOf(';')] + ";17.11.2026 06:00:00";
            var fields = moved.Split(';');
            if (line.Contains('"', StringComparison.Ordinal) || fields[3] is not ("Invoice" or "Credit Memo"))
            {
                output.Add(moved);
                continue;
            }

            plain++;
            switch (plain)
            {
                case 2:
                    repeated = moved;
                    break;
                case 3:
                    fields[5] = "  " + fields[5] + " ";
                    break;
                case 5:
                    fields[9] = fields[9].ToLowerInvariant();
                    break;
                case 7:
                    fields[7] = "\"Invoice \"\"quoted\"\"; text\"";
                    break;
                case 9:
                    fields[12] = "31.02.2026";
                    break;
                case 11:
                    var copy = (string[])fields.Clone();
                    copy[0] = "999001";
                    copy[4] = "INV-NEW-000001";
                    added = string.Join(';', copy);
                    break;
                case var n when n % 50 == 0:
                    fields[8] = "PO-CHANGED-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    changed.Add(fields[4].Trim().ToUpperInvariant());
                    break;
            }

            output.Add(string.Join(';', fields));
        }

        output.Add(added!);
        output.Add(repeated!);
        return (string.Join("\r\n", output) + "\r\n", changed);
    }

    private sealed record LedgerRow(string Entity, string Key, string Hash, string Values, string? Source, string UpdatedAt);

    private static async Task<List<LedgerRow>> LedgerRowsAsync(IngestBench bench)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = bench.DatabaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT entity, key, hex(row_hash), field_values, source, updated_at FROM ledger ORDER BY entity, key";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<LedgerRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5)));
        }

        return rows;
    }
}
