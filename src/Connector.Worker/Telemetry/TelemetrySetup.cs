using Connector.Http;
using Connector.Sync.Credit;
using Connector.Sync.Telemetry;
using Connector.Webhooks.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Connector.Worker.Telemetry;

/// <summary>
/// Wires the OpenTelemetry SDK to the instruments the inner projects define with <c>System.Diagnostics</c> (the sync
/// cycle, the webhooks, the outbound services), plus the runtime's own HTTP client spans and metrics
/// (<c>System.Net.Http</c>). Only when <c>Telemetry:Enabled</c> is true; the settings are validated with the policies
/// before the host starts, so composition reads them leniently here.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>Every meter and activity source the SDK listens to.</summary>
    public static readonly string[] Meters = [SyncTelemetry.Name, WebhookTelemetry.MeterName, ServiceTelemetry.MeterName, "System.Net.Http"];

    public static readonly string[] Sources = [SyncTelemetry.Name, "System.Net.Http"];

    public static IServiceCollection AddConnectorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = Read(configuration);
        if (options is not { Enabled: true })
        {
            return services;
        }

        // The snapshot's age gauge exists from the moment the meter provider does (it reads the holder when collected).
        services.AddSingleton(static provider => new CreditSnapshotAgeGauge(provider.GetRequiredService<CreditSnapshotHolder>(), provider.GetRequiredService<TimeProvider>()));
        services.ConfigureOpenTelemetryMeterProvider(static (provider, _) => provider.GetRequiredService<CreditSnapshotAgeGauge>());
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters);
                if (options.Uses(TelemetryOptions.Otlp))
                {
                    metrics.AddOtlpExporter(otlp => Otlp(otlp, options, "v1/metrics"));
                }

                if (options.Uses(TelemetryOptions.Prometheus) && Uri.TryCreate(options.PrometheusUrl, UriKind.Absolute, out var scrape))
                {
                    metrics.AddPrometheusHttpListener(prometheus =>
                    {
                        prometheus.Host = scrape.Host;
                        prometheus.Port = scrape.Port;
                    });
                }

                if (options.Uses(TelemetryOptions.Console))
                {
                    metrics.AddConsoleExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(Sources);
                if (options.Uses(TelemetryOptions.Otlp))
                {
                    tracing.AddOtlpExporter(otlp => Otlp(otlp, options, "v1/traces"));
                }

                if (options.Uses(TelemetryOptions.Console))
                {
                    tracing.AddConsoleExporter();
                }
            });
        return services;
    }

    /// <summary>The section as far as it binds; <c>null</c> when a value has the wrong type (the policy check reports it).</summary>
    private static TelemetryOptions? Read(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>gRPC takes the collector's address as given; http/protobuf, set in code, needs each signal's path appended.</summary>
    private static void Otlp(OtlpExporterOptions otlp, TelemetryOptions options, string signalPath)
    {
        var http = string.Equals(options.OtlpProtocol, "http/protobuf", StringComparison.OrdinalIgnoreCase);
        otlp.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        if (Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint))
        {
            otlp.Endpoint = http ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath) : endpoint;
        }
    }
}
