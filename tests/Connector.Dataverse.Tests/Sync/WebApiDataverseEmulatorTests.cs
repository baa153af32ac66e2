using System.Text.Json;
using Connector.Dataverse.Tests.Support;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Sync.Ports;

namespace Connector.Dataverse.Tests.Sync;

/// <summary>
/// <see cref="Dataverse.Sync.WebApiDataverse"/> against the Dataverse emulator over real HTTP: the emulator behaves as
/// the documentation says Dataverse does, so these are the client's end-to-end checks.
/// </summary>
public sealed class WebApiDataverseEmulatorTests : IAsyncLifetime
{
    private static readonly DataverseTable Accounts = new("account", "accounts", "accountnumber");
    private static readonly DataverseTable Contacts = new("contact", "contacts", "emailaddress1");

    private DataverseEmulator emulator = null!;
    private DataverseTestHost host = null!;

    public async Task InitializeAsync()
    {
        var options = new DataverseEmulatorOptions();
        options.BulkMessageStandardTables.Remove("contact");
        emulator = await DataverseEmulator.StartAsync(options, CancellationToken.None);
        emulator.Environment.Import(
        [
            Table("account", new KeyDefinition("arc_accountnumber_key", ["accountnumber"]), changeTracking: true),
            Table("contact", new KeyDefinition("arc_contactemail_key", ["emailaddress1"]), changeTracking: false),
        ]);
        host = DataverseTestHost.Create(emulator.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await emulator.DisposeAsync();
    }

    [Fact]
    public async Task UpsertAsync_SameKeyTwice_CreatesThenUpdatesOneRecord()
    {
        var created = await host.Dataverse.UpsertAsync(Accounts, [Account("C-1001", "Fabrikam", 5000m)], CancellationToken.None);
        var updated = await host.Dataverse.UpsertAsync(Accounts, [Account("C-1001", "Fabrikam GmbH", 7500m)], CancellationToken.None);

        Assert.Equal((1, 0), (created.Written, created.Failed.Count));
        Assert.Equal((1, 0), (updated.Written, updated.Failed.Count));
        var record = Assert.Single(emulator.Environment.Records("account"));
        Assert.Equal(("C-1001", "Fabrikam GmbH", 7500m), (record["accountnumber"], record["name"], Convert.ToDecimal(record["creditlimit"], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task UpsertAsync_OneNameTooLongInABulkChunk_WritesTheOthersAndReportsIt()
    {
        var records = Enumerable.Range(1, 5).Select(i => Account($"C-{i}", i == 3 ? new string('n', 161) : $"Customer {i}", i)).ToList();

        var result = await host.Dataverse.UpsertAsync(Accounts, records, CancellationToken.None);

        Assert.Equal(4, result.Written);
        var failure = Assert.Single(result.Failed);
        Assert.Equal(("C-3", 400, "0x80044331"), (failure.Key, failure.Status, failure.ErrorCode));
        Assert.Equal(["C-1", "C-2", "C-4", "C-5"], emulator.Environment.Records("account").Select(r => (string)r["accountnumber"]!).Order(StringComparer.Ordinal));
        Assert.Equal(3, result.Requests); // probe, refused UpsertMultiple, $batch
    }

    [Fact]
    public async Task UpsertAsync_TableWithoutBulkMessages_WritesThroughBatch()
    {
        var result = await host.Dataverse.UpsertAsync(
            Contacts,
            [new DataverseUpsert("ana@example.com", """{"lastname":"Ng"}"""), new DataverseUpsert("bo@example.com", """{"lastname":"Berg"}""")],
            CancellationToken.None);

        Assert.Equal((2, 0, 2), (result.Written, result.Failed.Count, result.Requests));
        Assert.Equal(["Berg", "Ng"], emulator.Environment.Records("contact").Select(r => (string)r["lastname"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadChangesAsync_WithTheDeltaLink_ReturnsOnlyWhatChangedSinceIncludingDeletions()
    {
        await host.Dataverse.UpsertAsync(Accounts, [Account("C-1", "One", 1), Account("C-2", "Two", 2), Account("C-3", "Three", 3)], CancellationToken.None);
        var full = await ToListAsync(host.Dataverse.ReadChangesAsync(Accounts, ["accountnumber", "name"], null, CancellationToken.None));
        var deltaLink = full[^1].DeltaLink;
        var ids = full.SelectMany(p => p.Changed).ToDictionary(c => c.Record.GetProperty("accountnumber").GetString()!, c => c.Id);

        emulator.Environment.Update("account", ids["C-2"], new Dictionary<string, object?> { ["name"] = "Two (edited in Dynamics)" }, "Ana Manager");
        emulator.Environment.Delete("account", ids["C-3"]);
        var delta = await ToListAsync(host.Dataverse.ReadChangesAsync(Accounts, ["accountnumber", "name"], deltaLink, CancellationToken.None));

        Assert.Equal(3, full.Sum(p => p.Changed.Count));
        Assert.NotNull(deltaLink);
        var change = Assert.Single(delta.SelectMany(p => p.Changed));
        Assert.Equal((ids["C-2"], "Two (edited in Dynamics)"), (change.Id, change.Record.GetProperty("name").GetString()));
        Assert.Equal([ids["C-3"]], delta.SelectMany(p => p.Deleted));
        Assert.NotNull(delta[^1].DeltaLink);
    }

    private static DataverseUpsert Account(string number, string name, decimal creditLimit) =>
        new(number, JsonSerializer.Serialize(new { name, creditlimit = creditLimit }));

    private static TableDefinition Table(string logicalName, KeyDefinition key, bool changeTracking)
    {
        var standard = StandardTables.All.Single(t => t.LogicalName == logicalName);
        return standard with { Keys = [key], ChangeTrackingEnabled = changeTracking };
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
