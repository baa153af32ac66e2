using Connector.Domain.Aging;
using Connector.Domain.Allowance;
using Connector.Domain.CashApplication;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Metrics;
using Connector.Domain.Policies;
using Connector.Domain.Profile;
using Connector.Dataverse.Configuration;
using Connector.Graph.Configuration;
using Connector.Erp;
using Connector.Store;
using Connector.Sync;
using Connector.Sync.Ingest;
using Connector.Sync.Ports;
using Connector.Webhooks.Hosting;
using Connector.Worker.Collections;
using Connector.Worker.Cli;
using Connector.Worker.Mappings;
using Connector.Worker.Running;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serilog;

namespace Connector.Worker.Hosting;

/// <summary>
/// Composes the host every command runs in: configuration, the one clock, policies, logging.
/// Configuration, later sources winning: the embedded defaults (appsettings.json next to the
/// executable), environment variables (<c>Section__Key</c>), then the file given with <c>--config</c>.
/// </summary>
public static class ConnectorHost
{
    public const string DefaultsFile = "appsettings.json";

    /// <param name="configFile">The <c>--config</c> file, layered over the defaults and the environment.</param>
    /// <param name="overrides">Replaces services after the defaults (tests swap the clock).</param>
    /// <param name="settings">Settings layered last, over everything (the demo points the host at its emulators and temporary folders).</param>
    public static HostApplicationBuilder CreateBuilder(
        string? configFile, Action<IServiceCollection>? overrides = null, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, DefaultsFile), optional: false, reloadOnChange: false)
            .AddEnvironmentVariables();
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services
            .AddSingleton(TimeProvider.System)
            .AddPolicies()
            .AddDataIn()
            .AddStore()
            .AddErp()
            .AddSync()
            .AddDataverse(builder.Configuration)
            .AddGraphWhenConfigured(builder.Configuration)
            .AddWorkerSettings()
            // Each host its own logger (the static one stays Program.cs's bootstrap logger): hosts run side by side in
            // one process in tests, and the static logger would send one host's events to another's sinks.
            .AddSerilog(
                (services, logger) => logger
                    .ReadFrom.Configuration(builder.Configuration)
                    .ReadFrom.Services(services),
                preserveStaticLogger: true);

        overrides?.Invoke(builder.Services);
        return builder;
    }

    /// <summary>
    /// Where data comes from and is kept: the store, the ERP source, the mappings, ingest batching; and who the connector
    /// is in Dataverse (<c>Webhook:ConnectorUserId</c>, read by every cycle whether or not this process hosts the webhooks).
    /// </summary>
    private static IServiceCollection AddDataIn(this IServiceCollection services) => services
        .AddPolicy<StoreOptions>(StoreOptions.SectionName, static o => o.Validate())
        .AddPolicy<ErpOptions>(ErpOptions.SectionName, static o => o.Validate())
        .AddPolicy<MappingsOptions>(MappingsOptions.SectionName, static o => o.Validate())
        .AddPolicy<IngestOptions>(IngestOptions.SectionName, static o => o.Validate())
        .AddPolicy<WebhookOptions>(WebhookOptions.SectionName, static o => string.IsNullOrWhiteSpace(o.Urls) ? [] : o.Validate())
        .AddSingleton<IMappingsSource, MappingsFolder>()
        .AddSingleton(static provider => new ConnectorIdentity(provider.GetRequiredService<IOptions<WebhookOptions>>().Value.ConnectorUserId));

    /// <summary>
    /// Graph is optional: without a credential in <c>Graph</c>, collections are planned but not written to Outlook. With
    /// one, the cycle's collections step gets its channel (the settings that hold dunning email back are warnings).
    /// </summary>
    private static IServiceCollection AddGraphWhenConfigured(this IServiceCollection services, IConfiguration configuration) =>
        GraphSetup.IsConfigured(configuration)
            ? services.AddGraph(configuration).AddSingleton(static provider => CollectionsSetup.Channel(provider))
            : services;

    /// <summary>The background worker's settings: when its jobs run, where it keeps its log file.</summary>
    private static IServiceCollection AddWorkerSettings(this IServiceCollection services) => services
        .AddPolicy<SchedulesOptions>(SchedulesOptions.SectionName, static o => o.Validate())
        .AddPolicy<LogFileOptions>(LogFileOptions.SectionName, static o => o.Validate());

    /// <summary>Every policy section, bound and validated at start. One line per capability.</summary>
    private static IServiceCollection AddPolicies(this IServiceCollection services) => services
        .AddPolicy<CompanyPolicy>(CompanyPolicy.SectionName, static p => p.Validate())
        .AddPolicy<AgingPolicy>(AgingPolicy.SectionName, static p => p.Validate())
        .AddPolicy<AllowancePolicy, AgingPolicy>(AllowancePolicy.SectionName, static (p, aging) => aging is null ? p.Validate() : p.Validate(aging))
        .AddPolicy<MetricsPolicy>(MetricsPolicy.SectionName, static p => p.Validate())
        .AddPolicy<RiskPolicy>(RiskPolicy.SectionName, static p => p.Validate())
        .AddPolicy<CollectionsPolicy>(CollectionsPolicy.SectionName, static p => p.Validate())
        .AddPolicy<CreditPolicy>(CreditPolicy.SectionName, static p => p.Validate())
        .AddPolicy<CashApplicationPolicy>(CashApplicationPolicy.SectionName, static p => p.Validate());
}
