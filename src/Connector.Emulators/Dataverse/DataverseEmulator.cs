using System.Globalization;
using System.Text;
using Connector.Emulators.Dataverse.Protection;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.WebApi;
using Connector.Emulators.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Emulators.Dataverse;

/// <summary>
/// A loopback Dataverse Web API (<c>/api/data/v9.2/</c>) over an in-memory <see cref="DataverseEnvironment"/>, for
/// tests, <c>connector demo</c> and <c>connector emulate dataverse</c>. The pipeline is: request id and OData headers,
/// then the front door (<see cref="DataverseFrontDoor"/>: bearer token or 401, injected faults, service protection
/// 429s, execution-time delay, x-ms-dop-hint), then the data plane, which reports the records each request touched.
/// </summary>
public sealed class DataverseEmulator : IAsyncDisposable
{
    private readonly LoopbackHost host;

    private DataverseEmulator(LoopbackHost host, DataverseEmulatorOptions options, DataverseEnvironment environment, DataverseFrontDoor frontDoor)
    {
        this.host = host;
        Options = options;
        Environment = environment;
        FrontDoor = frontDoor;
    }

    /// <summary>Where the emulator listens, e.g. <c>http://127.0.0.1:53117/</c>.</summary>
    public Uri BaseAddress => host.BaseAddress;

    /// <summary>The Web API root clients are configured with: <see cref="BaseAddress"/> + <c>api/data/v9.2/</c>.</summary>
    public Uri ApiUrl => new(BaseAddress, "api/data/v9.2/");

    /// <summary>The emulated environment: metadata, rows and request counters, for assertions and for playing a Dynamics user.</summary>
    public DataverseEnvironment Environment { get; }

    /// <summary>The front door's state: service protection windows and its counters (<see cref="DataverseFrontDoor.Stats"/>: 429s by code, faults).</summary>
    public DataverseFrontDoor FrontDoor { get; }

    public DataverseEmulatorOptions Options { get; }

    /// <summary>Starts Kestrel on <see cref="DataverseEmulatorOptions.Urls"/> (port 0 picks a free port) and returns once it listens.</summary>
    public static async Task<DataverseEmulator> StartAsync(DataverseEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var environment = new DataverseEnvironment(options);
        var builder = LoopbackHost.CreateBuilder(options.Urls, typeof(DataverseEmulator));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 128L * 1024 * 1024);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(environment);
        var app = builder.Build();

        var frontDoor = new DataverseFrontDoor(options);
        var observation = new RequestObservation(options);
        app.Use(observation.AnswerAsync);
        app.Use(StampResponse);
        app.UseDataverseFrontDoor(frontDoor);
        var dispatcher = new WebApiDispatcher(environment, observation);
        app.Run(dispatcher.HandleAsync);

        return new DataverseEmulator(await LoopbackHost.StartAsync(app, options.Urls, cancellationToken), options, environment, frontDoor);
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled (Ctrl+C in <c>connector emulate</c>), then stops.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => host.RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => host.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await Environment.Webhooks.DisposeAsync();
    }

    /// <summary>What the emulator enforces, a paragraph printed when <c>connector emulate</c> starts: the front door's limits, latency and faults, then the data plane's.</summary>
    public string Describe()
    {
        var bulk = string.Join(", ", Options.BulkMessageStandardTables.Order(StringComparer.Ordinal));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Dataverse Web API emulator at {ApiUrl} (in memory; entity sets: {string.Join(", ", Environment.Tables.Select(t => t.EntitySetName))}).");
        foreach (var line in DataverseFrontDoor.Describe(Options))
        {
            text.Append(' ').Append(line);
        }

        text.Append(CultureInfo.InvariantCulture, $" Pages of {Options.DefaultPageSize} rows by default (odata.maxpagesize up to 5000); $batch up to {Batch.BatchEndpoint.MaxOperations} operations; ");
        text.Append(CultureInfo.InvariantCulture, $"bulk messages on custom tables and {(bulk.Length == 0 ? "no standard table" : bulk)}; imported keys Active after {Options.KeyActivationDelay.TotalSeconds:0.#} s; change tracking tokens expire after 7 days.");
        text.Append(CultureInfo.InvariantCulture, $" Webhook steps (serviceendpoints, sdkmessageprocessingsteps) on Create/Update are called with a {Options.Webhooks.Timeout.TotalSeconds:0.#} s timeout (Dataverse: 60 s): one retry, and only on 502/503/504; a synchronous step's non-2xx or timeout fails the write, an asynchronous step never does; over {Options.Webhooks.MaxPayloadBytes / 1024} KB the context goes without ParentContext, InputParameters and images, with x-ms-dynamics-msg-size-exceeded.");
        return text.ToString();
    }

    /// <summary>The load balancer's affinity cookie, as Dataverse sets it (twice per answer).</summary>
    private static readonly string AffinityCookie =
        "ARRAffinity=" + Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray()) + "; path=/; secure; HttpOnly";

    /// <summary>
    /// Every response, refusals included, carries request ids and the OData version with the header repetitions of a
    /// real capture (fidelity facts item 12): two <c>x-ms-service-request-id</c> (the front end's, then the one
    /// <c>REQ_ID</c> repeats), two <c>Set-Cookie: ARRAffinity=…</c> and two <c>X-Source</c>.
    /// </summary>
    private static Task StampResponse(HttpContext context, RequestDelegate next)
    {
        var requestId = Guid.NewGuid().ToString("D");
        var headers = context.Response.Headers;
        headers["REQ_ID"] = requestId;
        headers["x-ms-service-request-id"] = new Microsoft.Extensions.Primitives.StringValues([Guid.NewGuid().ToString("D"), requestId]);
        headers.SetCookie = new Microsoft.Extensions.Primitives.StringValues([AffinityCookie, AffinityCookie]);
        headers["X-Source"] = new Microsoft.Extensions.Primitives.StringValues([XSource(), XSource()]);
        headers["OData-Version"] = "4.0";
        return next(context);
    }

    private static string XSource() => string.Concat(Guid.NewGuid().ToByteArray().Select(static b => b.ToString(CultureInfo.InvariantCulture)));
}
