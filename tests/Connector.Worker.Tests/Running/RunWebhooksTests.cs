using System.Net;
using System.Text.Json.Nodes;

namespace Connector.Worker.Tests.Running;

/// <summary><c>connector run</c> with <c>Webhook:Urls</c>: the order webhooks in the worker's process, fed by its sync cycle.</summary>
public class RunWebhooksTests
{
    private const string Never = "0 0 0 1 1 ? 2099";
    private const string Key = "worker-test-key-0123456789-abcdefgh";

    [Fact]
    public async Task Run_WebhookUrlsSet_ServesTheChecksFromTheCyclesEvaluationAndStopsWithTheHost()
    {
        await using var worker = RunningWorker.StartWith(Never, static settings =>
            settings["Webhook"] = new JsonObject { ["Urls"] = "http://127.0.0.1:0", ["HeaderName"] = "x-arc-key", ["Key"] = Key });

        var events = await worker.Log.WaitForAsync(
            static e => e.Any(WorkerLog.IsSummary) && e.Any(static x => WorkerLog.Template(x)?.StartsWith("Order webhooks listening", StringComparison.Ordinal) == true),
            worker.Exit);
        var address = new Uri(events.First(static x => WorkerLog.Template(x)?.StartsWith("Order webhooks listening", StringComparison.Ordinal) == true)
            .GetProperty("Address").GetString()!);
        using var client = new HttpClient { BaseAddress = address };

        var health = JsonNode.Parse(await client.GetStringAsync(new Uri("health", UriKind.Relative)))!;
        using var unauthorised = await client.PostAsync(new Uri("dataverse/orders/check", UriKind.Relative), new StringContent("{}"));

        Assert.NotNull(health["creditEvaluatedAt"]?.GetValue<DateTimeOffset>()); // the cycle published its evaluation
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorised.StatusCode);
        Assert.DoesNotContain(worker.Log.Events(), static e => e.GetRawText().Contains(Key, StringComparison.Ordinal));
        Assert.Equal(0, await worker.StopAsync());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync(new Uri("health", UriKind.Relative)));
    }

    [Fact]
    public async Task Run_WebhookUrlsWithoutKey_ExitsOneNamingTheSetting()
    {
        await using var worker = RunningWorker.StartWith(Never, static settings =>
            settings["Webhook"] = new JsonObject { ["Urls"] = "http://127.0.0.1:0" });

        Assert.Equal(1, await worker.Exit.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Webhook:Key is required", worker.Error, StringComparison.Ordinal);
    }
}
