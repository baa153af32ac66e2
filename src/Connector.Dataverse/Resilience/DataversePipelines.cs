using System.Net;
using Connector.Dataverse.Configuration;
using Connector.Http;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Connector.Dataverse.Resilience;

/// <summary>
/// The Dataverse resilience pipelines, by name. <see cref="Default"/> is the ONE retry layer: it retries 408, 429,
/// 502, 503, 504, connection failures and attempt timeouts, waiting what <c>Retry-After</c> asks (api-limits:
/// retrying earlier extends the penalty) or, without it, exponential backoff with jitter. <see cref="Attempt"/>
/// bounds each attempt; it sits inside the concurrency limiter so waiting for a slot does not eat the attempt's time.
/// </summary>
public static partial class DataversePipelines
{
    /// <summary>The retry pipeline of the Dataverse HTTP client.</summary>
    public const string Default = "dataverse";

    /// <summary>The per-attempt timeout pipeline of the Dataverse HTTP client.</summary>
    public const string Attempt = "dataverse-attempt";

    /// <summary>
    /// Marks a request that must not run twice (a POST create): it is retried only after a 429, which Dataverse sends
    /// before doing any work; after a timeout or a lost connection it may already have been applied.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> NotIdempotent = new("Connector.Dataverse.NotIdempotent");

    /// <summary>Backoff base when the answer carries no <c>Retry-After</c>.</summary>
    public static readonly TimeSpan BackoffBase = TimeSpan.FromSeconds(2);

    /// <summary>Backoff ceiling when the answer carries no <c>Retry-After</c>.</summary>
    public static readonly TimeSpan BackoffMax = TimeSpan.FromSeconds(60);

    /// <summary>The retry strategy <see cref="Default"/> is built from.</summary>
    public static RetryStrategyOptions<HttpResponseMessage> RetryOptions(DataverseOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        return new RetryStrategyOptions<HttpResponseMessage>
        {
            Name = "DataverseRetry",
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
                ServiceTelemetry.Retried("dataverse", args.Outcome, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        };
    }

    /// <summary>Whether an attempt's outcome is worth another try (a <see cref="NotIdempotent"/> request only after a 429).</summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request = null) =>
        request is not null && request.Options.TryGetValue(NotIdempotent, out var notIdempotent) && notIdempotent
            ? outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests
            : ShouldRetryIdempotent(outcome);

    private static bool ShouldRetryIdempotent(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => IsTransient(response.StatusCode),
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        _ => false,
    };

    /// <summary>408, 429, 502, 503, 504: Dataverse was busy or a hop timed out; 500 is not retried (it is usually the request's fault).</summary>
    public static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Adds the retry strategy (none when <see cref="DataverseOptions.MaxRetries"/> is 0).</summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddDataverseRetry(this ResiliencePipelineBuilder<HttpResponseMessage> builder, DataverseOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.TimeProvider = timeProvider;
        return options.MaxRetries == 0 ? builder : builder.AddRetry(RetryOptions(options, timeProvider, logger));
    }

    /// <summary>Adds the per-attempt timeout.</summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddDataverseAttemptTimeout(this ResiliencePipelineBuilder<HttpResponseMessage> builder, DataverseOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.TimeProvider = timeProvider;
        return builder.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
    }

    [LoggerMessage(EventId = LogEventIds.DataversePipelines + 1, Level = LogLevel.Warning, Message =
        "Dataverse {Method} {Path} failed: {Failure} (attempt {Attempt} of {Attempts}); retrying in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, string method, string path, string failure, int attempt, int attempts, double delaySeconds);
}
