using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connector.Http;

public static class ReachabilityRegistration
{
    /// <summary>
    /// Puts a <see cref="ReachabilityHandler"/> outermost on <paramref name="client"/> (call it before the resilience
    /// handlers) and registers the service's <see cref="ServiceReachability"/>, keyed by <paramref name="service"/> and
    /// among every <c>IEnumerable&lt;ServiceReachability&gt;</c> the readiness check reads.
    /// </summary>
    public static IHttpClientBuilder AddReachability(this IHttpClientBuilder client, string service)
    {
        ArgumentNullException.ThrowIfNull(client);
        var services = client.Services;
        if (!services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, service) && d.ServiceType == typeof(ServiceReachability)))
        {
            services.AddKeyedSingleton(service, (_, _) => new ServiceReachability(service));
            services.AddSingleton(provider => provider.GetRequiredKeyedService<ServiceReachability>(service));
        }

        services.TryAddSingleton(TimeProvider.System);
        client.AddHttpMessageHandler(provider => new ReachabilityHandler(
            provider.GetRequiredKeyedService<ServiceReachability>(service), provider.GetRequiredService<TimeProvider>()));
        return client;
    }
}
