using System.Globalization;
using Connector.Dataverse.Solution;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.Solutions;
using Connector.Store;
using Connector.Sync.Ports;
using Connector.Worker.Solution;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Worker.Tests.Support;

/// <summary>
/// The Dataverse emulator on a free loopback port with <c>solution-package/</c> imported, as an admin would have it
/// before the first sync; and its rows read the way the crash tests compare them.
/// </summary>
internal sealed class EmulatedDataverse : IAsyncDisposable
{
    /// <summary>The three tables the push writes, with their alternate key column.</summary>
    public static readonly (string Table, string Key)[] PushedTables =
        [("account", "accountnumber"), ("arc_openitem", "arc_documentnumber"), ("arc_payment", "arc_paymentnumber")];

    /// <summary>Columns that differ between two environments holding the same data: ids, versions, system stamps.</summary>
    private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal) { "versionnumber", "createdon", "modifiedon", "modifiedby" };

    private static readonly Lazy<Task<byte[]>> Solution = new(PackSolutionAsync);

    private EmulatedDataverse(DataverseEmulator emulator)
    {
        Emulator = emulator;
    }

    public DataverseEmulator Emulator { get; }

    public DataverseEnvironment Environment => Emulator.Environment;

    public DataverseEmulatorOptions Options => Emulator.Options;

    /// <summary>What <c>Dataverse:Url</c> is set to.</summary>
    public Uri Url => Emulator.BaseAddress;

    /// <summary>
    /// Starts it with its clock at <paramref name="now"/>, by default the morning of the sync tests' evaluation date, so
    /// what people set "today" in Dynamics (a manual hold's date is its modifiedon) is in force as of that date.
    /// </summary>
    public static async Task<EmulatedDataverse> StartAsync(DateTimeOffset? now = null)
    {
        var clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        var emulator = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions { TimeProvider = clock }, CancellationToken.None);
        using var zip = new MemoryStream(await Solution.Value);
        emulator.Environment.Import(SolutionImporter.Read(zip).Tables);
        return new EmulatedDataverse(emulator);
    }

    /// <summary>The row of <paramref name="table"/> whose alternate key column holds <paramref name="key"/>.</summary>
    public IReadOnlyDictionary<string, object?> Row(string table, string keyColumn, string key) =>
        Assert.Single(Environment.Records(table), r => string.Equals(r[keyColumn] as string, key, StringComparison.Ordinal));

    /// <summary>
    /// Every row of the pushed tables, by table and alternate key, as comparable text: ids, versions and system stamps
    /// left out, lookups replaced by the alternate key (or name) of the row they point at.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> State()
    {
        var state = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (table, keyColumn) in PushedTables)
        {
            var rows = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var row in Environment.Records(table))
            {
                var key = row[keyColumn] as string ?? throw new InvalidOperationException($"a {table} row without {keyColumn}");
                var columns = row
                    .Where(c => !Volatile.Contains(c.Key) && c.Key != table + "id" && c.Value is not null)
                    .OrderBy(c => c.Key, StringComparer.Ordinal)
                    .Select(c => c.Key + "=" + Text(c.Value!));
                Assert.True(rows.TryAdd(key, string.Join("|", columns)), $"{table} {key} is in Dataverse twice");
            }

            state[table] = rows;
        }

        return state;
    }

    public async ValueTask DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>The store of a workspace, opened as the connector opens it (close it before the next command).</summary>
    public static Task<IConnectorStore> OpenStoreAsync(Workspace workspace) =>
        ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = Path.Combine(workspace.Root, "data") }, TimeProvider.System, CancellationToken.None);

    private string Text(object value) => value switch
    {
        RecordReference reference => reference.Table + ":" + ReferencedName(reference),
        DateTimeOffset moment => moment.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private string ReferencedName(RecordReference reference)
    {
        var row = Environment.Record(reference.Table, reference.Id);
        return row?.GetValueOrDefault("accountnumber") as string ?? row?.GetValueOrDefault("fullname") as string ?? "missing " + reference.Id.ToString("D");
    }

    private static async Task<byte[]> PackSolutionAsync()
    {
        var folder = SolutionFolder.Locate(null) ?? throw new InvalidOperationException("solution-package/ not found above the test folder");
        using var zip = new MemoryStream();
        await SolutionPacker.PackAsync(folder, zip, CancellationToken.None);
        return zip.ToArray();
    }
}
