using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Benchmarks.Data;
using Connector.Store;
using Connector.Sync.Credit;
using Connector.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// Several real <c>connector run</c> processes (the Worker built in Release: <c>dotnet connector.dll</c>, or a published
/// executable with <c>--connector PATH</c>) clustered on one throwaway PostgreSQL (the tests' <see cref="PostgresCluster"/>),
/// as deploy/README §5 puts them behind a load balancer. The benchmark publishes the synthetic company's credit snapshot
/// into the store the way a cycle does (<see cref="CreditSnapshotSharing.PublishFiguresAsync"/>), so no instance runs a
/// first cycle (the schedule never fires) and every instance loads that one version, which the benchmark waits to see
/// in each one's <c>/health</c>. The processes log to files in a temporary folder; their audit journal goes to the store.
/// </summary>
internal sealed class WebhookCluster : IAsyncDisposable
{
    /// <summary>A Quartz cron expression that never fires (the year 2099).</summary>
    private const string Never = "0 0 0 1 1 ? 2099";

    private readonly PostgresCluster postgres;
    private readonly TempDirectory folder;
    private readonly List<Process> processes = [];

    private WebhookCluster(PostgresCluster postgres, TempDirectory folder, IReadOnlyList<Uri> addresses, long version)
    {
        this.postgres = postgres;
        this.folder = folder;
        Addresses = addresses;
        Version = version;
    }

    /// <summary>Each instance's base address (<c>http://127.0.0.1:PORT/</c>).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The snapshot version every instance decides from.</summary>
    public long Version { get; }

    /// <summary>CPU used so far by the instances' processes, together.</summary>
    public TimeSpan ProcessorTime()
    {
        var total = TimeSpan.Zero;
        foreach (var process in processes)
        {
            process.Refresh();
            total += process.TotalProcessorTime;
        }

        return total;
    }

    /// <summary>Peak working set of the instances, each, in MB.</summary>
    public string PeakWorkingSets() =>
        string.Join(", ", processes.Select(p =>
        {
            p.Refresh();
            return string.Create(CultureInfo.InvariantCulture, $"{p.PeakWorkingSet64 / 1024.0 / 1024:F0} MB");
        }));

    public static async Task<WebhookCluster> StartAsync(int instances, SyncedCompany company, WebhookSettings webhook, string[] args, CancellationToken cancellationToken)
    {
        var command = ConnectorCommand(args);
        var watch = Stopwatch.StartNew();
        var postgres = new PostgresCluster();
        await postgres.InitializeAsync();
        var folder = new TempDirectory("connector-bench-webhook-");
        WebhookCluster? cluster = null;
        try
        {
            var connectionString = await postgres.CreateDatabaseAsync("webhook_cluster");
            long version;
            await using (var store = await ConnectorStoreFactory.OpenAsync(
                new StoreOptions { Provider = StoreOptions.PostgreSql, ConnectionString = connectionString }, TimeProvider.System, cancellationToken))
            {
                var sharing = new CreditSnapshotSharing(new CreditSnapshotHolder(), new CreditSnapshotOptions(), TimeProvider.System, NullLogger<CreditSnapshotSharing>.Instance);
                version = await sharing.PublishFiguresAsync(store, company.Snapshot, cancellationToken);
            }

            Console.WriteLine($"cluster: throwaway PostgreSQL on 127.0.0.1:{postgres.Port}, store migrated and the company's credit snapshot published as version {version} in {watch.Elapsed.TotalSeconds:F1} s");
            var settings = Path.Combine(folder.Path, "settings.json");
            await File.WriteAllTextAsync(settings, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["Store"] = new { Provider = "postgresql", ConnectionString = connectionString },
                ["Schedules"] = new { Sync = Never },

                // Required by `run`; never called, since no cycle runs (the discard port: a call would fail at once).
                ["Dataverse"] = new { Url = "http://127.0.0.1:9/", AccessToken = "benchmark-token-never-used" },
                ["Webhook"] = new { webhook.HeaderName, webhook.Key, webhook.ConnectorUserId },
                ["Credit"] = new { OrderEnforcement = "Reject" },
            }), cancellationToken);

            var addresses = Enumerable.Range(0, instances).Select(_ => new Uri($"http://127.0.0.1:{FreePort()}/")).ToList();
            cluster = new WebhookCluster(postgres, folder, addresses, version);
            for (var i = 0; i < instances; i++)
            {
                cluster.processes.Add(Start(command, settings, folder.Path, addresses[i], i));
            }

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            for (var i = 0; i < instances; i++)
            {
                await cluster.WaitForVersionAsync(client, i, cancellationToken);
            }

            Console.WriteLine($"cluster: {instances} × `{string.Join(' ', command)} run` on {string.Join(", ", addresses.Select(a => a.Authority))}, each deciding from version {version}, {watch.Elapsed.TotalSeconds:F1} s after the cluster was started");
            return cluster;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            else
            {
                folder.Dispose();
                await postgres.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM, as a deploy stops them; a process still up after the drain (5 s) and a grace period is killed.
        foreach (var process in processes.Where(static p => !p.HasExited))
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
        }

        foreach (var process in processes)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        folder.Dispose();
        await postgres.DisposeAsync();
    }

    /// <summary>
    /// <c>dotnet src/Connector.Worker/bin/Release/net10.0/connector.dll</c> (built with the benchmark, which references the
    /// Worker project for that), or <c>--connector PATH</c>: a published <c>connector</c> executable or another connector.dll.
    /// </summary>
    private static string[] ConnectorCommand(string[] args)
    {
        var index = Array.IndexOf(args, "--connector");
        var path = index >= 0 && index + 1 < args.Length ? Path.GetFullPath(args[index + 1]) : DefaultDll();
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"--instances: no connector at {path}; build it (dotnet build src/Connector.Worker -c Release) or name one with --connector PATH");
        }

        return path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ["dotnet", path] : [path];
    }

    private static string DefaultDll()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Connector.sln")))
        {
            root = root.Parent;
        }

        return root is null
            ? "connector.dll"
            : Path.Combine(root.FullName, "src", "Connector.Worker", "bin", "Release", "net10.0", "connector.dll");
    }

    private static Process Start(string[] command, string settings, string folder, Uri address, int index)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in command[1..].Concat(["run", "--config", settings]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Webhook__Urls"] = address.ToString().TrimEnd('/');
        start.Environment["Quartz__InstanceId"] = $"bench-{index + 1}";
        start.Environment["Log__Directory"] = Path.Combine(folder, $"logs-{index + 1}");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}");

        // The console log is read and dropped (a full pipe would block the process); the last lines are kept for a failure.
        var tail = new Queue<string>();
        process.OutputDataReceived += (_, e) => Keep(tail, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(tail, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Tails[process.Id] = tail;
        return process;
    }

    private static readonly Dictionary<int, Queue<string>> Tails = [];

    private static void Keep(Queue<string> tail, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (tail)
        {
            tail.Enqueue(line);
            while (tail.Count > 20)
            {
                tail.Dequeue();
            }
        }
    }

    /// <summary>Waits until instance <paramref name="index"/>'s <c>/health</c> says it decides from <see cref="Version"/>.</summary>
    private async Task WaitForVersionAsync(HttpClient client, int index, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var process = processes[index];
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"connector run #{index + 1} exited {process.ExitCode}: {Tail(process)}");
            }

            try
            {
                var health = JsonNode.Parse(await client.GetStringAsync(new Uri(Addresses[index], "health"), cancellationToken));
                if (health?["snapshotVersion"]?.GetValue<long>() == Version)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Kestrel not listening yet.
            }

            if (waited.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new InvalidOperationException($"connector run #{index + 1} did not decide from version {Version} within 3 minutes: {Tail(process)}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static string Tail(Process process)
    {
        if (!Tails.TryGetValue(process.Id, out var tail))
        {
            return "(no output)";
        }

        lock (tail)
        {
            return string.Join(Environment.NewLine, tail);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What the instances are told about the webhook: the header, the key and the connector's own user.</summary>
internal sealed record WebhookSettings(string HeaderName, string Key, Guid? ConnectorUserId);
