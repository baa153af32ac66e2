using System.Net.Http.Headers;
using Connector.Dataverse.Configuration;
using Connector.Dataverse.Solution;
using Connector.Domain.Evaluation;
using Connector.Domain.Policies;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Protection;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.Solutions;
using Connector.Mapping.Canonical;
using Connector.Store;
using Connector.Sync.Clock;
using Connector.Sync.Credit;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;
using Connector.Sync.Push;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Webhooks.Tests.EndToEnd;

/// <summary>
/// Dynamics as the connector leaves it after a sync: the Dataverse emulator with <c>solution-package/</c> imported,
/// a small ledger (Contoso on hold, Fabrikam good) pushed by a real <see cref="DataverseSync"/> through the connector's
/// own client, and the <see cref="CreditSnapshotHolder"/> that sync published into, keyed by the accounts' real ids.
/// The connector's client and its SQLite store stay available, so a test can run the order credit pass and sync again.
/// </summary>
internal sealed class SyncedDataverse : IAsyncDisposable
{
    public const string HeldCustomer = "C-HELD";
    public const string GoodCustomer = "C-GOOD";

    /// <summary>The evaluation date; the sync ran at 08:00 UTC that day.</summary>
    public static readonly DateOnly AsOf = new(2026, 6, 30);

    /// <summary>The bearer token the connector's own client sends (its application user in the emulator).</summary>
    private const string ConnectorToken = "connector-token";

    private static readonly Lazy<Task<byte[]>> Solution = new(PackSolutionAsync);

    private readonly string dataDirectory;
    private readonly ServiceProvider provider;

    private SyncedDataverse(DataverseEmulator emulator, FakeTimeProvider time, string dataDirectory)
    {
        Emulator = emulator;
        Time = time;
        this.dataDirectory = dataDirectory;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Dataverse:Url"] = emulator.BaseAddress.ToString(),
                ["Dataverse:AccessToken"] = ConnectorToken,
            })
            .Build();
        provider = new ServiceCollection().AddDataverse(configuration).BuildServiceProvider();
        Dataverse = provider.GetRequiredService<IDataverse>();
        Api = new HttpClient { BaseAddress = emulator.ApiUrl };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sales-rep-token");
        Api.DefaultRequestHeaders.Add("OData-MaxVersion", "4.0");
        Api.DefaultRequestHeaders.Add("OData-Version", "4.0");
        Api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public DataverseEmulator Emulator { get; }

    public DataverseEnvironment Environment => Emulator.Environment;

    /// <summary>The connector's clock: the sync ran at it, the webhook decides at it (the snapshot is fresh).</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The company's calendar on <see cref="Time"/> (the host's zone, as the connector's default).</summary>
    public CompanyClock Clock => new(Time, new CompanyPolicy());

    public CreditSnapshotHolder Snapshots { get; } = new();

    /// <summary>The Web API as a sales rep's browser calls it (a bearer token, OData headers).</summary>
    public HttpClient Api { get; }

    /// <summary>The connector's own Dataverse client (the real Web API client, as the worker registers it).</summary>
    public IDataverse Dataverse { get; }

    /// <summary>The systemuser the connector's client acts as (what <c>Webhook:ConnectorUserId</c> names).</summary>
    public Guid ConnectorUserId => Environment.UserId(BearerCaller.Identify("Bearer " + ConnectorToken)!);

    /// <summary>The Dataverse id of the account the sync created for an ERP customer.</summary>
    public Guid AccountId(string customerId) =>
        (Guid)Assert.Single(Environment.Records("account"), r => string.Equals(r["accountnumber"] as string, customerId, StringComparison.Ordinal))["accountid"]!;

    /// <param name="configure">Changes to the emulator's options (its webhook sender, say) before it starts.</param>
    public static async Task<SyncedDataverse> StartAsync(Action<DataverseEmulatorOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 30, 8, 0, 0, TimeSpan.Zero));
        var emulatorClock = new FakeTimeProvider(time.GetUtcNow()) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        var emulatorOptions = new DataverseEmulatorOptions { TimeProvider = emulatorClock };
        configure?.Invoke(emulatorOptions);
        var emulator = await DataverseEmulator.StartAsync(emulatorOptions, CancellationToken.None);
        var directory = Path.Combine(Path.GetTempPath(), "arc-webhook-e2e-" + Guid.NewGuid().ToString("N"));
        var synced = new SyncedDataverse(emulator, time, directory);
        try
        {
            using (var zip = new MemoryStream(await Solution.Value))
            {
                emulator.Environment.Import(SolutionImporter.Read(zip).Tables);
            }

            await using (var store = await synced.OpenStoreAsync())
            {
                await LoadLedgerAsync(store);
            }

            await synced.SyncAsync();
            return synced;
        }
        catch
        {
            await synced.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await provider.DisposeAsync();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle may outlive the store for a moment; the temp folder is only litter.
        }
    }

    /// <summary>The connector's store (SQLite in the data directory), opened as the worker opens it; dispose it after use.</summary>
    public Task<IConnectorStore> OpenStoreAsync()
    {
        Directory.CreateDirectory(dataDirectory);
        return ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = dataDirectory }, Time, CancellationToken.None);
    }

    /// <summary>A sync of the ledger as it is now: evaluate, push the accounts, publish a new snapshot into <see cref="Snapshots"/>.</summary>
    public async Task SyncAsync()
    {
        await using var store = await OpenStoreAsync();
        await new HoldReadBack(Dataverse, store, Clock).RunAsync(CancellationToken.None);
        var evaluation = await LedgerEvaluator.EvaluateAsync(store, new EvaluationPolicies(), AsOf, CancellationToken.None);
        await new DataversePush(store, Dataverse, Clock, Snapshots).RunAsync(evaluation, null, CancellationToken.None);
    }

    /// <summary>Contoso pays its three overdue invoices in the ERP (the next export says so); exposure drops to 48,800 of 50,000.</summary>
    public async Task PayOverdueInvoicesAsync()
    {
        await using var store = await OpenStoreAsync();
        await CommitAsync(store, CanonicalEntity.Invoices,
            Invoice("I1", HeldCustomer, 5_000m, 61, paid: true), Invoice("I2", HeldCustomer, 4_000m, 75, paid: true), Invoice("I3", HeldCustomer, 3_400m, 90, paid: true));
    }

    /// <summary>
    /// Contoso: three invoices more than 60 days overdue and exposure 61,200 of a 50,000 limit (on hold);
    /// Fabrikam: 40,000 of 50,000, nothing overdue (good).
    /// </summary>
    private static async Task LoadLedgerAsync(IConnectorStore store)
    {
        await CommitAsync(store, CanonicalEntity.Collectors, ["COL-1", "Jane Doe", "jane.doe@example.com", null, null]);
        await CommitAsync(store, CanonicalEntity.Customers,
            [HeldCustomer, "Contoso Ltd", "USD", "30", "50000", null, "B", "COL-1", null, null, "false", "false"],
            [GoodCustomer, "Fabrikam Inc", "USD", "30", "50000", null, "B", "COL-1", null, null, "false", "false"]);
        await CommitAsync(store, CanonicalEntity.Invoices,
            Invoice("I1", HeldCustomer, 5_000m, 61), Invoice("I2", HeldCustomer, 4_000m, 75), Invoice("I3", HeldCustomer, 3_400m, 90),
            Invoice("I4", HeldCustomer, 48_800m, 0), Invoice("I5", GoodCustomer, 40_000m, 0));
    }

    private static string?[] Invoice(string id, string customerId, decimal amount, int daysPastDue, bool paid = false)
    {
        var due = AsOf.AddDays(-daysPastDue);
        var text = amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return [id, customerId, "invoice", Date(due.AddDays(-30)), Date(due), text, paid ? "0" : text, "USD", null, null, paid ? "paid" : "open"];
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static Task CommitAsync(IConnectorStore store, CanonicalEntity entity, params string?[][] rows) =>
        store.CommitAsync(
            new LedgerBatch(entity)
            {
                Upserts = [.. rows.Select(values => new LedgerUpsert(new CanonicalRecord(entity, values[0]!, values), RowHash.Of(values)))],
                Source = "e2e",
            },
            CancellationToken.None);

    private static async Task<byte[]> PackSolutionAsync()
    {
        var folder = LocateSolution() ?? throw new InvalidOperationException($"{SolutionPackage.FolderName}/ not found above {AppContext.BaseDirectory}");
        using var zip = new MemoryStream();
        await SolutionPacker.PackAsync(folder, zip, CancellationToken.None);
        return zip.ToArray();
    }

    private static string? LocateSolution()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, SolutionPackage.FolderName);
            if (File.Exists(Path.Combine(candidate, "Other", "Solution.xml")))
            {
                return candidate;
            }
        }

        return null;
    }
}
