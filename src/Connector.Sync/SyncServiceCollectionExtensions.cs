using Connector.Domain.Aging;
using Connector.Domain.Allowance;
using Connector.Domain.CashApplication;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Evaluation;
using Connector.Domain.Metrics;
using Connector.Domain.Policies;
using Connector.Sync.Audit;
using Connector.Sync.CashApplication;
using Connector.Sync.Clock;
using Connector.Sync.Collections;
using Connector.Sync.Credit;
using Connector.Sync.Cycle;
using Connector.Sync.DeadLetters;
using Connector.Sync.Failures;
using Connector.Sync.History;
using Connector.Sync.Holds;
using Connector.Sync.Ingest;
using Connector.Sync.Orders;
using Connector.Sync.Ports;
using Connector.Sync.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Sync;

public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// The use cases — the sync cycle, order credit passes, releases, refused records, dead letters, the audit read — and
    /// what they share: the evaluation's policies, the company clock, the credit snapshot the order webhooks read, the
    /// process-wide order gate. The host binds the policies (<see cref="IOptions{TOptions}"/>) and registers the ports:
    /// the store (<c>AddStore</c>), the ERP (<c>AddErp</c>), Dataverse, Graph when configured, the mappings, and
    /// <see cref="ConnectorIdentity"/>.
    /// </summary>
    public static IServiceCollection AddSync(this IServiceCollection services)
    {
        services.AddSingleton(static provider => new EvaluationPolicies
        {
            Company = provider.GetRequiredService<IOptions<CompanyPolicy>>().Value,
            Aging = provider.GetRequiredService<IOptions<AgingPolicy>>().Value,
            Credit = provider.GetRequiredService<IOptions<CreditPolicy>>().Value,
            Collections = provider.GetRequiredService<IOptions<CollectionsPolicy>>().Value,
        });
        services.AddSingleton(static provider => provider.GetRequiredService<IOptions<IngestOptions>>().Value);
        services.AddSingleton(static provider => new CompanyClock(provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IOptions<CompanyPolicy>>().Value));
        services.AddSingleton(static provider => new CreditSnapshotHolder(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICreditSnapshotSink>(static provider => provider.GetRequiredService<CreditSnapshotHolder>());
        services.AddSingleton<ICreditSnapshotState>(static provider => provider.GetRequiredService<CreditSnapshotHolder>());
        services.AddSingleton(static provider => provider.GetRequiredService<IOptions<CreditSnapshotOptions>>().Value);
        services.AddSingleton<CreditSnapshotSharing>();
        services.AddSingleton<CreditSnapshotFollower>();
        services.AddSingleton<OrderCreditGate>();
        services.AddSingleton<OrderCreditPass>();
        services.AddSingleton(static provider => new CashApplicationSync(
            provider.GetRequiredService<IOptions<CashApplicationPolicy>>().Value, provider.GetRequiredService<CompanyClock>()));
        services.AddSingleton<CashDesk>();
        services.AddSingleton(static provider => new DailySnapshots(
            provider.GetRequiredService<IOptions<MetricsPolicy>>().Value,
            provider.GetRequiredService<IOptions<AllowancePolicy>>().Value,
            provider.GetRequiredService<IOptions<HistoryOptions>>().Value,
            provider.GetRequiredService<CompanyClock>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DailySnapshots>>()));
        services.AddSingleton<TrendReader>();
        services.AddSingleton(static provider => new HistoryBackfill(
            provider.GetRequiredService<IConnectorStoreFactory>(),
            provider.GetRequiredService<EvaluationPolicies>(),
            provider.GetRequiredService<DailySnapshots>(),
            provider.GetRequiredService<IOptions<HistoryOptions>>().Value,
            provider.GetRequiredService<CompanyClock>()));
        services.AddSingleton<SyncCycle>();
        services.AddSingleton<Ingestion>();
        services.AddSingleton<HoldReleases>();
        services.AddSingleton<HoldList>();
        services.AddSingleton<CollectionsSend>();
        services.AddSingleton<Statements.StatementSend>();
        services.AddSingleton<RefusedRecords>();
        services.AddSingleton<DeadLetterDesk>();
        services.AddSingleton<AuditJournal>();
        services.AddSingleton<RunJournal>();
        services.AddSingleton<Evidence.EvidencePackBuilder>();
        return services;
    }
}
