using Connector.Domain.CashApplication;
using Connector.Domain.Policies;
using Connector.Store;
using Connector.Sync.CashApplication;
using Connector.Sync.Clock;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;
using Connector.Sync.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Sync.Tests.CashApplication;

/// <summary>The sample company's ERP export ingested into a fresh SQLite store, with the cash step and the desk on it.</summary>
internal sealed class CashBench : IAsyncDisposable
{
    /// <summary>The rules the demo and the documented example accept by (the product's default accepts nothing by itself, decision 96).</summary>
    public static readonly CashApplicationPolicy AutoAccepting = new() { AutoAccept = [MatchMethod.Reference, MatchMethod.ExactAmount] };

    private readonly IngestBench ingest;

    private CashBench(IngestBench ingest, CashApplicationPolicy policy)
    {
        this.ingest = ingest;
        Clock = new CompanyClock(Time, new CompanyPolicy());
        Step = new CashApplicationSync(policy, Clock);
        Desk = new CashDesk(new Stores(Path.GetDirectoryName(ingest.DropFolder)!, Time), Clock);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero));

    public CompanyClock Clock { get; }

    public CashApplicationSync Step { get; }

    public CashDesk Desk { get; }

    public IConnectorStore Store => ingest.Store;

    public static async Task<CashBench> CreateAsync(CashApplicationPolicy? policy = null)
    {
        var ingest = await IngestBench.CreateAsync(IngestBench.LoadMappings(RepositoryPaths.Mappings));
        foreach (var file in Directory.GetFiles(RepositoryPaths.SampleErpExport, "*.csv"))
        {
            File.Copy(file, Path.Combine(ingest.DropFolder, Path.GetFileName(file)));
        }

        await ingest.IngestAsync();
        return new CashBench(ingest, policy ?? AutoAccepting);
    }

    /// <summary>One cash step on the store's ledger, as the cycle runs it.</summary>
    public async Task<CashStepResult> RunAsync() =>
        await Step.RunAsync(Store, await LedgerLoader.LoadAsync(Store, CancellationToken.None), CancellationToken.None);

    public async Task<IReadOnlyList<StoredCashMatch>> MatchesAsync() => await Store.ReadCashMatchesAsync(CancellationToken.None);

    /// <summary>samples/truth/cash-application.csv: payment → the invoices it really pays.</summary>
    public static Dictionary<string, string[]> Truth()
    {
        var truth = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(RepositoryPaths.Root, "samples", "truth", "cash-application.csv")).Skip(1))
        {
            var fields = line.Split(',');
            truth[fields[0]] = fields[1].Length == 0 ? [] : fields[1].Split(';');
        }

        return truth;
    }

    public ValueTask DisposeAsync() => ingest.DisposeAsync();

    private sealed class Stores(string directory, TimeProvider time) : IConnectorStoreFactory
    {
        private StoreOptions Options => new() { Provider = StoreOptions.Sqlite, DataDirectory = directory };

        public string Description => ConnectorStoreFactory.Describe(Options);

        public Task<IConnectorStore> OpenAsync(CancellationToken cancellationToken) => ConnectorStoreFactory.OpenAsync(Options, time, cancellationToken);

        public async Task<IConnectorStore?> OpenExistingAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);
    }
}
