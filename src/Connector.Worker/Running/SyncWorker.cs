using Connector.Settings;
using Connector.Store;
using Connector.Sync.Credit;
using Connector.Sync.Evaluation;
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
    /// <summary>The scheduler name every instance of a cluster shares (Quartz's <c>sched_name</c> column).</summary>
    public const string ClusterName = "connector";

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
        // A load balancer probes /health/ready every few seconds: the answer (JSON, each check's status) is the report;
        // an Error line per probe while an instance is not ready would bury everything else.
        ["Serilog:MinimumLevel:Override:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Fatal",
    };

    public static HostApplicationBuilder AddSyncWorker(this HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddDefaults(builder.Configuration);
        // Read as the store reads them; a value that does not bind is reported by the policy check before anything starts.
        var store = builder.Configuration.GetSection(StoreOptions.SectionName);
        var clustered = new StoreOptions { Provider = store[nameof(StoreOptions.Provider)] ?? StoreOptions.Sqlite }.IsPostgreSql;

        // Under systemd (Type=notify: READY=1 once started, STOPPING=1 at SIGTERM) or the Windows service manager; elsewhere nothing changes.
        builder.Services.AddSystemd().AddWindowsService(static service => service.ServiceName = "ReceivablesConnector");
        builder.Services
            .AddSingleton<ConnectorInstance>()
            // The ledger stays in memory between cycles; each cycle reads and evaluates what changed (decisions 80–81).
            .AddSingleton(static provider => new ResidentEvaluation(provider.GetRequiredService<TimeProvider>()))
            .AddSingleton<IInstanceName>(static provider => provider.GetRequiredService<ConnectorInstance>())
            .AddSingleton<ILogEventEnricher, InstanceIdEnricher>()
            .AddConnectorTelemetry(builder.Configuration)
            .AddSingleton<ILogEventSink, JsonLogFileSink>()
            .AddQuartz(quartz =>
            {
                if (clustered)
                {
                    UseCluster(quartz, store[nameof(StoreOptions.ConnectionString)] ?? string.Empty);
                }

                // Registered explicitly, so a missing dependency of the job fails at start rather than at its first firing.
                // RequestRecovery: a cycle whose instance dies mid-way runs again on another instance (the outbox makes
                // the rerun neither lose nor repeat a write); DisallowConcurrentExecution holds across the whole cluster.
                quartz.AddJob<SyncJob>(static job => job
                    .WithIdentity(SyncJob.Key)
                    .WithDescription("ingest → evaluate → push → read back")
                    .DisallowConcurrentExecution()
                    .RequestRecovery());
                quartz.AddTrigger(static (services, trigger) => trigger
                    .ForJob(SyncJob.Key)
                    .WithIdentity(SyncJob.ScheduleKey)
                    .WithCronSchedule(services.GetRequiredService<IOptions<SchedulesOptions>>().Value.Sync));

                // Statements only when scheduled (decision 102): mail to every customer is the AR manager's choice.
                if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{SchedulesOptions.SectionName}:{nameof(SchedulesOptions.Statements)}"]))
                {
                    quartz.AddJob<StatementsJob>(static job => job
                        .WithIdentity(StatementsJob.Key)
                        .WithDescription("statements of account for the month before")
                        .DisallowConcurrentExecution());
                    quartz.AddTrigger(static (services, trigger) => trigger
                        .ForJob(StatementsJob.Key)
                        .WithIdentity(StatementsJob.ScheduleKey)
                        .WithCronSchedule(services.GetRequiredService<IOptions<SchedulesOptions>>().Value.Statements!));
                }

                // An admin who starts the worker expects it to sync now, not at the next quarter hour. Not in a cluster,
                // where every instance joining would add a cycle: there a schedule missed while all were down runs once
                // when the first comes back (the cron trigger's misfire policy), docs/decisions.md 69.
                if (!clustered)
                {
                    quartz.RunAtStartup(SyncJob.Key);
                }
            })
            .AddQuartzHostedService(static options => options.WaitForJobsToComplete = true);
        if (clustered)
        {
            ConfigureCluster(builder.Services);
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{WebhookOptions.SectionName}:{nameof(WebhookOptions.Urls)}"]))
        {
            builder.Services.AddOrderWebhooks().AddReadinessChecks(Cli.GraphSetup.IsConfigured(builder.Configuration));
        }

        return builder;
    }

    /// <summary>
    /// Quartz's clustered <c>AdoJobStore</c> on the store's PostgreSQL database: its tables come from the store's migration
    /// 0006 (Quartz only validates them); jobs and triggers in the database, System.Text.Json for their data.
    /// </summary>
    private static void UseCluster(IQuartzBuilder quartz, string connectionString) =>
        quartz.UsePersistentStore(persistent =>
        {
            persistent.UsePostgres(Npgsql.NpgsqlFactory.Instance, connectionString);
            persistent.UseSystemTextJsonSerializer();
            persistent.UseClustering(static _ => { });
        });

    /// <summary>
    /// The <c>Quartz</c> section and the instance id applied to Quartz's own options when they are first read (after the
    /// settings were validated), so every instance of the cluster shares one scheduler name and has its own id.
    /// </summary>
    private static void ConfigureCluster(IServiceCollection services)
    {
        services.AddOptions<QuartzSchedulerOptions>().Configure<ConnectorInstance>(static (scheduler, instance) =>
        {
            scheduler.InstanceName = ClusterName;
            scheduler.InstanceId = instance.Id;
        });
        services.AddOptions<ClusteringOptions>().Configure<IOptions<QuartzClusterOptions>>(static (clustering, settings) =>
        {
            clustering.CheckinInterval = settings.Value.CheckinInterval;
            clustering.CheckinMisfireThreshold = settings.Value.CheckinMisfireThreshold;
        });
        services.AddOptions<AdoJobStoreOptions>().Configure<IOptions<QuartzClusterOptions>>(static (jobStore, settings) =>
            jobStore.MisfireThreshold = settings.Value.MisfireThreshold);
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

        // Several instances behind a load balancer answer alike: each follows the snapshot versions published to the store.
        services.AddHostedService<CreditSnapshotFollowerService>();

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
