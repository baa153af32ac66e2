using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Telemetry;
using Polly.Timeout;

namespace Connector.Http;

/// <summary>
/// How a retried call reads in the log, for every outbound boundary: the boundary's own <c>OnRetry</c> writes ONE line
/// per retry — what failed, which call, attempt n of m, how long until the next — and never the exception's stack (the
/// caller logs the final failure, once). Polly's own telemetry, which writes a line per attempt (Information for each
/// success, Warning with the exception for each retried failure, Error for each attempt timeout), goes to Debug.
/// </summary>
public static class RetryLog
{
    /// <summary>Every resilience pipeline built from the container reports at Debug at most.</summary>
    public static IServiceCollection AddResilienceTelemetryAtDebug(this IServiceCollection services) =>
        services.Configure<TelemetryOptions>(static options => options.SeverityProvider = static args =>
            args.Event.Severity == ResilienceEventSeverity.None ? ResilienceEventSeverity.None : ResilienceEventSeverity.Debug);

    /// <summary>
    /// What went wrong with one attempt, in words: <c>503 Service Unavailable</c>, <c>no answer within 30 s</c>, or the
    /// connection failure's own message (<c>Connection refused (contoso.crm4.dynamics.com:443)</c>).
    /// </summary>
    public static string Failure(Outcome<HttpResponseMessage> outcome, TimeSpan attemptTimeout) => outcome switch
    {
        { Result: { } response } => $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd(),
        { Exception: TimeoutRejectedException } => string.Create(CultureInfo.InvariantCulture, $"no answer within {attemptTimeout.TotalSeconds:0.#} s"),
        { Exception: { } exception } => exception.Message,
        _ => "failed",
    };

    /// <summary>The wait before the next attempt in seconds, to a tenth (a log line does not need the ticks of a TimeSpan).</summary>
    public static double Seconds(TimeSpan delay) => Math.Round(delay.TotalSeconds, 1);
}
