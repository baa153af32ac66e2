using System.Globalization;
using System.Text;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.WebApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Emulators.Dataverse;

/// <summary>
/// A loopback Dataverse Web API (<c>/api/data/v9.2/</c>) over an in-memory <see cref="DataverseEnvironment"/>, for
/// tests, <c>connector demo</c> and <c>connector emulate dataverse</c>. The pipeline is: request id and OData headers,
/// then the front door (<see cref="UseFrontDoor"/>: authentication, service protection, latency, faults), then the
/// data plane.
/// </summary>
public sealed partial class DataverseEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private DataverseEmulator(WebApplication app, DataverseEmulatorOptions options, DataverseEnvironment environment, Uri baseAddress)
    {
        _app = app;
        Options = options;
        Environment = environment;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the emulator listens, e.g. <c>http://127.0.0.1:53117/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The Web API root clients are configured with: <see cref="BaseAddress"/> + <c>api/data/v9.2/</c>.</summary>
    public Uri ApiUrl => new(BaseAddress, "api/data/v9.2/");

    /// <summary>The emulated environment: metadata, rows and request counters, for assertions and for playing a Dynamics user.</summary>
    public DataverseEnvironment Environment { get; }

    public DataverseEmulatorOptions Options { get; }

    /// <summary>Starts Kestrel on <see cref="DataverseEmulatorOptions.Urls"/> (port 0 picks a free port) and returns once it listens.</summary>
    public static async Task<DataverseEmulator> StartAsync(DataverseEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var environment = new DataverseEnvironment(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DataverseEmulator).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 128L * 1024 * 1024);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(environment);
        var app = builder.Build();

        var observation = new RequestObservation(options);
        app.Use(observation.AnswerAsync);
        app.Use(StampResponse);
        UseFrontDoor(app, options, environment);
        var dispatcher = new WebApiDispatcher(environment, observation);
        app.Run(dispatcher.HandleAsync);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"Kestrel reported no address for '{options.Urls}'.");
        return new DataverseEmulator(app, options, environment, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled (Ctrl+C in <c>connector emulate</c>), then stops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the normal way out
        }

        await StopAsync(CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    /// <summary>One paragraph saying what the emulator enforces, printed when <c>connector emulate</c> starts.</summary>
    public string Describe()
    {
        var limits = Options.Limits;
        var faults = Options.Faults;
        var bulk = string.Join(", ", Options.BulkMessageStandardTables.Order(StringComparer.Ordinal));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Dataverse Web API emulator at {ApiUrl} (in memory; tables: {string.Join(", ", Environment.Tables.Select(t => t.EntitySetName))}). ");
        text.Append(limits.Enabled
            ? string.Create(CultureInfo.InvariantCulture, $"Service protection per user over {limits.Window.TotalSeconds:0} s: {limits.RequestsPerWindow} requests, {limits.ExecutionTimePerWindow.TotalSeconds:0} s combined execution, {limits.ConcurrentRequests} concurrent (429 + Retry-After); x-ms-dop-hint {Options.DegreeOfParallelismHint}. ")
            : "Service protection off. ");
        text.Append(CultureInfo.InvariantCulture, $"Latency {Options.Latency.TotalMilliseconds:0} ms + {Options.PerRecordCost.TotalMilliseconds:0.###} ms per record; time scale x{Options.TimeScale:0.###}. ");
        text.Append(CultureInfo.InvariantCulture, $"Faults: 429 {faults.ThrottleRate * 100:0.##}%, 503 {faults.UnavailableRate * 100:0.##}%, timeout {faults.TimeoutRate * 100:0.##}% after {faults.TimeoutDelay.TotalSeconds:0.#} s (seed {faults.Seed}). ");
        text.Append(CultureInfo.InvariantCulture, $"Pages of {Options.DefaultPageSize} rows by default (odata.maxpagesize up to 5000); $batch up to {Batch.BatchEndpoint.MaxOperations} operations; ");
        text.Append(CultureInfo.InvariantCulture, $"bulk messages on custom tables and {(bulk.Length == 0 ? "no standard table" : bulk)}; imported keys Active after {Options.KeyActivationDelay.TotalSeconds:0.#} s.");
        return text.ToString();
    }

    /// <summary>
    /// Where the front door plugs in, between the response stamp and the data plane: the Protection folder implements
    /// this partial method (401 without a bearer token, <c>CallerIdentity.Set</c>, <c>ExecutionCostFeature</c>, service
    /// protection 429s, x-ms-dop-hint, latency, faults, time scale). Until it does, every caller is the system user.
    /// </summary>
    static partial void UseFrontDoor(WebApplication app, DataverseEmulatorOptions options, DataverseEnvironment environment);

    /// <summary>Every response, refusals included, carries a request id and the OData version, as Dataverse's do.</summary>
    private static Task StampResponse(HttpContext context, RequestDelegate next)
    {
        var requestId = Guid.NewGuid().ToString("D");
        context.Response.Headers["REQ_ID"] = requestId;
        context.Response.Headers["x-ms-service-request-id"] = requestId;
        context.Response.Headers["OData-Version"] = "4.0";
        return next(context);
    }
}
