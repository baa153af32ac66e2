using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Connector.Benchmarks.Data;
using Connector.Erp.Csv;
using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Mapping.Rows;
using Connector.Store;
using Connector.Store.Postgres;
using Connector.Sync.Ingest;
using Connector.Sync.Ports;
using Connector.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using nietras.SeparatedValues;
using Npgsql;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// Issue 3 §8: a large ERP ledger export ingested through the shipped mappings into a fresh store, beside the
/// database's own bulk load of the same file into a bare table; then the same data again (another file, zero
/// writes) and the byte-identical file (skipped by its content hash). SQLite always, PostgreSQL with --postgres.
/// </summary>
internal static class IngestRun
{
    private const string SampleDate = "20261116";
    private const string BaseFile = "CUST_LEDGER_ENTRIES_20261117.csv";
    private const string ChangedFile = "CUST_LEDGER_ENTRIES_20261118.csv";
    private const string AgainFile = "CUST_LEDGER_ENTRIES_20261119.csv";
    private const double IngestGoal = 250_000;
    private const double RatioGoal = 2;
    private const double ReingestGoal = 1_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = EvaluationRun.Arg(args, "--rows", 1_000_000);
        Options = new IngestOptions { BatchSize = EvaluationRun.Arg(args, "--batch-size", new IngestOptions().BatchSize), MapAhead = args.Contains("--map-ahead") };
        var root = RepositoryRoot();
        var samples = Path.Combine(root, "samples", "erp");
        Console.WriteLine($"Ingest: {rows:N0} invoice rows, {Options.BatchSize:N0} rows per transaction, {(Options.MapAhead ? "rows mapped ahead on a second thread (--map-ahead)" : "rows mapped on the ingest loop's thread")}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        using var work = new TempDirectory("connector-bench-ingest-");
        var cases = new List<Case>();
        if (!args.Contains("--sap-only"))
        {
            var mappingsFolder = Path.Combine(root, "mappings");
            DescribeTransforms(Path.Combine(mappingsFolder, "invoices.json"));
            var ledgerSample = Path.Combine(samples, $"CUST_LEDGER_ENTRIES_{SampleDate}.csv");
            var shipped = NewCase("shipped mappings", mappingsFolder, work.Path, "shipped", BaseFile, ChangedFile, AgainFile,
                [Path.Combine(samples, $"COLLECTORS_{SampleDate}.csv"), Path.Combine(samples, $"CUSTOMERS_{SampleDate}.csv")],
                ErpLedgerExport.Columns(ledgerSample), rows, null);
            var watch = Stopwatch.StartNew();
            var bytes = ErpLedgerExport.Write(ledgerSample, shipped.Base, rows);
            ErpLedgerExport.Write(ledgerSample, shipped.Changed, rows, lastModified: "18.11.2026 06:00:00");
            ErpLedgerExport.Write(ledgerSample, shipped.Mapped, rows, lastModified: "18.11.2026 05:00:00");
            Console.WriteLine($"generated {BaseFile} ({bytes / (1024.0 * 1024.0):F0} MB, the sample's invoices and credit memos repeated with fresh numbers) and {ChangedFile} (same rows, every Last Modified changed) in {watch.Elapsed.TotalSeconds:F1} s");
            cases.Add(shipped);
        }

        if (!args.Contains("--shipped-only"))
        {
            var sapFolder = Path.Combine(root, "mappings", "examples", "sap-fi-ar");
            var customers = Path.Combine(sapFolder, "sample", "KNA1_KNKK_20261130.csv");
            var sap = NewCase("SAP example", sapFolder, work.Path, "sap", SapBaseFile, SapChangedFile, SapAgainFile, [customers],
                SapOpenItemExport.Columns(), rows, "WIN1252");
            var watch = Stopwatch.StartNew();
            var bytes = SapOpenItemExport.Write(customers, sap.Base, rows);
            SapOpenItemExport.Write(customers, sap.Changed, rows, postingDate: "01.12.2026");
            SapOpenItemExport.Write(customers, sap.Mapped, rows, postingDate: "30.11.2026");
            Console.WriteLine($"generated {SapBaseFile} ({bytes / (1024.0 * 1024.0):F0} MB, Windows-1252 BSID open items: 1.234,56, S/H, ZFBDT + ZBD1T, KUNNR with leading zeros) and {SapChangedFile} (every BUDAT changed, no mapping reads it) in {watch.Elapsed.TotalSeconds:F1} s");
            cases.Add(sap);
        }

        foreach (var c in cases)
        {
            Console.WriteLine();
            Console.WriteLine($"=== {c.Name} ({Path.GetRelativePath(root, c.MappingsFolder)}), load average {LoadAverage()}");
            var load = MappingLoader.LoadDirectory(c.MappingsFolder);
            if (!load.IsValid)
            {
                Console.Error.WriteLine(string.Join(Environment.NewLine, load.Problems));
                return 1;
            }

            var mappings = load.Mappings!;
            if (!args.Contains("--no-tokenizers"))
            {
                await TokenizersAsync(mappings, c).ConfigureAwait(false);
            }
            if (args.Contains("--parts"))
            {
                await TimePartsAsync(mappings, c).ConfigureAwait(false);
            }

            if (!args.Contains("--postgres-only"))
            {
                await MeasureAsync("SQLite", new StoreOptions { DataDirectory = Path.Combine(work.Path, c.Key, "sqlite") }, mappings, c,
                    file => SqliteImportAsync(Path.Combine(work.Path, c.Key, "baseline.db"), file, c)).ConfigureAwait(false);
            }

            if (args.Contains("--postgres") || args.Contains("--postgres-only"))
            {
                var cluster = new PostgresCluster();
                await cluster.InitializeAsync().ConfigureAwait(false);
                try
                {
                    var connectionString = await cluster.CreateDatabaseAsync("ingest_bench").ConfigureAwait(false);
                    var baseline = await cluster.CreateDatabaseAsync("copy_baseline").ConfigureAwait(false);
                    await MeasureAsync("PostgreSQL", new StoreOptions { Provider = StoreOptions.PostgreSql, ConnectionString = connectionString }, mappings, c,
                        file => PsqlCopyAsync(baseline, file, c)).ConfigureAwait(false);

                    // Decision 140: the first load through the staging table and one INSERT … ON CONFLICT per batch, beside COPY straight
                    // into the ledger above, each against its own \copy in the same run.
                    var staged = await cluster.CreateDatabaseAsync("ingest_bench_stage").ConfigureAwait(false);
                    await MeasureAsync("PostgreSQL-stage", new StoreOptions { Provider = StoreOptions.PostgreSql, ConnectionString = staged }, mappings, c,
                        file => PsqlCopyAsync(baseline, file, c), static store => ((PostgresConnectorStore)store).FirstLoadThroughStage = true, firstOnly: true).ConfigureAwait(false);
                }
                finally
                {
                    await cluster.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        Console.WriteLine($"peak working set of the whole run {TimedRun.PeakWorkingSetMegabytes():F0} MB; load average at the end {LoadAverage()}");
        return 0;
    }

    /// <summary>The ingest settings of every timed run: the defaults, or <c>--batch-size N</c>.</summary>
    private static IngestOptions Options { get; set; } = new();

    private const string SapBaseFile = "BSID_20261201.csv";
    private const string SapChangedFile = "BSID_20261202.csv";
    private const string SapAgainFile = "BSID_20261203.csv";

    /// <summary>
    /// One export and the mappings that read it: the file, the same rows with an unmapped column changed (twice, differently: one
    /// re-ingest mapping every row, the baseline, one finding rows by their source hash), the setup files (customers).
    /// </summary>
    private sealed record Case(string Name, string Key, string MappingsFolder, string Work, string Base, string Changed, string BaseName, string ChangedName, string AgainName,
        string[] Setup, string[] Columns, int Rows, string? PsqlEncoding)
    {
        /// <summary>The same rows with the unmapped column changed another way: re-ingested with every row mapped (the baseline).</summary>
        public string Mapped => Path.Combine(Work, "changed", MappedName);

        public string MappedName => Path.GetFileNameWithoutExtension(ChangedName) + "_mapped.csv";
    }

    private static Case NewCase(string name, string mappingsFolder, string work, string key, string baseName, string changedName, string againName, string[] setup, string[] columns, int rows, string? psqlEncoding)
    {
        var folder = Path.Combine(work, key);
        Directory.CreateDirectory(Path.Combine(folder, "base"));
        Directory.CreateDirectory(Path.Combine(folder, "changed"));
        return new(name, key, mappingsFolder, folder, Path.Combine(folder, "base", baseName), Path.Combine(folder, "changed", changedName), baseName, changedName, againName,
            setup, columns, rows, psqlEncoding);
    }

    private static async Task MeasureAsync(string name, StoreOptions options, MappingSet mappings, Case files, Func<string, Task<TimeSpan>> baseline, Action<IConnectorStore>? configure = null, bool firstOnly = false)
    {
        var drop = Path.Combine(files.Work, "drop-" + name.ToLowerInvariant());
        Directory.CreateDirectory(drop);
        await using var store = await ConnectorStoreFactory.OpenAsync(options, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        configure?.Invoke(store);
        Console.WriteLine();
        Console.WriteLine($"{name} ({store.Description.Split(' ')[0]}, {(configure is null ? "default settings" : "first load through the staging table")}), {files.Name}, load average {LoadAverage()}");

        // The customers the invoices name (and their collectors) must be in the ledger for the reference check.
        foreach (var setupFile in files.Setup)
        {
            File.Copy(setupFile, Path.Combine(drop, Path.GetFileName(setupFile)));
        }

        var setup = await IngestAsync(store, drop, mappings, [CanonicalEntity.Collectors, CanonicalEntity.Customers]).ConfigureAwait(false);
        Console.WriteLine($"  not timed: sample collectors and customers ingested first ({string.Join(", ", setup.Report.Entities.Select(e => $"{e.Landed} {e.Entity.ToString().ToLowerInvariant()}"))})");

        File.Copy(files.Base, Path.Combine(drop, files.BaseName));
        var first = await IngestAsync(store, drop, mappings, [CanonicalEntity.Invoices]).ConfigureAwait(false);
        var invoices = first.Invoices;
        var rate = invoices.Read / first.Elapsed.TotalSeconds;
        var ledgerCount = await store.CountRecordsAsync(CanonicalEntity.Invoices, CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine($"  ingest {files.BaseName}: {first.Elapsed.TotalSeconds:F2} s = {rate:N0} rows/s; {Counts(invoices)}; ledger holds {ledgerCount:N0} invoices");
        GoalAtLeast("ingest rate", rate, IngestGoal, "rows/s");

        var bulk = await baseline(files.Base).ConfigureAwait(false);
        var ratio = first.Elapsed / bulk;
        Console.WriteLine($"  ours / baseline: {first.Elapsed.TotalSeconds:F2} s / {bulk.TotalSeconds:F2} s = {ratio:F2}× / goal ≤ {RatioGoal:F0}× — {(ratio <= RatioGoal ? "MET" : "MISSED")}");
        if (firstOnly)
        {
            return;
        }

        // Baseline in the same run: the same kind of re-ingest with every row mapped (Ingest:CompareSourceHashes off, as before decision 139).
        File.Copy(files.Mapped, Path.Combine(drop, files.MappedName));
        var everyRow = await IngestAsync(store, drop, mappings, [CanonicalEntity.Invoices], new IngestOptions { BatchSize = Options.BatchSize, MapAhead = Options.MapAhead, CompareSourceHashes = false }).ConfigureAwait(false);
        var mappedRate = everyRow.Invoices.Read / everyRow.Elapsed.TotalSeconds;
        Console.WriteLine($"  baseline: re-ingest of the same rows in {files.MappedName} with every row mapped (Ingest:CompareSourceHashes false): {everyRow.Elapsed.TotalSeconds:F2} s = {mappedRate:N0} rows/s; {Counts(everyRow.Invoices)}");

        File.Copy(files.Changed, Path.Combine(drop, files.ChangedName));
        var again = await IngestAsync(store, drop, mappings, [CanonicalEntity.Invoices]).ConfigureAwait(false);
        var unchanged = again.Invoices;
        var written = unchanged.Landed + unchanged.Quarantined;
        var reRate = unchanged.Read / again.Elapsed.TotalSeconds;
        Console.WriteLine($"  re-ingest of the same rows in {files.ChangedName} (only an unmapped column differs), rows found by source hash: {again.Elapsed.TotalSeconds:F2} s = {reRate:N0} rows/s; {Counts(unchanged)}, of them not mapped {unchanged.UnchangedAtSource:N0}; rows written {written:N0}");
        Console.WriteLine($"  found by source hash / every row mapped: {again.Elapsed.TotalSeconds:F2} s / {everyRow.Elapsed.TotalSeconds:F2} s = {again.Elapsed / everyRow.Elapsed:F2}×");
        GoalAtLeast("re-ingest rate", reRate, ReingestGoal, "rows/s");

        File.Copy(files.Base, Path.Combine(drop, files.AgainName));
        var identical = await IngestAsync(store, drop, mappings, [CanonicalEntity.Invoices]).ConfigureAwait(false);
        Console.WriteLine($"  byte-identical file dropped again as {files.AgainName}: {identical.Elapsed.TotalSeconds:F2} s, skipped by its content hash ({identical.Invoices.AlreadyIngested.Count} file(s) already ingested, {identical.Invoices.Read} rows read)");
        Console.WriteLine($"  peak working set so far {TimedRun.PeakWorkingSetMegabytes():F0} MB; load average {LoadAverage()}");
    }

    private static async Task<(IngestReport Report, TimeSpan Elapsed, EntityIngestResult Invoices)> IngestAsync(IConnectorStore store, string drop, MappingSet mappings, CanonicalEntity[] entities, IngestOptions? options = null)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var runner = new IngestRunner(store, new CsvDropSource(drop, TimeSpan.Zero, TimeProvider.System), mappings, options ?? Options, NullLogger<IngestRunner>.Instance);
        var paused = GC.GetTotalPauseDuration();
        var fullCollections = GC.CollectionCount(2);
        var watch = Stopwatch.StartNew();
        var report = await runner.RunAsync(entities, null, CancellationToken.None).ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        Pauses = (GC.GetTotalPauseDuration() - paused, GC.CollectionCount(2) - fullCollections);
        return (report, elapsed, report.Entities[^1]);
    }

    /// <summary>The garbage collector's pauses during the last timed ingest and how many were full collections.</summary>
    private static (TimeSpan Paused, int Full) Pauses { get; set; }

    private static string Counts(EntityIngestResult r) =>
        $"GC pauses {Pauses.Paused.TotalSeconds:F2} s ({Pauses.Full} full); read {r.Read:N0}, new {r.New:N0}, changed {r.Changed:N0}, unchanged {r.Unchanged:N0}, quarantined {r.Quarantined:N0}, filtered {r.Filtered:N0}";

    private static void GoalAtLeast(string figure, double measured, double goal, string unit) =>
        Console.WriteLine($"  {figure}: {measured:N0} {unit} / goal ≥ {goal:N0} {unit} = {measured / goal:P0} of goal — {(measured >= goal ? "MET" : "MISSED")}");

    /// <summary><c>sqlite3</c>'s <c>.import</c> of the file into a bare table of its columns (CSV mode, so quoted fields split right).</summary>
    private static async Task<TimeSpan> SqliteImportAsync(string database, string file, Case files)
    {
        var columns = string.Join(", ", files.Columns.Select(c => $"\"{c}\" TEXT"));
        await ExternalProcess.RunAsync("sqlite3", [database, $"CREATE TABLE t ({columns})"]).ConfigureAwait(false);
        var (elapsed, output) = await ExternalProcess.RunAsync("sqlite3", ["-csv", "-separator", ";", database, $".import --skip 1 \"{file}\" t"]).ConfigureAwait(false);
        var (_, count) = await ExternalProcess.RunAsync("sqlite3", [database, "SELECT count(*) FROM t"]).ConfigureAwait(false);
        var (_, version) = await ExternalProcess.RunAsync("sqlite3", ["--version"]).ConfigureAwait(false);
        Console.WriteLine($"  baseline: sqlite3 -csv -separator ';' DB '.import --skip 1 FILE t' (sqlite3 {version.Split(' ')[0]}; ours links {SqliteVersion()}): {elapsed.TotalSeconds:F2} s for {long.Parse(count, CultureInfo.InvariantCulture):N0} rows{(output.Length > 0 ? $" ({output.Split('\n')[0]})" : "")}");
        return elapsed;
    }

    /// <summary><c>psql</c>'s <c>\copy</c> of the file into a bare table of its columns.</summary>
    private static async Task<TimeSpan> PsqlCopyAsync(string connectionString, string file, Case files)
    {
        var columns = string.Join(", ", files.Columns.Select(c => $"\"{c}\" text"));
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"DROP TABLE IF EXISTS t; CREATE TABLE t ({columns})", connection);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var (elapsed, output) = await ExternalProcess.RunAsync("psql", [
            "-h", target.Host!, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.Username!, "-d", target.Database!, "-v", "ON_ERROR_STOP=1",
            "-c", $"\\copy t FROM '{file}' WITH ({CopyOptions(files)})"]).ConfigureAwait(false);
        Console.WriteLine($"  baseline: psql -c \"\\copy t FROM 'FILE' WITH ({CopyOptions(files)})\": {elapsed.TotalSeconds:F2} s ({output})");
        return elapsed;
    }

    private static string CopyOptions(Case files) =>
        "FORMAT csv, DELIMITER ';', HEADER true" + (files.PsqlEncoding is { } encoding ? $", ENCODING '{encoding}'" : "");

    /// <summary>
    /// Issue 16: Sep 0.18 beside our tokenizer on the same file, each giving the mapper what it takes (a string per column of
    /// each row); Sep also without making strings (its floor). Then both on five lines with a stray quote on line 3.
    /// </summary>
    private static async Task TokenizersAsync(MappingSet mappings, Case files)
    {
        var mapping = mappings.Find(CanonicalEntity.Invoices)!;
        var encoding = files.PsqlEncoding is null ? Encoding.UTF8 : Encoding.GetEncoding(1252);
        Console.WriteLine($"tokenizers on {files.BaseName} (decoding included; best of 2, load average {LoadAverage()}):");
        for (var round = 0; round < 2; round++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var unit = (await new CsvDropSource(Path.GetDirectoryName(files.Base)!, TimeSpan.Zero, TimeProvider.System)
                .DiscoverAsync("invoices", mapping.Source, CancellationToken.None).ConfigureAwait(false)).Single(u => u.Name == files.BaseName);
            var watch = Stopwatch.StartNew();
            long ours = 0, oursChars = 0;
            using (var reader = await unit.OpenAsync(null, CancellationToken.None).ConfigureAwait(false))
            {
                foreach (var row in reader.Rows)
                {
                    ours++;
                    oursChars += row.Values[^1].Length;
                }
            }

            var oursTime = watch.Elapsed.TotalSeconds;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            watch.Restart();
            long sep = 0, sepChars = 0;
            using (var reader = Sep.New(';').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(new StreamReader(files.Base, encoding)))
            {
                foreach (var row in reader)
                {
                    var values = new string[row.ColCount];
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = row[i].ToString();
                    }

                    sep++;
                    sepChars += values[^1].Length;
                }
            }

            var sepTime = watch.Elapsed.TotalSeconds;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            watch.Restart();
            long spans = 0, spanChars = 0;
            using (var reader = Sep.New(';').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(new StreamReader(files.Base, encoding)))
            {
                foreach (var row in reader)
                {
                    spans++;
                    spanChars += row[row.ColCount - 1].Span.Length;
                }
            }

            var spanTime = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"  round {round + 1}: ours {oursTime:F2} s = {ours / oursTime:N0} rows/s; Sep 0.18 (strings) {sepTime:F2} s = {sep / sepTime:N0} rows/s ({oursTime / sepTime:F2}× ours); Sep (spans, no strings) {spanTime:F2} s = {spans / spanTime:N0} rows/s; rows {ours:N0}/{sep:N0}/{spans:N0}, last-column chars {oursChars}/{sepChars}/{spanChars}");
        }

        const string strayQuote = "A;B;C\r\n1;x;1\r\n2;\"y;2\r\n3;z;3\r\n4;w;4\r\n";
        var sepRows = new List<string>();
        try
        {
            using var reader = Sep.New(';').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromText(strayQuote);
            foreach (var row in reader)
            {
                sepRows.Add($"lines {row.LineNumberFrom}–{row.LineNumberToExcl - 1}: {row.ColCount} columns");
            }
        }
#pragma warning disable CA1031 // Shown, not handled.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            sepRows.Add($"{exception.GetType().Name}: {exception.Message.Split('\n')[0]}");
        }

        var ourRows = new List<string>();
        using (var probe = new TempDirectory("connector-bench-stray-"))
        {
            await File.WriteAllTextAsync(Path.Combine(probe.Path, files.BaseName), strayQuote, encoding).ConfigureAwait(false);
            var unit = (await new CsvDropSource(probe.Path, TimeSpan.Zero, TimeProvider.System)
                .DiscoverAsync("invoices", mapping.Source, CancellationToken.None).ConfigureAwait(false)).Single();
            using var reader = await unit.OpenAsync(null, CancellationToken.None).ConfigureAwait(false);
            ourRows.AddRange(reader.Rows.Select(r => r.Problem is null ? $"line {r.Line}: {r.Values.Length} columns" : $"line {r.Line}: dead letter ({r.Problem})"));
        }

        Console.WriteLine($"  stray quote on line 3 of 5 (\"2;\\\"y;2\"): Sep gives [{string.Join("; ", sepRows)}]; ours gives [{string.Join("; ", ourRows)}]");
    }

    /// <summary>Where the time of a first ingest goes, measured stage by stage on the same file (--parts).</summary>
    private static async Task TimePartsAsync(MappingSet mappings, Case files)
    {
        var mapping = mappings.Find(CanonicalEntity.Invoices)!;
        Console.WriteLine("where the time goes (each stage includes the ones before it):");
        var watch = Stopwatch.StartNew();
        var units = await new CsvDropSource(Path.GetDirectoryName(files.Base)!, TimeSpan.Zero, TimeProvider.System)
            .DiscoverAsync("invoices", mapping.Source, CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine($"  finding the file and its content hash: {watch.Elapsed.TotalSeconds:F2} s ({units.Count} file)");
        foreach (var stage in (string[])["read", "read + map", "read + map + row hash"])
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var unit = (await new CsvDropSource(Path.GetDirectoryName(files.Base)!, TimeSpan.Zero, TimeProvider.System)
                .DiscoverAsync("invoices", mapping.Source, CancellationToken.None).ConfigureAwait(false)).Single(u => u.Name == files.BaseName);
            watch.Restart();
            using var reader = await unit.OpenAsync(null, CancellationToken.None).ConfigureAwait(false);
            var mapper = mapping.Bind(reader.Header).Mapper!;
            long count = 0;
            UInt128 hashes = 0;
            foreach (var row in reader.Rows)
            {
                count++;
                if (stage == "read")
                {
                    continue;
                }

                var mapped = mapper.Map(row.Values);
                if (stage != "read + map" && mapped.Outcome == MapOutcome.Mapped)
                {
                    hashes ^= RowHash.Of(mapped.Record!.Values);
                }
            }

            Console.WriteLine($"  {stage}: {watch.Elapsed.TotalSeconds:F2} s for {count:N0} rows = {count / watch.Elapsed.TotalSeconds:N0} rows/s (without the content hash)");
        }

        // What a row costs when it is mapped and hashed from the reader's text in place (how ingest reads a file now):
        // no string per column, no record; a record is made only for a row whose hash differs (not here).
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var unit = (await new CsvDropSource(Path.GetDirectoryName(files.Base)!, TimeSpan.Zero, TimeProvider.System)
                .DiscoverAsync("invoices", mapping.Source, CancellationToken.None).ConfigureAwait(false)).Single(u => u.Name == files.BaseName);
            var collections = GC.CollectionCount(0);
            watch.Restart();
            using var reader = await unit.OpenAsync(null, CancellationToken.None).ConfigureAwait(false);
            var mapper = mapping.Bind(reader.Header).Mapper!;
            var fingerprint = new RowFingerprint(mapper.Schema);
            long count = 0, inPlace = 0;
            UInt128 hashes = 0;
            foreach (var row in reader.RowsInPlace)
            {
                count++;
                if (row.Spans is { } spans && mapper.TryFingerprint(spans, fingerprint))
                {
                    inPlace++;
                    hashes ^= fingerprint.Hash;
                }
            }

            Console.WriteLine($"  read in place + map + row hash (no strings, no records): {watch.Elapsed.TotalSeconds:F2} s for {count:N0} rows = {count / watch.Elapsed.TotalSeconds:N0} rows/s ({inPlace:N0} decided in place; {GC.CollectionCount(0) - collections} gen0 collections)");
        }

        // The store alone: the same records committed in the runner's batches, then read back as key → hash.
        var records = new List<LedgerUpsert>(files.Rows);
        var unitToMap = (await new CsvDropSource(Path.GetDirectoryName(files.Base)!, TimeSpan.Zero, TimeProvider.System)
            .DiscoverAsync("invoices", mapping.Source, CancellationToken.None).ConfigureAwait(false)).Single(u => u.Name == files.BaseName);
        using (var reader = await unitToMap.OpenAsync(null, CancellationToken.None).ConfigureAwait(false))
        {
            var mapper = mapping.Bind(reader.Header).Mapper!;
            foreach (var row in reader.Rows)
            {
                var record = mapper.Map(row.Values).Record!;
                records.Add(new(record, RowHash.Of(record.Values)));
            }
        }

        using var folder = new TempDirectory("connector-bench-parts-");
        await using var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = folder.Path }, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        var batchSize = Options.BatchSize;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        watch.Restart();
        for (var start = 0; start < records.Count; start += batchSize)
        {
            var batch = new LedgerBatch(CanonicalEntity.Invoices) { Source = files.BaseName, Upserts = records.GetRange(start, Math.Min(batchSize, records.Count - start)) };
            await store.CommitAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }

        Console.WriteLine($"  SQLite commits alone ({batchSize:N0} rows each): {watch.Elapsed.TotalSeconds:F2} s for {records.Count:N0} new rows");
        records = null;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        watch.Restart();
        var stored = await store.ReadHashesAsync(CanonicalEntity.Invoices, CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine($"  SQLite key → row hash read before an ingest: {watch.Elapsed.TotalSeconds:F2} s for {stored.Count:N0} keys");
    }

    /// <summary>Lists the transforms the shipped invoice mapping uses: the issue asks for at least five.</summary>
    private static void DescribeTransforms(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var used = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in document.RootElement.GetProperty("fields").EnumerateObject())
        {
            if (!field.Value.TryGetProperty("transforms", out var transforms))
            {
                continue;
            }

            foreach (var transform in transforms.EnumerateArray())
            {
                var kind = transform.ValueKind == JsonValueKind.String ? transform.GetString()! : transform.EnumerateObject().First().Name;
                used[kind] = used.GetValueOrDefault(kind) + 1;
            }
        }

        var fields = document.RootElement.GetProperty("fields").EnumerateObject().Count();
        Console.WriteLine($"mapping mappings/invoices.json: {fields} fields, {used.Count} kinds of transform ({string.Join(", ", used.Select(u => $"{u.Key} ×{u.Value}"))}), a filter on Document Type");
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Connector.sln above {AppContext.BaseDirectory}: run the benchmark from its build output in the repository.");
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string SqliteVersion() => SQLitePCL.raw.sqlite3_libversion().utf8_to_string();
}
