using System.Globalization;
using System.Net;
using Connector.Dataverse.WebApi;
using Connector.Http;
using Microsoft.Extensions.Logging;

namespace Connector.Dataverse.Resilience;

/// <summary>
/// Holds an <see cref="AdaptiveConcurrency"/> slot for each attempt (it sits inside the retry layer, so a request
/// waiting out a <c>Retry-After</c> holds none) and feeds the limiter what the answer says: <c>x-ms-dop-hint</c>,
/// 429, or success. Before taking a slot it waits out any pause a 429 put on the caller; a 429's <c>Retry-After</c>
/// pauses every request of the caller, not only the throttled one.
/// </summary>
internal sealed partial class AdaptiveConcurrencyHandler(AdaptiveConcurrency limiter, ILogger<AdaptiveConcurrencyHandler> logger) : DelegatingHandler
{
    public const string DegreeOfParallelismHintHeader = "x-ms-dop-hint";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await limiter.WaitWhilePausedAsync(cancellationToken);
        using var lease = await limiter.AcquireAsync(cancellationToken);
        if (request.Options.TryGetValue(RequestCounter.OptionKey, out var counter))
        {
            counter.Increment();
        }

        var response = await base.SendAsync(request, cancellationToken);
        limiter.ObserveRemaining(RateLimitHeaders.RequestsRemaining(response), RateLimitHeaders.ExecutionTimeRemaining(response));
        if (ReadDegreeOfParallelismHint(response) is { } hint && hint != limiter.Ceiling)
        {
            limiter.ObserveDegreeOfParallelismHint(hint);
            LogHint(hint, limiter.Ceiling);
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            lease.Throttled();
            if (RetryAfter.From(response.Headers, limiter.Time) is { } wait)
            {
                limiter.PauseFor(wait);
                LogPaused(request.Method.Method, request.RequestUri?.AbsolutePath ?? string.Empty, wait.TotalSeconds);
            }
        }
        else if ((int)response.StatusCode < 500)
        {
            lease.Succeeded();
        }

        return response;
    }

    /// <summary>The server's recommended degree of parallelism, when the response carries a readable one.</summary>
    public static int? ReadDegreeOfParallelismHint(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.NonValidated.TryGetValues(DegreeOfParallelismHintHeader, out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var hint)
            && hint > 0
                ? hint
                : null;
    }

    [LoggerMessage(EventId = LogEventIds.AdaptiveConcurrencyHandler + 1, Level = LogLevel.Debug, Message = "Dataverse recommends {Hint} concurrent requests; concurrency ceiling now {Ceiling}")]
    private partial void LogHint(int hint, int ceiling);

    [LoggerMessage(EventId = LogEventIds.AdaptiveConcurrencyHandler + 2, Level = LogLevel.Information, Message = "Dataverse throttled {Method} {Path}: every request of this caller waits {Seconds} s (Retry-After)")]
    private partial void LogPaused(string method, string path, double seconds);
}
