using System.Net;
using Connector.Graph.Configuration;
using Connector.Http;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Connector.Graph.Resilience;

/// <summary>
/// The Graph resilience pipelines, by name. <see cref="Default"/> is the ONE retry layer (the SDK's retry handler is
/// not in our HttpClient): it retries 429, 503, 504, connection failures and attempt timeouts, waiting what
/// <c>Retry-After</c> asks (fractional seconds or an HTTP date) or, without it, exponential backoff with jitter. A POST
/// (task or list create, sendMail) is retried only after a 429, which Graph sends before doing any work: after a
/// timeout, a lost connection or a 503/504 it may already have been applied, and creates are not idempotent.
/// <see cref="Attempt"/> bounds each attempt; it sits inside the mailbox gate so waiting for a slot does not eat the
/// attempt's time.
/// </summary>
public static partial class GraphPipelines
{
    /// <summary>The retry pipeline of the Graph HTTP client.</summary>
    public const string Default = "graph";

    /// <summary>The per-attempt timeout pipeline of the Graph HTTP client.</summary>
    public const string Attempt = "graph-attempt";

    /// <summary>Backoff base when the answer carries no <c>Retry-After</c>.</summary>
    public static readonly TimeSpan BackoffBase = TimeSpan.FromSeconds(2);

    /// <summary>Backoff ceiling when the answer carries no <c>Retry-After</c>.</summary>
    public static readonly TimeSpan BackoffMax = TimeSpan.FromSeconds(60);

    /// <summary>The retry strategy <see cref="Default"/> is built from.</summary>
    public static RetryStrategyOptions<HttpResponseMessage> RetryOptions(GraphOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        return new RetryStrategyOptions<HttpResponseMessage>
        {
            Name = "GraphRetry",
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = BackoffBase,
            MaxDelay = BackoffMax,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter.From(response.Headers, timeProvider) : null),
            OnRetry = args =>
            {
                // One line per retry, without the exception: the caller reports the final failure, once.
                var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
                LogRetry(
                    logger,
                    request?.Method.Method ?? "request",
                    request?.RequestUri?.AbsolutePath ?? string.Empty,
                    RetryLog.Failure(args.Outcome, TimeSpan.FromSeconds(options.TimeoutSeconds)),
                    args.AttemptNumber + 1,
                    options.MaxRetries + 1,
                    RetryLog.Seconds(args.RetryDelay));
                ServiceTelemetry.Retried("graph", args.Outcome, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        };
    }

    /// <summary>Whether an attempt's outcome is worth another try (a POST only after a 429).</summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request = null) =>
        request?.Method == HttpMethod.Post
            ? outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests
            : outcome switch
            {
                { Result: { } response } => IsTransient(response.StatusCode),
                { Exception: HttpRequestException or TimeoutRejectedException } => true,
                _ => false,
            };

    /// <summary>429, 503, 504: what Graph's throttling guidance says to retry (the SDK's handler retries the same three).</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Adds the retry strategy (none when <see cref="GraphOptions.MaxRetries"/> is 0).</summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddGraphRetry(this ResiliencePipelineBuilder<HttpResponseMessage> builder, GraphOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.TimeProvider = timeProvider;
        return options.MaxRetries == 0 ? builder : builder.AddRetry(RetryOptions(options, timeProvider, logger));
    }

    /// <summary>Adds the per-attempt timeout.</summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddGraphAttemptTimeout(this ResiliencePipelineBuilder<HttpResponseMessage> builder, GraphOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.TimeProvider = timeProvider;
        return builder.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
    }

    [LoggerMessage(EventId = LogEventIds.GraphPipelines + 1, Level = LogLevel.Warning, Message =
        "Graph {Method} {Path} failed: {Failure} (attempt {Attempt} of {Attempts}); retrying in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, string method, string path, string failure, int attempt, int attempts, double delaySeconds);
}
