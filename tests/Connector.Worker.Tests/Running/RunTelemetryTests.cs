using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Connector.Sync.Telemetry;
using Connector.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Connector.Worker.Tests.Running;

/// <summary>
/// <c>connector run</c> with <c>Telemetry:Enabled</c>: the SDK wired by the worker exports the cycle's spans and the
/// connector's metrics (read here with OpenTelemetry's in-memory exporter, added beside the configured one) and serves
/// the Prometheus scrape endpoint.
/// </summary>
public class RunTelemetryTests
{
    private const string Never = "0 0 0 1 1 ? 2099";
    private const string Key = "worker-test-key-0123456789-abcdefgh";

    [Fact]
    public async Task Run_TelemetryOn_OneSpanPerCycleWithStepAndHttpChildrenCarryingTheRunIdAndMetricsScraped()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        var port = FreePort();
        await using var emulator = await EmulatedDataverse.StartAsync();
        await using var worker = RunningWorker.StartAgainst(
            emulator.Url,
            Never,
            settings =>
            {
                settings["Webhook"] = new JsonObject { ["Urls"] = "http://127.0.0.1:0", ["HeaderName"] = "x-arc-key", ["Key"] = Key, ["DrainSeconds"] = 0 };
                settings["Telemetry"] = new JsonObject
                {
                    ["Enabled"] = true,
                    ["Exporters"] = new JsonArray("prometheus"),
                    ["PrometheusUrl"] = $"http://127.0.0.1:{port}/",
                };
            },
            services => services
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryMeterProvider(meter => meter.AddInMemoryExporter(metrics, reader => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 200)));
        var address = await RunHealthTests.AddressAsync(worker);
        var runId = WorkerLog.RunId(worker.Log.Events().First(WorkerLog.IsSummary))!;
        using var client = new HttpClient { BaseAddress = address };
        using (var check = await client.PostAsync(new Uri("dataverse/orders/check", UriKind.Relative), new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, check.StatusCode); // timed all the same
        }

        using var scrape = new HttpClient();
        var scraped = await scrape.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        await Task.Delay(TimeSpan.FromMilliseconds(600)); // two export intervals of the in-memory reader
        Assert.Equal(0, await worker.StopAsync());

        Activity[] exported;
        lock (spans)
        {
            exported = [.. spans];
        }

        var cycle = Assert.Single(exported, s => s.OperationName == "sync.cycle" && (string?)s.GetTagItem(SyncTelemetry.RunIdTag) == runId);
        Assert.Equal(ActivityStatusCode.Ok, cycle.Status);
        var steps = exported.Where(s => s.ParentSpanId == cycle.SpanId).ToList();
        Assert.Equal(["sync.cash_application", "sync.daily_snapshot", "sync.erp_writeback", "sync.evaluate", "sync.ingest", "sync.order_credit", "sync.push", "sync.read_back"], steps.Select(static s => s.OperationName).Order(StringComparer.Ordinal));
        Assert.All(steps, s => Assert.Equal(runId, s.GetTagItem(SyncTelemetry.RunIdTag)));
        Assert.All(steps, s => Assert.Equal(cycle.TraceId, s.TraceId));
        var pushSpan = steps.Single(static s => s.OperationName == "sync.push");
        Assert.Contains(exported, s => s.Source.Name == "System.Net.Http" && s.TraceId == cycle.TraceId && s.Kind == ActivityKind.Client
            && exported.Any(p => p.SpanId == s.ParentSpanId && p.OperationName.StartsWith("sync.", StringComparison.Ordinal)));
        Assert.NotNull(pushSpan);

        MetricSnapshot[] collected;
        lock (metrics)
        {
            collected = [.. metrics];
        }

        var names = collected.Select(static m => m.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("connector.sync.cycle.duration", names);
        Assert.Contains("connector.credit.snapshot.age", names);
        Assert.Contains("connector.webhook.duration", names);
        Assert.True(Sum(collected, "connector.sync.rows.ingested") > 0);
        Assert.True(Sum(collected, "connector.sync.records.pushed") > 0);
        Assert.Contains("connector_sync_cycle_duration_seconds", scraped, StringComparison.Ordinal);
        Assert.Contains("outcome=\"completed\"", scraped, StringComparison.Ordinal);
    }

    /// <summary>The last exported cumulative value of a counter, over its points.</summary>
    private static long Sum(IEnumerable<MetricSnapshot> metrics, string name)
    {
        var last = metrics.LastOrDefault(m => m.Name == name);
        return last is null ? 0 : last.MetricPoints.Sum(static p => p.GetSumLong());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
