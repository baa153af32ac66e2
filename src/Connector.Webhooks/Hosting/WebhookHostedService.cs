using Connector.Domain.Credit;
using Connector.Sync.Clock;
using Connector.Sync.Credit;
using Connector.Sync.Ports;
using Connector.Webhooks.Decision;
using Connector.Webhooks.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Webhooks.Hosting;

/// <summary>Runs the <see cref="WebhookServer"/> inside a generic host (<c>connector run</c>): it starts and stops with the host.</summary>
public sealed partial class WebhookHostedService(
    IOptions<WebhookOptions> options,
    IOptions<CreditPolicy> policy,
    CreditSnapshotHolder snapshots,
    IOrderChangeSink orderChanges,
    IWebhookAudit audit,
    CompanyClock clock,
    ILoggerFactory loggers,
    WebhookDrain drain,
    IEnumerable<HealthCheckRegistration> readiness) : IHostedService, IAsyncDisposable
{
    private readonly ILogger logger = loggers.CreateLogger<WebhookHostedService>();
    private WebhookServer? server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        server = await WebhookServer.StartAsync(
            options.Value, new WebhookServices(snapshots, policy.Value, orderChanges, audit, clock, loggers) { Readiness = [.. readiness], Drain = drain },
            cancellationToken);
        LogListening(server.BaseAddress, options.Value.HeaderName, policy.Value.OrderEnforcement);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is null)
        {
            return;
        }

        // Not ready first, still answering: the load balancer sees 503 on its next probe and stops sending; then Kestrel
        // stops taking connections and finishes the requests in flight.
        var wait = TimeSpan.FromSeconds(options.Value.DrainSeconds);
        if (drain.Begin() && wait > TimeSpan.Zero)
        {
            LogDraining(options.Value.DrainSeconds);
            try
            {
                // Wall-clock seconds for a load balancer's probes, not the company's clock (tests run that one fake).
                await Task.Delay(wait, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The host's shutdown timeout ran out: stop now.
            }
        }

        await server.StopAsync(cancellationToken);
        LogStopped();
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = LogEventIds.WebhookHostedService + 2, Level = LogLevel.Information, Message = "Shutting down: /health/ready answers 503, the order webhooks keep answering for {DrainSeconds} s")]
    private partial void LogDraining(int drainSeconds);

    [LoggerMessage(EventId = LogEventIds.WebhookHostedService + 3, Level = LogLevel.Information, Message = "Order webhooks stopped: the requests in flight were answered")]
    private partial void LogStopped();

    [LoggerMessage(EventId = LogEventIds.WebhookHostedService + 1, Level = LogLevel.Information, Message = "Order webhooks listening on {Address} (key header {HeaderName}, Credit:OrderEnforcement {Enforcement})")]
    private partial void LogListening(Uri address, string headerName, OrderEnforcement enforcement);
}
