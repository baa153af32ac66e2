using Connector.Erp.Csv;
using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Store;
using Connector.Sync.Ingest;
using Connector.Sync.Ports;
using Connector.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.Sync.Tests.Support;

/// <summary>
/// A drop folder, a real SQLite store and a set of mappings in a temporary directory: what an ingest needs,
/// wired the way the worker wires it.
/// </summary>
internal sealed class IngestBench : IAsyncDisposable
{
    private readonly TempDirectory directory = new("connector-sync-");

    private IngestBench(MappingSet mappings) => Mappings = mappings;

    public MappingSet Mappings { get; private set; }

    public string DropFolder => Path.Combine(directory.Path, "drop");

    /// <summary>The SQLite store's file (with the default provider).</summary>
    public string DatabaseFile => Path.Combine(directory.Path, "connector.db");

    public string ArchiveFolder => Path.Combine(DropFolder, CsvDropSource.ArchiveFolderName);

    public IConnectorStore Store { get; private set; } = null!;

    public static async Task<IngestBench> CreateAsync(MappingSet mappings, string? connectionString = null, string provider = StoreOptions.Sqlite)
    {
        var bench = new IngestBench(mappings);
        Directory.CreateDirectory(bench.DropFolder);
        bench.Store = await ConnectorStoreFactory.OpenAsync(
            new StoreOptions { Provider = provider, DataDirectory = bench.directory.Path, ConnectionString = connectionString },
            TimeProvider.System,
            CancellationToken.None);
        return bench;
    }

    /// <summary>Loads mappings from JSON texts (file name → content); fails the test with every problem listed.</summary>
    public static MappingSet LoadMappings(params (string File, string Json)[] files)
    {
        var load = MappingLoader.Load(files);
        Assert.True(load.IsValid, string.Join(Environment.NewLine, load.Problems));
        return load.Mappings!;
    }

    public static MappingSet LoadMappings(string directory)
    {
        var load = MappingLoader.LoadDirectory(directory);
        Assert.True(load.IsValid, string.Join(Environment.NewLine, load.Problems));
        return load.Mappings!;
    }

    public void UseMappings(MappingSet mappings) => Mappings = mappings;

    public void Drop(string name, string content) => File.WriteAllText(Path.Combine(DropFolder, name), content);

    public void Drop(string name, byte[] content) => File.WriteAllBytes(Path.Combine(DropFolder, name), content);

    /// <summary>Writes lines joined by <c>\n</c> with a final line break, as UTF-8 without a byte order mark.</summary>
    public void DropLines(string name, params string[] lines) => Drop(name, string.Join('\n', lines) + "\n");

    /// <summary>The names of the files in <c>archive/</c>, sorted.</summary>
    public IReadOnlyList<string> ArchivedFiles() =>
        Directory.Exists(ArchiveFolder) ? [.. Directory.GetFiles(ArchiveFolder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)] : [];

    /// <summary>The names of the files still waiting in the drop folder, sorted.</summary>
    public IReadOnlyList<string> WaitingFiles() =>
        [.. Directory.GetFiles(DropFolder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>The drop folder as the worker reads it (no settle time).</summary>
    public CsvDropSource Source => new(DropFolder, TimeSpan.Zero, TimeProvider.System);

    /// <summary>A runner over the drop folder; <paramref name="source"/> may wrap the real CSV source (a test double around it).</summary>
    public IngestRunner Runner(IConnectorStore? store = null, int batchSize = 20_000, Func<IErpSource, IErpSource>? source = null, bool mapAhead = true, bool compareSourceHashes = true) => new(
        store ?? Store,
        (source ?? (static s => s))(Source),
        Mappings,
        new IngestOptions { BatchSize = batchSize, MapAhead = mapAhead, CompareSourceHashes = compareSourceHashes },
        NullLogger<IngestRunner>.Instance);

    public Task<IngestReport> IngestAsync(params CanonicalEntity[] entities) =>
        Runner().RunAsync(entities.Length == 0 ? null : entities, null, CancellationToken.None);

    /// <summary>Ingests every mapped entity and returns the result of one of them (the others land first, in dependency order).</summary>
    public async Task<EntityIngestResult> IngestAllAsync(CanonicalEntity entity, int batchSize = 20_000, IConnectorStore? store = null)
    {
        var report = await Runner(store, batchSize).RunAsync(null, null, CancellationToken.None);
        return report.Entities.Single(e => e.Entity == entity);
    }

    public Task<CanonicalRecord?> RecordAsync(CanonicalEntity entity, string key) => Store.FindRecordAsync(entity, key, CancellationToken.None);

    /// <summary>A field of a stored record by its canonical name; fails the test when the record is missing.</summary>
    public async Task<string?> ValueAsync(CanonicalEntity entity, string key, string field)
    {
        var record = await RecordAsync(entity, key);
        Assert.True(record is not null, $"no {entity} record '{key}' in the ledger");
        return record.Values[CanonicalSchema.Of(entity).IndexOf(field)];
    }

    public Task<long> CountAsync(CanonicalEntity entity) => Store.CountRecordsAsync(entity, CancellationToken.None);

    /// <summary>Every letter whatever its status, oldest first.</summary>
    public async Task<IReadOnlyList<DeadLetter>> AllDeadLettersAsync(CanonicalEntity? entity = null) =>
        [.. (await Store.ListDeadLettersAsync(new DeadLetterQuery(entity, null, 10_000), CancellationToken.None)).OrderBy(static l => l.Id)];

    public async Task<List<CanonicalRecord>> RecordsAsync(CanonicalEntity entity)
    {
        var records = new List<CanonicalRecord>();
        await foreach (var record in Store.ReadRecordsAsync(entity, CancellationToken.None))
        {
            records.Add(record);
        }

        return records;
    }

    public Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(CanonicalEntity? entity = null) =>
        Store.ListDeadLettersAsync(new DeadLetterQuery(entity, DeadLetterStatus.Open, 10_000), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        directory.Dispose();
    }
}
