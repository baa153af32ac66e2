using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Running;

/// <summary>
/// SIGTERM to a real <c>connector run</c> process under webhook load: <c>/health/ready</c> turns 503 first while the
/// webhooks keep answering; a client that stops sending when it sees 503 (as a load balancer does) has no request fail,
/// and the process exits 0.
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class RunShutdownTests
{
    private const string Key = "worker-test-key-0123456789-abcdefgh";

    [Fact]
    public async Task Run_SigtermDuringWebhookLoad_ReadyTurns503FirstNoRequestFailsAndExitsZero()
    {
        await using var emulator = await EmulatedDataverse.StartAsync();
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        workspace.UseDataverse(emulator.Url);
        var port = FreePort();
        workspace.UseSection("Webhook", new { Urls = $"http://127.0.0.1:{port}", HeaderName = "x-arc-key", Key, DrainSeconds = 2 });
        workspace.UseSection("Schedules", new { Sync = "0 0 0 1 1 ? 2099" });
        workspace.UseSection("Log", new { Directory = Path.Combine(workspace.Root, "logs") });
        var payload = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "webhooks", "remoteexecutioncontext-create-sync-2024.json"));
        using var process = ConnectorProcess.Start(workspace, ["run"]);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilReadyAsync(client, process);

        var notReady = new TaskCompletionSource();
        var failures = new ConcurrentQueue<string>();
        var answered = 0;
        var answeredAfterTerm = 0;
        var terminated = false;
        var probe = Task.Run(async () =>
        {
            while (!notReady.Task.IsCompleted)
            {
                try
                {
                    using var ready = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
                    if (ready.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        notReady.TrySetResult();
                    }
                }
                catch (HttpRequestException ex)
                {
                    failures.Enqueue("readiness probe: " + ex.Message); // the port closed before ready said 503
                    notReady.TrySetResult();
                }

                await Task.Delay(100);
            }
        });
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!notReady.Task.IsCompleted)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "dataverse/orders/check") { Content = new StringContent(payload) };
                request.Headers.Add("x-arc-key", Key);
                try
                {
                    using var response = await client.SendAsync(request);
                    if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Forbidden))
                    {
                        failures.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }

                    Interlocked.Increment(ref answered);
                    if (Volatile.Read(ref terminated))
                    {
                        Interlocked.Increment(ref answeredAfterTerm);
                    }
                }
                catch (HttpRequestException ex)
                {
                    failures.Enqueue(ex.Message);
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1));
        Volatile.Write(ref terminated, true);
        process.Terminate();
        await notReady.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var exitedWhenNotReady = process.HasExited;
        await Task.WhenAll([.. load, probe]);
        var result = await process.ExitAsync(TimeSpan.FromSeconds(60));

        Assert.Empty(failures);
        Assert.False(exitedWhenNotReady);
        Assert.True(answered > 0 && answeredAfterTerm > 0, $"{answered} answered, {answeredAfterTerm} after SIGTERM");
        Assert.Equal(0, result.ExitCode);
    }

    private static async Task WaitUntilReadyAsync(HttpClient client, ConnectorProcess process)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            Assert.False(process.HasExited, "connector run exited before it was ready");
            try
            {
                using var ready = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail("connector run was not ready within 120 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
