using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Protection;
using Connector.Emulators.Graph.Batch;
using Connector.Emulators.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Emulators.Graph;

/// <summary>
/// A loopback Microsoft Graph (<c>/v1.0/</c>) for To Do tasks and sendMail over an in-memory <see cref="GraphState"/>,
/// for tests, <c>connector demo</c> and <c>connector emulate graph</c>. Every call needs a bearer token (any, not
/// validated); each call to a mailbox is throttled per mailbox, then may meet an injected fault and latency.
/// </summary>
public sealed class GraphEmulator : IAsyncDisposable
{
    private readonly LoopbackHost host;
    private readonly GraphDispatcher dispatcher;

    private GraphEmulator(LoopbackHost host, GraphEmulatorOptions options, GraphState state, GraphDispatcher dispatcher)
    {
        this.host = host;
        this.dispatcher = dispatcher;
        Options = options;
        State = state;
    }

    /// <summary>Where the emulator listens, e.g. <c>http://127.0.0.1:53117/</c>.</summary>
    public Uri BaseAddress => host.BaseAddress;

    /// <summary>The Graph root clients are configured with: <see cref="BaseAddress"/> + <c>v1.0/</c>.</summary>
    public Uri ApiUrl => new(BaseAddress, "v1.0/");

    /// <summary>Mailboxes, lists, tasks, sent mail and request counters, for assertions and for playing a collector.</summary>
    public GraphState State { get; }

    public GraphEmulatorOptions Options { get; }

    /// <summary>Requests in flight for a mailbox now (for tests that hold requests with latency).</summary>
    public int InFlight(string userId) => dispatcher.Throttle.InFlight(userId);

    /// <summary>
    /// Answers every request to <paramref name="userId"/> with Outlook's 429 (<c>ApplicationThrottled</c>) for
    /// <paramref name="duration"/> of emulated time from now, its <c>Retry-After</c> the time left: a mailbox throttled by
    /// load the emulator does not see (another app, the user's own clients).
    /// </summary>
    public void ThrottleMailbox(string userId, TimeSpan duration) => dispatcher.Throttle.Block(userId, duration);

    /// <summary>Starts Kestrel on <see cref="GraphEmulatorOptions.Urls"/> (port 0 picks a free port) and returns once it listens.</summary>
    public static async Task<GraphEmulator> StartAsync(GraphEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DefaultPageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DefaultPageSize, "Graph DefaultPageSize must be at least 1.");
        }

        var clock = new EmulatedClock(options.TimeProvider, options.TimeScale);
        var state = new GraphState(options.Users, clock);
        var dispatcher = new GraphDispatcher(options, state, clock);
        var builder = LoopbackHost.CreateBuilder(options.Urls, typeof(GraphEmulator));
        var app = builder.Build();
        var observation = new GraphObservation(options);
        app.Run(context => AnswerAsync(context, dispatcher, clock, observation));

        return new GraphEmulator(await LoopbackHost.StartAsync(app, options.Urls, cancellationToken), options, state, dispatcher);
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled (Ctrl+C in <c>connector emulate</c>), then stops.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => host.RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => host.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    /// <summary>What the emulator enforces, a paragraph printed when <c>connector emulate graph</c> starts.</summary>
    public string Describe()
    {
        var limits = Options.Limits;
        var faults = Options.Faults;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Microsoft Graph emulator at {ApiUrl} (in memory; To Do lists and tasks, sendMail, JSON $batch up to {JsonBatch.MaxRequests} requests; mailboxes: {(Options.Users.Count == 0 ? "none yet" : string.Join(", ", Options.Users.Order(StringComparer.OrdinalIgnoreCase)))}).");
        text.Append(limits.Enabled
            ? string.Create(CultureInfo.InvariantCulture, $" Per mailbox: {limits.ConcurrentRequests} concurrent requests, {limits.RequestsPerWindow} requests per {limits.Window.TotalMinutes:0.#} min sliding window, else 429 with a fractional Retry-After.")
            : " Mailbox limits off.");
        text.Append(CultureInfo.InvariantCulture, $" Time scale {Options.TimeScale:0.###}x; latency {Options.Latency.TotalMilliseconds:0.#} ms (emulated).");
        text.Append(faults.ThrottleRate + faults.UnavailableRate + faults.TimeoutRate > 0
            ? string.Create(CultureInfo.InvariantCulture, $" Injected faults (seed {faults.Seed}): 429 {faults.ThrottleRate:P1}, 503 {faults.UnavailableRate:P1}, timeout {faults.TimeoutRate:P1} ({faults.TimeoutDelay.TotalSeconds:0.#} s).")
            : " No injected faults.");
        return text.ToString();
    }

    private static async Task AnswerAsync(HttpContext context, GraphDispatcher dispatcher, EmulatedClock clock, GraphObservation observation)
    {
        ObservedGraphRequest? observed = null;
        var cancellationToken = context.RequestAborted;
        var now = clock.EmulatedNow;
        var apiRoot = new Uri($"{context.Request.Scheme}://{context.Request.Host}/v1.0/");
        GraphResponse response;
        var path = context.Request.Path.Value ?? "/";
        if (BearerCaller.Identify(context.Request.Headers.Authorization) is null)
        {
            response = GraphErrors.Create(401, "InvalidAuthenticationToken", "Access token is empty.", now);
        }
        else if (!path.StartsWith("/v1.0/", StringComparison.Ordinal))
        {
            response = GraphErrors.Create(400, "BadRequest", "Invalid version: the path must start with /v1.0/.", now);
        }
        else
        {
            var (body, invalid, size) = await ReadBodyAsync(context.Request, cancellationToken);
            var relative = path["/v1.0/".Length..];
            observed = observation.Received(context.Request.Method, relative);
            if (size > MaxRequestBytes)
            {
                // Graph refuses a request body over 4 MB (use-the-api.md); larger attachments go through upload sessions.
                response = GraphErrors.Create(413, "RequestEntityTooLarge", "The request is larger than 4 MB.", now);
            }
            else if (relative == "$batch")
            {
                response = context.Request.Method != "POST"
                    ? GraphErrors.Create(405, "Request_BadRequest", "A JSON batch is a POST.", now)
                    : invalid ? GraphErrors.Invalid("The batch body is not valid JSON.", now)
                    : await JsonBatch.HandleAsync(dispatcher, body, apiRoot, now, cancellationToken);
            }
            else
            {
                var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
                var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
                response = await dispatcher.DispatchAsync(new GraphRequest(context.Request.Method, relative, query, headers, body, invalid, apiRoot), cancellationToken);
            }
        }

        observation.Raise(observed, RequestPhase.Executed, response.Status);
        await WriteAsync(context, response, cancellationToken);
        if (observed is not null)
        {
            await context.Response.CompleteAsync();
            observation.Raise(observed, RequestPhase.Answered, response.Status);
        }
    }

    private const long MaxRequestBytes = 4L * 1024 * 1024;

    private static async Task<(JsonNode? Body, bool Invalid, long Size)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var size = Encoding.UTF8.GetByteCount(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, false, size);
        }

        if (size > MaxRequestBytes)
        {
            return (null, false, size);
        }

        try
        {
            return (JsonNode.Parse(text), false, size);
        }
        catch (JsonException)
        {
            return (null, true, size);
        }
    }

    private static async Task WriteAsync(HttpContext context, GraphResponse response, CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString("D");
        context.Response.StatusCode = response.Status;
        context.Response.Headers["request-id"] = requestId;
        context.Response.Headers["client-request-id"] = context.Request.Headers["client-request-id"].FirstOrDefault() ?? requestId;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is null)
        {
            return;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(response.Body);
        context.Response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, cancellationToken);
    }
}
