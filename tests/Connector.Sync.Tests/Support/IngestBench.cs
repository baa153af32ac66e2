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
    private readonly TempDirectory _directory = new("connector-sync-");

    private IngestBench(MappingSet mappings) => Mappings = mappings;

    public MappingSet Mappings { get; private set; }

    public string DropFolder => Path.Combine(_directory.Path, "drop");

    public string ArchiveFolder => Path.Combine(DropFolder, CsvDropSource.ArchiveFolderName);

    public IConnectorStore Store { get; private set; } = null!;

    public static async Task<IngestBench> CreateAsync(MappingSet mappings, string? connectionString = null, string provider = StoreOptions.Sqlite)
    {
        var bench = new IngestBench(mappings);
        Directory.CreateDirectory(bench.DropFolder);
        bench.Store = await ConnectorStoreFactory.OpenAsync(
            new StoreOptions { Provider = provider, DataDirectory = bench._directory.Path, ConnectionString = connectionString },
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

    public IngestRunner Runner(IConnectorStore? store = null, int batchSize = 20_000) => new(
        store ?? Store,
        new CsvDropSource(DropFolder, TimeSpan.Zero, TimeProvider.System),
        Mappings,
        new IngestOptions { BatchSize = batchSize },
        NullLogger<IngestRunner>.Instance);

    public Task<IngestReport> IngestAsync(params CanonicalEntity[] entities) =>
        Runner().RunAsync(entities.Length == 0 ? null : entities, null, CancellationToken.None);

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
        _directory.Dispose();
    }
}
