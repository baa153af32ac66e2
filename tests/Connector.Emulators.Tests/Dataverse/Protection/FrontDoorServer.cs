using System.Net.Http.Headers;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Protection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Connector.Emulators.Tests.Dataverse.Protection;

/// <summary>
/// Kestrel on 127.0.0.1 with the front door and a few trivial Dataverse-shaped endpoints: <c>echo?records=n</c> adds n
/// records and answers the caller, <c>$batch</c> adds records for three operations, <c>gate</c> waits until the test
/// opens the gate, <c>/health</c> lies outside <c>/api/data</c>.
/// </summary>
internal sealed class FrontDoorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim enteredGate = new(0);
    private int reached;

    private FrontDoorServer(WebApplication app, DataverseFrontDoor frontDoor, HttpClient client)
    {
        this.app = app;
        FrontDoor = frontDoor;
        Client = client;
    }

    public DataverseFrontDoor FrontDoor { get; }

    public HttpClient Client { get; }

    /// <summary>How many requests reached an endpoint.</summary>
    public int Reached => Volatile.Read(ref reached);

    public static async Task<FrontDoorServer> StartAsync(DataverseEmulatorOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var frontDoor = new DataverseFrontDoor(options);
        app.UseDataverseFrontDoor(frontDoor);
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false });
        var server = new FrontDoorServer(app, frontDoor, client);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        client.BaseAddress = new Uri(app.Urls.Single());
        return server;
    }

    /// <summary>Sends GET <paramref name="path"/> with a bearer token for <paramref name="oid"/> (none when null).</summary>
    public Task<HttpResponseMessage> GetAsync(string path, string? oid = "user-1", CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (oid is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.ForObjectId(oid));
        }

        return SendAsync(request, cancellationToken);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        using (request)
        {
            return await Client.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="count"/> requests are held at the gate (fails instead of hanging).</summary>
    public async Task WaitAtGateAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await enteredGate.WaitAsync(TimeSpan.FromSeconds(10)), "A request never reached the gate.");
        }
    }

    public void OpenGate() => gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        OpenGate();
        Client.Dispose();
        await app.DisposeAsync();
        enteredGate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref reached);
        var cost = context.Features.Get<ExecutionCostFeature>();
        switch (context.Request.Path.Value)
        {
            case "/api/data/v9.2/echo":
                cost?.AddRecords(int.TryParse(context.Request.Query["records"], out var records) ? records : 0);
                await context.Response.WriteAsJsonAsync(new { caller = CallerIdentity.Of(context) });
                break;
            case "/api/data/v9.2/$batch":
                for (var operation = 0; operation < 3; operation++)
                {
                    cost?.AddRecords(2);
                }

                await context.Response.WriteAsync("--batchresponse--");
                break;
            case "/api/data/v9.2/gate":
                enteredGate.Release();
                await gate.Task;
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            case "/health":
                await context.Response.WriteAsync("ok");
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }
}
