using Connector.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Connector.Worker.Health;

/// <summary>
/// Readiness of an outbound service (Dataverse, Graph) from its last real call: Healthy when it answered, Degraded with
/// the last error when the latest call failed — the webhooks still answer from the snapshot, so an instance is not taken
/// out of the load balancer for it (docs/decisions.md 74). Never calls the service itself.
/// </summary>
internal sealed class ServiceHealthCheck(ServiceReachability service) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        if (service.LastSuccess is { } ok)
        {
            data["lastSuccess"] = ok;
        }

        if (service.LastFailureAt is { } failed)
        {
            data["lastFailure"] = failed;
            data["lastError"] = service.LastError!;
        }

        return Task.FromResult(
            service.Failing ? HealthCheckResult.Degraded($"the last call failed: {service.LastError}", data: data)
            : service.LastSuccess is null ? HealthCheckResult.Healthy("not called yet since start", data)
            : HealthCheckResult.Healthy("the last call was answered", data));
    }
}
