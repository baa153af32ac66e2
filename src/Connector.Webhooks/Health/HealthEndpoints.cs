using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Connector.Webhooks.Health;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (every readiness check: draining, the credit
/// snapshot, and what the worker adds — store, Dataverse, Graph), both JSON with each check's status, description and
/// data; 200 when Healthy or Degraded, 503 when Unhealthy. The older <c>/health</c> stays as it was.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>The tag of the checks <c>/health/live</c> runs.</summary>
    public const string Live = "live";

    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    public const string Ready = "ready";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static IEndpointRouteBuilder MapConnectorHealth(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = static r => r.Tags.Contains(Live), ResponseWriter = WriteAsync });
        routes.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = static r => r.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return routes;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(static e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, Json), http.RequestAborted);
    }
}
