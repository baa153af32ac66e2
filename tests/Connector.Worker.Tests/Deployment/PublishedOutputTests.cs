using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Connector.Testing;
using Connector.Worker.Tests.Ingest;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Deployment;

/// <summary>
/// The self-contained, one-folder publish of deploy/README.md (<c>dotnet publish src/Connector.Worker -c Release -r
/// linux-x64 --self-contained</c>), started as the systemd unit starts it — the native <c>connector</c> executable, no
/// dotnet on the command line — on a PostgreSQL store and the Dataverse emulator: it answers <c>/health/ready</c> and
/// stops on SIGTERM with exit 0. test.sh publishes once and names the folder in <c>CONNECTOR_PUBLISHED</c>; without
/// it this test publishes into a temporary folder itself (minutes on a busy machine).
/// </summary>
[Collection(WorkerPostgresCollection.Name)]
public sealed class PublishedOutputTests(PostgresCluster cluster)
{
    private const string Key = "worker-test-key-0123456789-abcdefgh";

    [Fact]
    public async Task PublishedConnector_RunOnPostgres_AnswersReadyAndStopsCleanlyOnSigterm()
    {
        using var published = new TempDirectory();
        var folder = Environment.GetEnvironmentVariable("CONNECTOR_PUBLISHED") is { Length: > 0 } given ? given : await PublishAsync(published.Path);
        var executable = Path.Combine(folder, "connector");
        Assert.True(File.Exists(executable), $"no connector executable in {folder}");
        Assert.True(File.Exists(Path.Combine(folder, "libcoreclr.so")), $"the publish in {folder} is not self-contained (no runtime beside the executable)");

        var connectionString = await cluster.CreateDatabaseAsync("published_run");
        await using var emulator = await EmulatedDataverse.StartAsync();
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        workspace.UseDataverse(emulator.Url);
        var port = FreePort();
        workspace.UseSection("Store", new { Provider = "postgresql", ConnectionString = connectionString });
        workspace.UseSection("Webhook", new { Urls = $"http://127.0.0.1:{port}", HeaderName = "x-arc-key", Key, DrainSeconds = 1 });
        workspace.UseSection("Schedules", new { Sync = "0 0 0 1 1 ? 2099" });
        workspace.UseSection("Log", new { Directory = Path.Combine(workspace.Root, "logs") });

        using var process = ConnectorProcess.StartPublished(executable, workspace, ["run"]);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        JsonNode? report = null;
        for (var attempt = 0; attempt < 900 && report is null && !process.HasExited; attempt++)
        {
            try
            {
                using var ready = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
                report = ready.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await ready.Content.ReadAsStringAsync()) : null;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (report is null)
            {
                await Task.Delay(200);
            }
        }

        process.Terminate();
        var result = await process.ExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(report is not null, $"the published connector never answered /health/ready with 200; stderr: {result.Error}");
        var store = report!["checks"]!.AsArray().Single(static c => c!["name"]!.GetValue<string>() == "store")!;
        Assert.StartsWith("postgresql 127.0.0.1:", store["data"]!["store"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Healthy", store["status"]!.GetValue<string>());
        Assert.Equal(0, result.ExitCode);
    }

    private static async Task<string> PublishAsync(string output)
    {
        var worker = Path.Combine(Workspace.RepositoryRoot, "src", "Connector.Worker");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["publish", worker, "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", output, "--nologo", "-v", "quiet"])
        {
            start.ArgumentList.Add(arg);
        }

        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        await publish.WaitForExitAsync(limit.Token);
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed: {await stdout}{await stderr}");
        return output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
