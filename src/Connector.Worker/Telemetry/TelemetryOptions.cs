using Connector.Domain.Policies;
using Connector.Settings;

namespace Connector.Worker.Telemetry;

/// <summary>
/// Configuration section <c>Telemetry</c>: OpenTelemetry metrics and traces of <c>connector run</c>, off by default.
/// When on, <see cref="Exporters"/> names where they go — <c>otlp</c> (a collector at <see cref="OtlpEndpoint"/>),
/// <c>prometheus</c> (a scrape endpoint at <see cref="PrometheusUrl"/>), <c>console</c> — checked at start by
/// <see cref="TelemetryOptionsCrossFieldValidator"/>.
/// </summary>
[SettingsSection(SectionName)]
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public const string Otlp = "otlp";
    public const string Prometheus = "prometheus";
    public const string Console = "console";

    /// <summary>Exports metrics and traces when <c>true</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where to: any of <c>otlp</c>, <c>prometheus</c>, <c>console</c>.</summary>
    public string[] Exporters { get; set; } = [];

    /// <summary>The OTLP collector (<c>http://127.0.0.1:4317</c> for gRPC, <c>…:4318</c> for http/protobuf).</summary>
    [SettingUrl("must be an absolute http or https URL of an OTLP collector, such as http://127.0.0.1:4317", HttpOnly = true)]
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> or <c>http/protobuf</c>.</summary>
    [SettingOneOf("grpc", "http/protobuf")]
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The Prometheus scrape listener (<c>http://127.0.0.1:9464/</c>): its host and port serve <c>/metrics</c>.</summary>
    [SettingUrl("must be an absolute http URL ending in '/', such as http://127.0.0.1:9464/", HttpOnly = true)]
    public string? PrometheusUrl { get; set; }

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    [SettingRequired]
    public string ServiceName { get; set; } = "receivables-connector";

    /// <summary>Whether <paramref name="exporter"/> is chosen (case-insensitive).</summary>
    public bool Uses(string exporter) => Exporters.Any(e => string.Equals(e?.Trim(), exporter, StringComparison.OrdinalIgnoreCase));
}
