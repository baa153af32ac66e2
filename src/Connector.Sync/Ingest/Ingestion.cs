using Connector.Mapping.Canonical;
using Connector.Sync.Bank;
using Connector.Sync.Cycle;
using Connector.Sync.Ports;
using Microsoft.Extensions.Logging;

namespace Connector.Sync.Ingest;

/// <summary>
/// Ingest on its own (<c>connector ingest</c>, the demo's first step): the admin's mappings, checked afresh, read the
/// configured ERP into the store's ledger, then the bank's statements (<see cref="BankStatementIntake"/>). The sync cycle runs
/// the same two as its second step.
/// </summary>
public sealed class Ingestion
{
    private readonly IConnectorStoreFactory stores;
    private readonly IMappingsSource mappings;
    private readonly IErpConnection erp;
    private readonly IngestOptions options;
    private readonly ILogger<IngestRunner> logger;
    private readonly BankStatementIntake? bank;

    /// <param name="bank">The bank's statements, read after the ERP; <c>null</c> when the host has no bank side.</param>
    public Ingestion(IConnectorStoreFactory stores, IMappingsSource mappings, IErpConnection erp, IngestOptions options, ILogger<IngestRunner> logger, BankStatementIntake? bank = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(mappings);
        ArgumentNullException.ThrowIfNull(erp);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.stores = stores;
        this.mappings = mappings;
        this.erp = erp;
        this.options = options;
        this.logger = logger;
        this.bank = bank;
    }

    /// <exception cref="InvalidMappingsException">The mappings have problems; nothing was read.</exception>
    public async Task<IngestReport> RunAsync(IReadOnlyCollection<CanonicalEntity>? entities, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var load = mappings.Load();
        if (!load.IsValid)
        {
            throw new InvalidMappingsException(mappings.Location, load.Problems);
        }

        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        var report = await new IngestRunner(store, erp.OpenSource(), load.Mappings!, options, logger).RunAsync(entities, progress, cancellationToken).ConfigureAwait(false);
        return bank is not { IsConfigured: true } ? report : report with { Bank = await bank.RunAsync(store, cancellationToken).ConfigureAwait(false) };
    }
}
