using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Dataverse.Tests.Support;

/// <summary>A request as the scripted server received it.</summary>
internal sealed record ScriptedRequest(int Number, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>What the scripted server answers.</summary>
internal sealed record ScriptedResponse(int Status, string? Body = null, string ContentType = "application/json; odata.metadata=minimal", IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>How long the server takes before it answers (a slow service).</summary>
    public TimeSpan Delay { get; init; }

    public static ScriptedResponse NoContent(params (string Name, string Value)[] headers) => new(204, null, "application/json", headers.ToDictionary(h => h.Name, h => h.Value));

    public static ScriptedResponse Json(string body, params (string Name, string Value)[] headers) => new(200, body, Headers: headers.ToDictionary(h => h.Name, h => h.Value));

    public static ScriptedResponse Error(int status, string code, string message, params (string Name, string Value)[] headers) =>
        new(status, System.Text.Json.JsonSerializer.Serialize(new { error = new { code, message } }), Headers: headers.ToDictionary(h => h.Name, h => h.Value));
}

/// <summary>
/// Real HTTP on 127.0.0.1 (Kestrel, port 0) answering from a script: for wire-level cases the emulator does not
/// produce on demand (a given Retry-After, an exact sequence of statuses). Records every request.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ScriptedRequest> requests = new();
    private int count;

    private ScriptedServer(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ScriptedRequest> Requests => [.. requests.OrderBy(r => r.Number)];

    public static async Task<ScriptedServer> StartAsync(Func<ScriptedRequest, ScriptedResponse> script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedServer(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new ScriptedRequest(Interlocked.Increment(ref server.count), context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body);
            server.requests.Enqueue(request);
            var response = script(request);
            if (response.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(response.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // the client gave up waiting
                }
            }

            context.Response.StatusCode = response.Status;
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            if (response.Body is not null)
            {
                context.Response.ContentType = response.ContentType;
                await context.Response.WriteAsync(response.Body, context.RequestAborted);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
