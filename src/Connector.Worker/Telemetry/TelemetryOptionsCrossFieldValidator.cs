using Connector.Domain.Policies;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Telemetry;

/// <summary>
/// With <c>Telemetry:Enabled</c>: at least one exporter, each one known, and the address each chosen exporter needs.
/// Off, nothing else is checked (the section may hold a prepared configuration).
/// </summary>
public sealed class TelemetryOptionsCrossFieldValidator : IValidateOptions<TelemetryOptions>
{
    private static readonly string[] Known = [TelemetryOptions.Otlp, TelemetryOptions.Prometheus, TelemetryOptions.Console];

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new PolicyErrors(TelemetryOptions.SectionName);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.Exporters.Length == 0)
        {
            errors.Add(nameof(TelemetryOptions.Exporters), "must name at least one of otlp, prometheus, console when Telemetry:Enabled is true", options.Exporters);
        }

        for (var i = 0; i < options.Exporters.Length; i++)
        {
            if (!Known.Contains(options.Exporters[i]?.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{nameof(TelemetryOptions.Exporters)}:{i}", "must be one of otlp, prometheus, console", options.Exporters[i]);
            }
        }

        if (options.Uses(TelemetryOptions.Otlp) && string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            errors.Add(nameof(TelemetryOptions.OtlpEndpoint), "is required with the otlp exporter, such as http://127.0.0.1:4317", options.OtlpEndpoint);
        }

        if (options.Uses(TelemetryOptions.Prometheus) && (string.IsNullOrWhiteSpace(options.PrometheusUrl) || !options.PrometheusUrl.EndsWith('/')))
        {
            errors.Add(nameof(TelemetryOptions.PrometheusUrl), "is required with the prometheus exporter: an http URL ending in '/', such as http://127.0.0.1:9464/", options.PrometheusUrl);
        }

        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }
}
