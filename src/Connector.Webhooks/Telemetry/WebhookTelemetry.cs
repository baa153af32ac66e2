using System.Diagnostics.Metrics;
using Connector.Webhooks.Decision;

namespace Connector.Webhooks.Telemetry;

/// <summary>
/// The order webhooks' instruments (meter <see cref="MeterName"/>): each order check's decision, and how long every
/// webhook request took in the connector, by route and status code. Exported by the worker's OpenTelemetry SDK when
/// telemetry is on.
/// </summary>
public static class WebhookTelemetry
{
    public const string MeterName = "Connector.Webhooks";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Decisions = Meter.CreateCounter<long>(
        "connector.webhook.decisions", "{decision}", "Order checks answered, by decision (allowed, refused) and how (figures, or the policy or override's audit action)");

    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>(
        "connector.webhook.duration", "ms", "Time to answer a webhook request, by route and status code",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000] });

    public static void Decided(OrderCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Decisions.Add(
            1,
            new KeyValuePair<string, object?>("decision", result.Allowed ? "allowed" : "refused"),
            new KeyValuePair<string, object?>("by", result.Audit?.Action ?? (result.Decision is null ? "rule" : "figures")));
    }

    public static void Answered(string route, int statusCode, TimeSpan elapsed) => Latency.Record(
        elapsed.TotalMilliseconds,
        new KeyValuePair<string, object?>("route", route),
        new KeyValuePair<string, object?>("status", statusCode));
}
