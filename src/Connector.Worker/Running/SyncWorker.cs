using Connector.Settings;
using Connector.Sync.Credit;
using Connector.Sync.Orders;
using Connector.Sync.Ports;
using Connector.Webhooks.Decision;
using Connector.Webhooks.Health;
using Connector.Webhooks.Hosting;
using Connector.Worker.Health;
using Connector.Worker.Hosting;
using Connector.Worker.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using Serilog.Core;

namespace Connector.Worker.Running;

/// <summary>What <c>connector run</c> adds to the common host: the scheduled sync job, Dataverse and the rolling JSON log.</summary>
public static class SyncWorker
{
    /// <summary>
    /// The worker's own defaults, layered just above the embedded appsettings.json (so environment variables and
    /// <c>--config</c> still win): a daemon logs what each run did (the scheduler's own chatter stays at warnings), where the one-shot commands only warn.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Default"] = "Information",
        ["Serilog:MinimumLevel:Override:Quartz"] = "Warning",
        // Kestrel and routing would log every webhook call at Information; the webhooks log what they decide themselves.
        ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Warning",
    };

    public static HostApplicationBuilder AddSyncWorker(this HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddDefaults(builder.Configuration);
        // Under systemd (Type=notify: READY=1 once started, STOPPING=1 at SIGTERM) or the Windows service manager; elsewhere nothing changes.
        builder.Services.AddSystemd().AddWindowsService(static service => service.ServiceName = "ReceivablesConnector");
        builder.Services
            .AddConnectorTelemetry(builder.Configuration)
            .AddSingleton<ILogEventSink, JsonLogFileSink>()
            .AddQuartz(static quartz =>
            {
                // Registered explicitly, so a missing dependency of the job fails at start rather than at its first firing.
                quartz.AddJob<SyncJob>(static job => job.WithIdentity(SyncJob.Key).WithDescription("ingest → evaluate → push → read back"));
                quartz.AddTrigger(static (services, trigger) => trigger
                    .ForJob(SyncJob.Key)
                    .WithIdentity(SyncJob.ScheduleKey)
                    .WithCronSchedule(services.GetRequiredService<IOptions<SchedulesOptions>>().Value.Sync));

                // An admin who starts the worker expects it to sync now, not at the next quarter hour.
                quartz.RunAtStartup(SyncJob.Key);
            })
            .AddQuartzHostedService(static options => options.WaitForJobsToComplete = true);
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{WebhookOptions.SectionName}:{nameof(WebhookOptions.Urls)}"]))
        {
            builder.Services.AddOrderWebhooks().AddReadinessChecks(Cli.GraphSetup.IsConfigured(builder.Configuration));
        }

        return builder;
    }

    /// <summary>
    /// The order webhooks (Kestrel on <c>Webhook:Urls</c>) in the same process as the scheduler: the sync publishes each
    /// evaluation into the snapshot holder the webhooks decide from; Kestrel starts and stops with the host.
    /// </summary>
    private static IServiceCollection AddOrderWebhooks(this IServiceCollection services)
    {
        // Layer 1: a changed order wakes an order credit pass at once; change tracking in every sync is the safety net.
        services.AddSingleton<OrderChangeQueue>();
        services.AddSingleton<IOrderChangeSink>(static provider => provider.GetRequiredService<OrderChangeQueue>());
        services.AddHostedService<OrderCreditService>();

        // The webhook's decisions by policy and overrides used go into the store's audit journal, off the request path.
        services.AddSingleton<WebhookAuditJournal>();
        services.AddSingleton<IWebhookAudit>(static provider => provider.GetRequiredService<WebhookAuditJournal>());
        services.AddHostedService(static provider => provider.GetRequiredService<WebhookAuditJournal>());
        services.AddSingleton<WebhookDrain>();
        services.AddHostedService<WebhookHostedService>();
        return services;
    }

    private static void AddDefaults(ConfigurationManager configuration)
    {
        var embedded = configuration.Sources.ToList().FindIndex(static s => s is JsonConfigurationSource { Path: { } path }
            && Path.GetFileName(path) == Hosting.ConnectorHost.DefaultsFile);
        ((IConfigurationBuilder)configuration).Sources.Insert(embedded + 1, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = Defaults });
    }
}
