using Connector.Domain.Credit;
using Connector.Sync.Clock;
using Connector.Sync.Credit;
using Connector.Sync.Ports;
using Connector.Webhooks.Decision;
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
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger logger = loggers.CreateLogger<WebhookHostedService>();
    private WebhookServer? server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        server = await WebhookServer.StartAsync(
            options.Value, new WebhookServices(snapshots, policy.Value, orderChanges, audit, clock, loggers), cancellationToken);
        LogListening(server.BaseAddress, options.Value.HeaderName, policy.Value.OrderEnforcement);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            await server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = LogEventIds.WebhookHostedService + 1, Level = LogLevel.Information, Message = "Order webhooks listening on {Address} (key header {HeaderName}, Credit:OrderEnforcement {Enforcement})")]
    private partial void LogListening(Uri address, string headerName, OrderEnforcement enforcement);
}
