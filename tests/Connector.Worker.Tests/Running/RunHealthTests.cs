using System.Net;
using System.Text.Json.Nodes;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Running;

/// <summary><c>/health/live</c> and <c>/health/ready</c> of <c>connector run</c>, served by the webhooks' Kestrel.</summary>
public class RunHealthTests
{
    private const string Never = "0 0 0 1 1 ? 2099";
    private const string Key = "worker-test-key-0123456789-abcdefgh";

    [Fact]
    public async Task Run_AfterTheFirstCycle_ReadyIsHealthyListingStoreSnapshotDataverseAndLiveAnswers()
    {
        await using var emulator = await EmulatedDataverse.StartAsync();
        await using var worker = RunningWorker.StartAgainst(emulator.Url, Never, static settings => settings["Webhook"] = Webhook());
        using var client = new HttpClient { BaseAddress = await AddressAsync(worker) };

        using var ready = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
        var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        using var live = await client.GetAsync(new Uri("health/live", UriKind.Relative));
        var liveReport = JsonNode.Parse(await live.Content.ReadAsStringAsync())!;
        using var legacy = await client.GetAsync(new Uri("health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        var checks = report["checks"]!.AsArray().ToDictionary(static c => c!["name"]!.GetValue<string>(), static c => c!);
        Assert.Equal(["accepting", "credit_snapshot", "dataverse", "store"], checks.Keys.Order(StringComparer.Ordinal));
        Assert.All(checks.Values, static c => Assert.Equal("Healthy", c!["status"]!.GetValue<string>()));
        Assert.Equal(checks["store"]!["data"]!["latestMigration"]!.GetValue<int>(), checks["store"]!["data"]!["migration"]!.GetValue<int>());
        Assert.NotNull(checks["dataverse"]!["data"]!["lastSuccess"]);
        Assert.True(checks["credit_snapshot"]!["data"]!["accounts"]!.GetValue<int>() > 0);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("process", Assert.Single(liveReport["checks"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
        Assert.Equal(0, await worker.StopAsync());
    }

    [Fact]
    public async Task Run_DataverseUnreachable_ReadyIs503WithNoSnapshotAndDataversesLastError()
    {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once; no retries to wait through.
        await using var worker = RunningWorker.StartAgainst(new Uri("http://127.0.0.1:9/"), Never, static settings =>
        {
            settings["Webhook"] = Webhook();
            settings["Dataverse"]!["MaxRetries"] = 0;
        });
        using var client = new HttpClient { BaseAddress = await AddressAsync(worker, static e => WorkerLog.Template(e)?.StartsWith("Sync run failed", StringComparison.Ordinal) == true) };

        using var ready = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
        var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", report["status"]!.GetValue<string>());
        var checks = report["checks"]!.AsArray().ToDictionary(static c => c!["name"]!.GetValue<string>(), static c => c!);
        Assert.Equal("Unhealthy", checks["credit_snapshot"]!["status"]!.GetValue<string>());
        Assert.Equal("Degraded", checks["dataverse"]!["status"]!.GetValue<string>());
        Assert.Contains("127.0.0.1:9", checks["dataverse"]!["data"]!["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Healthy", checks["store"]!["status"]!.GetValue<string>());
        Assert.Equal(0, await worker.StopAsync());
    }

    [Fact]
    public async Task Run_Stopping_ReadyTurns503WhileTheWebhooksStillAnswer()
    {
        await using var emulator = await EmulatedDataverse.StartAsync();
        await using var worker = RunningWorker.StartAgainst(emulator.Url, Never, static settings =>
        {
            settings["Webhook"] = Webhook();
            settings["Webhook"]!["DrainSeconds"] = 3;
        });
        using var client = new HttpClient { BaseAddress = await AddressAsync(worker) };
        using (var before = await client.GetAsync(new Uri("health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var stopped = worker.StopAsync();
        HttpStatusCode status;
        do
        {
            using var during = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
            status = during.StatusCode;
        }
        while (status == HttpStatusCode.OK && !stopped.IsCompleted);

        // Not ready, yet still answering: a request sent now (as a load balancer's last one) is served, not refused.
        using var check = await client.GetAsync(new Uri("health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal(0, await stopped);
        Assert.Contains(worker.Log.Events(), static e => WorkerLog.Template(e)?.StartsWith("Order webhooks stopped", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Run_TelemetryOnWithoutExporters_ExitsOneNamingTheSetting()
    {
        await using var worker = RunningWorker.StartWith(Never, static settings =>
            settings["Telemetry"] = new JsonObject { ["Enabled"] = true, ["Exporters"] = new JsonArray("otlp", "statsd") });

        Assert.Equal(1, await worker.Exit.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Telemetry:Exporters:1 must be one of otlp, prometheus, console (was 'statsd').", worker.Error, StringComparison.Ordinal);
        Assert.Contains("Telemetry:OtlpEndpoint is required with the otlp exporter", worker.Error, StringComparison.Ordinal);
    }

    internal static JsonObject Webhook() => new() { ["Urls"] = "http://127.0.0.1:0", ["HeaderName"] = "x-arc-key", ["Key"] = Key, ["DrainSeconds"] = 0 };

    /// <summary>The webhooks' address, once the first cycle has logged its summary (or <paramref name="until"/>).</summary>
    internal static async Task<Uri> AddressAsync(RunningWorker worker, Func<System.Text.Json.JsonElement, bool>? until = null)
    {
        static bool Listening(System.Text.Json.JsonElement x) => WorkerLog.Template(x)?.StartsWith("Order webhooks listening", StringComparison.Ordinal) == true;
        var done = until ?? WorkerLog.IsSummary;
        var events = await worker.Log.WaitForAsync(e => e.Any(done) && e.Any(Listening), worker.Exit);
        return new Uri(events.First(Listening).GetProperty("Address").GetString()!);
    }
}
