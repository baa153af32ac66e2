using Connector.Emulators.Dataverse.Records;
using Connector.Sync.Ports;
using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Worker.Tests.Holds;

/// <summary>
/// The sample company as the hold commands meet it: <c>connector sync --once</c> into the Dataverse emulator, then a
/// sales rep saves an order in Dynamics for each of two customers on hold, and the next sync marks both Held and
/// notifies the rep. Every command runs on the clock of <see cref="SyncedAt"/> unless a test names another moment.
/// One per test class: the classes that change it (releases) keep to their own customers and orders.
/// </summary>
public sealed class HeldOrdersSample : IAsyncLifetime
{
    public const string SalesRep = "Sam Rivera";

    /// <summary>Bluewater Plastics LLC: on hold for an invoice more than 60 days overdue.</summary>
    public const string HeldCustomer = "C-1230";

    /// <summary>Kestrel Printing Corp.: on hold for an invoice more than 60 days overdue.</summary>
    public const string OtherHeldCustomer = "C-1151";

    /// <summary>The rep's order for <see cref="HeldCustomer"/>.</summary>
    public const string HeldOrder = "SO-DYN-1001";

    /// <summary>The rep's order for <see cref="OtherHeldCustomer"/>.</summary>
    public const string OtherHeldOrder = "SO-DYN-1002";

    /// <summary>When the syncs run (the morning of <see cref="SyncTestKit.AsOf"/>, UTC).</summary>
    public static readonly DateTimeOffset SyncedAt = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private EmulatedDataverse? dataverse;
    private Workspace? workspace;

    internal EmulatedDataverse Dataverse => dataverse ?? throw new InvalidOperationException("not started");

    internal Workspace Workspace => workspace ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        dataverse = await EmulatedDataverse.StartAsync(SyncedAt);
        workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncAsync());
        CreateOrder(HeldCustomer, HeldOrder, 4_800m);
        CreateOrder(OtherHeldCustomer, OtherHeldOrder, 1_250m);
        SyncTestKit.Pushed(await SyncAsync());
    }

    public async Task DisposeAsync()
    {
        workspace?.Dispose();
        if (dataverse is not null)
        {
            await dataverse.DisposeAsync();
        }
    }

    /// <summary><c>connector sync --once</c> as of <see cref="SyncTestKit.AsOf"/>, at <see cref="SyncedAt"/>.</summary>
    internal Task<CliResult> SyncAsync() => RunAsync(SyncedAt, "sync", "--once", "--as-of", SyncTestKit.AsOf, "--format", "json");

    /// <summary>A command with this sample's settings, on a clock stopped at <paramref name="now"/> (UTC is the local zone).</summary>
    internal Task<CliResult> RunAsync(DateTimeOffset now, params string[] args)
    {
        var clock = new FakeTimeProvider(now);
        return InProcess.RunAsync(services => services.AddSingleton<TimeProvider>(clock), [.. args, "--config", Workspace.ConfigFile]);
    }

    /// <summary>The salesorder row of an order number.</summary>
    internal IReadOnlyDictionary<string, object?> Order(string number) => Dataverse.Row("salesorder", "ordernumber", number);

    /// <summary>The in-app notifications of an order (their titles name its number).</summary>
    internal IReadOnlyList<IReadOnlyDictionary<string, object?>> Notifications(string number) =>
        [.. Dataverse.Environment.Records("appnotification").Where(n => ((string)n["title"]!).StartsWith($"Order {number} ", StringComparison.Ordinal))];

    /// <summary>The audit journal of one subject (<c>customer:C-1</c>, <c>salesorder:SO-1</c>), newest first.</summary>
    internal async Task<IReadOnlyList<AuditEvent>> AuditAsync(string subject)
    {
        await using var store = await EmulatedDataverse.OpenStoreAsync(Workspace);
        return [.. (await store.ReadAuditAsync(subject, 1_000, CancellationToken.None)).Select(static e => e.Event)];
    }

    private void CreateOrder(string customerId, string number, decimal amount) =>
        Dataverse.Environment.Create("salesorder", new Dictionary<string, object?>
        {
            ["name"] = $"Order {number}",
            ["ordernumber"] = number,
            ["totalamount"] = amount,
            ["customerid"] = new RecordReference("account", (Guid)Dataverse.Row("account", "accountnumber", customerId)["accountid"]!),
        }, SalesRep);
}
