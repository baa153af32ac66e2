using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Connector.Emulators.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Connector.Emulators.Tests.Dataverse.Webhooks;

/// <summary>One POST the receiver got.</summary>
internal sealed record ReceivedCall(string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>
/// A webhook endpoint on 127.0.0.1 (Kestrel, port 0) that records every call and answers with scripted statuses
/// (then 200); a scripted <see cref="Hang"/> holds the answer longer than the emulator's timeout.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public const int Hang = -1;

    private readonly ConcurrentQueue<int> script = new();
    private readonly ConcurrentQueue<ReceivedCall> calls = new();
    private readonly SemaphoreSlim arrived = new(0);
    private readonly CancellationTokenSource stopping = new();
    private LoopbackHost host = null!;

    public Uri Url => new(host.BaseAddress, "dataverse/orders/check");

    public IReadOnlyList<ReceivedCall> Calls => calls.ToList();

    public static async Task<WebhookReceiver> StartAsync(params int[] statuses)
    {
        var receiver = new WebhookReceiver();
        foreach (var status in statuses)
        {
            receiver.script.Enqueue(status);
        }

        var builder = LoopbackHost.CreateBuilder("http://127.0.0.1:0", typeof(WebhookReceiver));
        var app = builder.Build();
        app.Run(receiver.AnswerAsync);
        receiver.host = await LoopbackHost.StartAsync(app, "http://127.0.0.1:0", CancellationToken.None);
        return receiver;
    }

    /// <summary>Waits (up to 10 s) until at least <paramref name="count"/> calls have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedCall>> WaitForCallsAsync(int count)
    {
        while (calls.Count < count)
        {
            if (!await arrived.WaitAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"The webhook receiver got {calls.Count} calls, expected {count}.");
            }
        }

        return Calls;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await host.DisposeAsync();
        stopping.Dispose();
        arrived.Dispose();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        calls.Enqueue(new ReceivedCall(context.Request.Path.Value ?? string.Empty, context.Request.QueryString.Value ?? string.Empty, headers, body));
        arrived.Release();
        var status = script.TryDequeue(out var next) ? next : 200;
        if (status == Hang)
        {
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
                await Task.Delay(TimeSpan.FromSeconds(30), linked.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            status = 200;
        }

        context.Response.StatusCode = status;
        // Dataverse ignores the body; a refusal's reason must never reach the user through it.
        await context.Response.WriteAsync("{\"reason\":\"customer on credit hold\"}", context.RequestAborted);
    }
}
