using Connector.Dataverse.Authentication;
using Connector.Dataverse.Resilience;
using Connector.Dataverse.Sync;
using Connector.Dataverse.WebApi;
using Connector.Http;
using Connector.Sync.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Dataverse.Configuration;

public static class DataverseServiceCollectionExtensions
{
    /// <summary>How long a pooled connection lives, so DNS changes (failover between Dataverse front ends) are picked up.</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The Dataverse boundary: <see cref="DataverseOptions"/> from section <c>Dataverse</c> (checked at start), the
    /// token provider, the named HTTP client (affinity cookie off so requests spread over web servers, as
    /// send-parallel-requests advises), its handlers from outside in — retry (<see cref="DataversePipelines.Default"/>),
    /// adaptive concurrency, attempt timeout (<see cref="DataversePipelines.Attempt"/>), bearer token — then
    /// <see cref="DataverseClient"/> and <see cref="IDataverse"/>.
    /// </summary>
    public static IServiceCollection AddDataverse(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<DataverseOptions>()
            .Bind(configuration.GetSection(DataverseOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DataverseOptions>, DataverseOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DataverseOptions>, DataverseOptionsCrossFieldValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddResilienceTelemetryAtDebug(); // Polly's line per attempt at Debug; OnRetry writes the line a person reads

        services.TryAddSingleton<IAccessTokenProvider>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DataverseOptions>>().Value;
            return string.IsNullOrWhiteSpace(options.AccessToken)
                ? new MsalAccessTokenProvider(options)
                : new StaticAccessTokenProvider(options.AccessToken);
        });
        services.TryAddSingleton(provider => new AdaptiveConcurrency(
            provider.GetRequiredService<IOptions<DataverseOptions>>().Value.MaxParallelism, timeProvider: provider.GetRequiredService<TimeProvider>(),
            limitBeforeFirstHint: AdaptiveConcurrency.DefaultLimitBeforeFirstHint));
        services.TryAddTransient<AdaptiveConcurrencyHandler>();
        services.TryAddTransient<BearerTokenHandler>();

        var client = services.AddHttpClient(DataverseClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseCookies = false,
                PooledConnectionLifetime = PooledConnectionLifetime,
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan) // attempts are bounded by the attempt pipeline
            .RedactLoggedHeaders(static _ => true)
            .AddReachability("dataverse"); // outermost: the readiness check reads each call's final outcome
        client.AddResilienceHandler(DataversePipelines.Default, static (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<DataverseOptions>>().Value;
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataversePipelines).FullName!);
            builder.AddDataverseRetry(options, context.ServiceProvider.GetRequiredService<TimeProvider>(), logger);
        });
        client.AddHttpMessageHandler<AdaptiveConcurrencyHandler>();
        client.AddResilienceHandler(DataversePipelines.Attempt, static (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<DataverseOptions>>().Value;
            builder.AddDataverseAttemptTimeout(options, context.ServiceProvider.GetRequiredService<TimeProvider>());
        });
        client.AddHttpMessageHandler<BearerTokenHandler>();

        services.TryAddSingleton<DataverseClient>();
        services.TryAddSingleton<WebApiDataverse>();
        services.TryAddSingleton<IDataverse>(provider => provider.GetRequiredService<WebApiDataverse>());
        return services;
    }
}
