using Connector.Domain.Credit;
using Connector.Domain.Policies;
using Connector.Sync.Clock;
using Connector.Sync.Credit;
using Connector.Sync.Ports;
using Connector.Sync.Settings;
using Connector.Webhooks.Decision;
using Connector.Webhooks.Endpoints;
using Connector.Webhooks.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Webhooks.Hosting;

/// <summary>What the webhook endpoints decide with; the worker passes its own singletons so both share one snapshot.</summary>
public sealed record WebhookServices(
    CreditSnapshotHolder Snapshots,
    CreditPolicy Policy,
    IOrderChangeSink OrderChanges,
    IWebhookAudit Audit,
    CompanyClock Clock,
    ILoggerFactory Loggers)
{
    /// <summary>The host's own readiness checks (store, Dataverse, Graph), run by <c>/health/ready</c> beside the snapshot's.</summary>
    public IReadOnlyList<HealthCheckRegistration> Readiness { get; init; } = [];

    /// <summary>Set when the host begins to stop: <c>/health/ready</c> answers 503 from then on.</summary>
    public WebhookDrain Drain { get; init; } = new();
}

/// <summary>
/// Kestrel serving the order webhooks on <see cref="WebhookOptions.Urls"/>: started by <c>connector run</c> next to
/// the scheduler (see <see cref="WebhookHostedService"/>) and by tests on <c>http://127.0.0.1:0</c>.
/// </summary>
public sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool stopped;

    private WebhookServer(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The first address Kestrel bound, e.g. <c>http://127.0.0.1:53117/</c>.</summary>
    public Uri BaseAddress { get; }

    public static async Task<WebhookServer> StartAsync(WebhookOptions options, WebhookServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        // Hosting needs the URLs the host may leave empty (no webhooks); then the settings' own validators.
        List<string> errors = string.IsNullOrWhiteSpace(options.Urls)
            ? [PolicyErrors.Message($"{WebhookOptions.SectionName}:{nameof(WebhookOptions.Urls)}", "is required to host the order webhooks (e.g. http://0.0.0.0:5080)", PolicyErrors.Describe(options.Urls))]
            : [];
        errors.AddRange(SettingsValidation.Failures(options, new WebhookOptionsValidator(), new WebhookOptionsCrossFieldValidator()));
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(WebhookOptions.SectionName, typeof(WebhookOptions), errors);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(WebhookServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls!);
        builder.Services
            .AddSingleton(services.Loggers)
            .AddSingleton(services.Clock.Time)
            .AddSingleton(services.Clock)
            .AddSingleton(services.Snapshots)
            .AddSingleton(services.OrderChanges)
            .AddSingleton(services.Audit)
            .AddSingleton(Options.Create(options))
            .AddSingleton<WebhookGate>()
            .AddSingleton(new OrderCheckDecider(services.Snapshots, services.Policy, options.ConnectorUserId, services.Clock));
        var health = builder.Services.AddHealthChecks()
            .AddCheck("process", static () => HealthCheckResult.Healthy("answering"), [HealthEndpoints.Live])
            .AddCheck("accepting", () => services.Drain.IsDraining ? HealthCheckResult.Unhealthy("shutting down: finishing the requests in flight") : HealthCheckResult.Healthy("taking requests"), [HealthEndpoints.Ready])
            .AddCheck("credit_snapshot", new CreditSnapshotHealthCheck(services.Snapshots, services.Policy, services.Clock.Time), tags: [HealthEndpoints.Ready]);
        foreach (var registration in services.Readiness)
        {
            registration.Tags.Add(HealthEndpoints.Ready);
            health.Add(registration);
        }

        var app = builder.Build();
        app.MapDataverseWebhooks();
        app.MapConnectorHealth();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"Kestrel reported no address for '{options.Urls}'.");
        return new WebhookServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        await app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
