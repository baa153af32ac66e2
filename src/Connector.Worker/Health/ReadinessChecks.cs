using Connector.Http;
using Connector.Store;
using Connector.Webhooks.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Health;

/// <summary>
/// The worker's readiness checks for <c>/health/ready</c> (served by the webhooks' Kestrel, beside the snapshot and
/// draining checks it runs itself): the store, Dataverse, and Graph when configured. Each registration resolves its
/// check from the worker's container, not the webhook server's.
/// </summary>
internal static class ReadinessChecks
{
    public static IServiceCollection AddReadinessChecks(this IServiceCollection services, bool graph)
    {
        services.AddSingleton(static provider => new StoreProbe(
            provider.GetRequiredService<IOptions<StoreOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(static provider => new HealthCheckRegistration(
            "store", _ => new StoreHealthCheck(provider.GetRequiredService<StoreProbe>()), null, [HealthEndpoints.Ready]));
        services.AddService("dataverse");
        if (graph)
        {
            services.AddService("graph");
        }

        return services;
    }

    private static void AddService(this IServiceCollection services, string name) =>
        services.AddSingleton(provider => new HealthCheckRegistration(
            name,
            _ => provider.GetKeyedService<ServiceReachability>(name) is { } reachability
                ? new ServiceHealthCheck(reachability)
                : new NotCalledCheck(),
            null,
            [HealthEndpoints.Ready]));

    /// <summary>A service whose client this host does not build (a stand-in replaced it): nothing to report.</summary>
    private sealed class NotCalledCheck : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Healthy("no HTTP client in this host"));
    }
}
