using Connector.Bank;
using Connector.Dataverse.Configuration;
using Connector.Documents;
using Connector.Domain.Aging;
using Connector.Domain.Allowance;
using Connector.Domain.CashApplication;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Metrics;
using Connector.Domain.Policies;
using Connector.Domain.Profile;
using Connector.Erp;
using Connector.Graph.Configuration;
using Connector.Settings;
using Connector.Store;
using Connector.Sync;
using Connector.Sync.Credit;
using Connector.Sync.History;
using Connector.Sync.Ingest;
using Connector.Sync.Policies;
using Connector.Sync.Ports;
using Connector.Webhooks.Hosting;
using Connector.Worker.Cli;
using Connector.Worker.Collections;
using Connector.Worker.Mappings;
using Connector.Worker.Running;
using Connector.Worker.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serilog;
using DunningMailOptions = Connector.Sync.Collections.DunningMailOptions;

namespace Connector.Worker.Hosting;

/// <summary>
/// Composes the host every command runs in: configuration, the one clock, policies, logging.
/// Configuration, later sources winning: the embedded defaults (appsettings.json next to the
/// executable), environment variables (<c>Section__Key</c>), then the file given with <c>--config</c>.
/// A settings file that would not load stops here with a <see cref="ConfigurationFileException"/> (one line: file,
/// line, column, what is wrong); the rest of the settings are checked when the command validates its policies.
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

        // Read and checked before the JSON provider loads them: its errors are exceptions with stack traces.
        List<SettingsFile> files = [SettingsFile.Read(Path.Combine(AppContext.BaseDirectory, DefaultsFile))];
        builder.Configuration
            .AddJsonFile(files[0].FullPath, optional: false, reloadOnChange: false)
            .AddEnvironmentVariables();
        if (configFile is not null)
        {
            files.Add(SettingsFile.Read(Path.GetFullPath(configFile)));
            builder.Configuration.AddJsonFile(files[^1].FullPath, optional: false, reloadOnChange: false);
        }

        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services
            .AddSingleton(TimeProvider.System)
            .AddSingleton(provider => new SettingsSources(provider.GetRequiredService<IConfiguration>(), files))
            .AddSettingsSections()
            .AddPolicies()
            .AddDataIn()
            .AddStore()
            .AddErp()
            .AddBank()
            .AddSync()
            .AddDocuments()
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
        .AddPolicy<StoreOptions, StoreOptionsValidator, StoreOptionsCrossFieldValidator>()
        .AddPolicy<ErpOptions, ErpOptionsValidator, ErpOptionsCrossFieldValidator>()
        .AddPolicy<BankOptions, BankOptionsValidator, BankOptionsCrossFieldValidator>()
        .AddPolicy<MappingsOptions, MappingsOptionsValidator>()
        .AddPolicy<IngestOptions, IngestOptionsValidator>()
        .AddPolicy<CreditSnapshotOptions, CreditSnapshotOptionsValidator>()
        .AddPolicy<HistoryOptions, HistoryOptionsValidator>()
        .AddPolicy<WebhookOptions, WebhookOptionsValidator, WebhookOptionsCrossFieldValidator>()
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

    /// <summary>
    /// The sections read other than as policies: known (a settings file may have them) and, where they bind to options,
    /// checked for values of the wrong type at start like the policies (Graph and Dunning whether or not Graph is configured).
    /// </summary>
    private static IServiceCollection AddSettingsSections(this IServiceCollection services) => services
        .AddSettingsSection(DataverseOptions.SectionName, typeof(DataverseOptions))
        .AddSettingsSection(GraphOptions.SectionName, typeof(GraphOptions))
        .AddSettingsSection(DunningMailOptions.SectionName, typeof(DunningMailOptions))
        .AddSettingsSection("Serilog");

    /// <summary>
    /// The background worker's settings: when its jobs run, how it joins a cluster, where it keeps its log file, its
    /// telemetry (known to every command, so one settings file serves them all; only <c>connector run</c> exports).
    /// </summary>
    private static IServiceCollection AddWorkerSettings(this IServiceCollection services) => services
        .AddPolicy<SchedulesOptions, SchedulesOptionsValidator>()
        .AddPolicy<QuartzClusterOptions, QuartzClusterOptionsValidator>()
        .AddPolicy<LogFileOptions, LogFileOptionsValidator>()
        .AddPolicy<TelemetryOptions, TelemetryOptionsValidator, TelemetryOptionsCrossFieldValidator>();

    /// <summary>
    /// Every policy section, bound and validated at start. One line per capability: the policy, its generated validator,
    /// and its cross-field validator where it has rules across settings (the validators live in <c>Policies/</c>).
    /// </summary>
    private static IServiceCollection AddPolicies(this IServiceCollection services) => services
        .AddPolicy<CompanyPolicy, CompanyPolicyValidator>()
        .AddPolicy<AgingPolicy, AgingPolicyValidator, AgingPolicyCrossFieldValidator>()
        .AddPolicy<AllowancePolicy, AllowancePolicyValidator, AllowancePolicyCrossFieldValidator>()
        .AddPolicy<MetricsPolicy, MetricsPolicyValidator>()
        .AddPolicy<RiskPolicy, RiskPolicyValidator, RiskPolicyCrossFieldValidator>()
        .AddPolicy<CollectionsPolicy, CollectionsPolicyValidator, CollectionsPolicyCrossFieldValidator>()
        .AddPolicy<CreditPolicy, CreditPolicyValidator>()
        .AddPolicy<CashApplicationPolicy, CashApplicationPolicyValidator>();
}
