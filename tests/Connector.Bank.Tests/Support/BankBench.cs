using Connector.Bank.Drop;
using Connector.Store;
using Connector.Sync.Bank;
using Connector.Sync.Ports;
using Connector.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Bank.Tests.Support;

/// <summary>A bank drop folder and a real store in a temporary directory, wired the way the worker wires them.</summary>
internal sealed class BankBench : IAsyncDisposable
{
    public const string OurIban = "DE89370400440532013000";
    public const string OurAccountNumber = "4001234567";

    private readonly TempDirectory directory = new("connector-bank-");

    private BankBench()
    {
        Directory.CreateDirectory(DropFolder);
    }

    public string DropFolder => Path.Combine(directory.Path, "bank-drop");

    public string ArchiveFolder => Path.Combine(DropFolder, "archive");

    /// <summary>An hour after every file's last write unless a test moves it: files are at rest.</summary>
    public FakeTimeProvider Time { get; private set; } = new(TimeProvider.System.GetUtcNow().AddHours(1));

    public IConnectorStore Store { get; private set; } = null!;

    public BankOptions Options { get; } = new() { FileSettleSeconds = 10, Accounts = [OurIban, OurAccountNumber] };

    public static async Task<BankBench> CreateAsync(string? connectionString = null)
    {
        var bench = new BankBench();
        bench.Options.DropFolder = bench.DropFolder;
        bench.Store = await ConnectorStoreFactory.OpenAsync(
            new StoreOptions { Provider = connectionString is null ? StoreOptions.Sqlite : StoreOptions.PostgreSql, DataDirectory = bench.directory.Path, ConnectionString = connectionString },
            TimeProvider.System,
            CancellationToken.None);
        return bench;
    }

    /// <summary>Starts the clock over at <paramref name="now"/> (a fake clock only goes forward).</summary>
    public void SetClock(DateTimeOffset now) => Time = new FakeTimeProvider(now);

    public void Drop(string name, string content) => File.WriteAllText(Path.Combine(DropFolder, name), content);

    public Task<BankIntakeReport> RunAsync() =>
        new BankStatementIntake(new BankDropSource(Options, Time), Time, NullLogger<BankStatementIntake>.Instance).RunAsync(Store, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        directory.Dispose();
    }
}
