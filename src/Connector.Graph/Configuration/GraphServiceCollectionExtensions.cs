using Connector.Graph.Authentication;
using Connector.Graph.Calls;
using Connector.Graph.Mail;
using Connector.Graph.Resilience;
using Connector.Graph.Todo;
using Connector.Http;
using Connector.Sync.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Connector.Graph.Configuration;

public static class GraphServiceCollectionExtensions
{
    /// <summary>The named HTTP client the <see cref="GraphServiceClient"/> sends through.</summary>
    public const string HttpClientName = "graph";

    /// <summary>How long a pooled connection lives, so DNS changes are picked up (the GraphServiceClient keeps its HttpClient).</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The Graph boundary: <see cref="GraphOptions"/> from section <c>Graph</c> (checked at start), the named HTTP
    /// client with its handlers from outside in — retry (<see cref="GraphPipelines.Default"/>), the per-mailbox gate,
    /// attempt timeout (<see cref="GraphPipelines.Attempt"/>) — then <see cref="GraphServiceClient"/> over it (no Kiota
    /// middleware, so no second retry layer; authentication by the SDK's provider), <see cref="ITaskBoard"/> and
    /// <see cref="IMailSender"/>.
    /// </summary>
    public static IServiceCollection AddGraph(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<GraphOptions>()
            .Bind(configuration.GetSection(GraphOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphOptions>, GraphOptionsCrossFieldValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddResilienceTelemetryAtDebug(); // Polly's line per attempt at Debug; OnRetry writes the line a person reads

        services.TryAddSingleton(provider => new MailboxGate(
            provider.GetRequiredService<IOptions<GraphOptions>>().Value.MaxConcurrentPerMailbox, provider.GetRequiredService<TimeProvider>()));
        services.TryAddTransient<MailboxGateHandler>();

        var client = services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseCookies = false,
                PooledConnectionLifetime = PooledConnectionLifetime,
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan) // attempts are bounded by the attempt pipeline
            .RedactLoggedHeaders(static _ => true)
            .AddReachability("graph"); // outermost: the readiness check reads each call's final outcome
        client.AddResilienceHandler(GraphPipelines.Default, static (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<GraphOptions>>().Value;
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GraphPipelines).FullName!);
            builder.AddGraphRetry(options, context.ServiceProvider.GetRequiredService<TimeProvider>(), logger);
        });
        client.AddHttpMessageHandler<MailboxGateHandler>();
        client.AddResilienceHandler(GraphPipelines.Attempt, static (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<GraphOptions>>().Value;
            builder.AddGraphAttemptTimeout(options, context.ServiceProvider.GetRequiredService<TimeProvider>());
        });

        // One authentication provider (one token cache) for the SDK and the plain To Do writes.
        services.TryAddSingleton(provider => GraphAuthentication.Create(provider.GetRequiredService<IOptions<GraphOptions>>().Value));
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<GraphOptions>>().Value;
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new GraphServiceClient(http, provider.GetRequiredService<IAuthenticationProvider>(), options.BaseUri.AbsoluteUri.TrimEnd('/'));
        });
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<GraphOptions>>().Value;
            return new GraphCall(options.AccessToken, options.TimeoutSeconds);
        });
        services.TryAddSingleton(provider => new GraphTaskBoard(
            provider.GetRequiredService<GraphServiceClient>(),
            provider.GetRequiredService<GraphCall>(),
            new TodoRequests(
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
                provider.GetRequiredService<IAuthenticationProvider>(),
                provider.GetRequiredService<IOptions<GraphOptions>>().Value.BaseUri)));
        services.TryAddSingleton<ITaskBoard>(provider => provider.GetRequiredService<GraphTaskBoard>());
        services.TryAddSingleton(provider => new GraphMailSender(provider.GetRequiredService<GraphServiceClient>(), provider.GetRequiredService<GraphCall>()));
        services.TryAddSingleton<IMailSender>(provider => provider.GetRequiredService<GraphMailSender>());
        return services;
    }
}
