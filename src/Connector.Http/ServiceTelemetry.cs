using System.Diagnostics.Metrics;
using System.Net;
using Polly;

namespace Connector.Http;

/// <summary>
/// The outbound services' instruments (meter <see cref="MeterName"/>): how often Dataverse or Graph answered 429 and how
/// long the connector waited before retrying, tagged <c>service</c>. Recorded by each boundary's <c>OnRetry</c>; the
/// worker's OpenTelemetry SDK exports them when telemetry is on (nothing listens otherwise, and recording costs nothing).
/// </summary>
public static class ServiceTelemetry
{
    public const string MeterName = "Connector.Http";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "connector.service.throttled", "{response}", "429 Too Many Requests answers, by service");

    private static readonly Counter<double> Waited = Meter.CreateCounter<double>(
        "connector.service.retry_wait", "s", "Time waited before retrying a call, by service and reason (throttled or failed)");

    /// <summary>One retry of a call to <paramref name="service"/> after <paramref name="outcome"/>, waiting <paramref name="delay"/>.</summary>
    public static void Retried(string service, Outcome<HttpResponseMessage> outcome, TimeSpan delay)
    {
        var throttled = outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests;
        var tag = new KeyValuePair<string, object?>("service", service);
        if (throttled)
        {
            Throttled.Add(1, tag);
        }

        Waited.Add(delay.TotalSeconds, tag, new KeyValuePair<string, object?>("reason", throttled ? "throttled" : "failed"));
    }
}
