using System.Data.Common;
using Connector.Domain.Ledger;
using Connector.Erp;
using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Store;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;
using Connector.Worker.Mappings;
using Microsoft.Extensions.Logging;

namespace Connector.Worker.Cli;

/// <summary>The data-in steps commands share: the store, the mappings, the ERP source, the ledger.</summary>
public sealed partial class CommandRun
{
    /// <summary>Opens (and migrates) the configured store; on failure writes one line and returns <c>null</c>.</summary>
    public async Task<IConnectorStore?> OpenStoreAsync(CancellationToken cancellationToken)
    {
        var options = Policy<StoreOptions>();
        try
        {
            return await ConnectorStoreFactory.OpenAsync(options, Time, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // Provider messages name the host and database, never the password.
            await Error.WriteLineAsync($"store ({options.Provider}): cannot open the database: {ex.Message}".AsMemory(), cancellationToken);
            return null;
        }
    }

    /// <summary>Loads and checks every mapping file; on problems writes each on its own line and returns <c>null</c>.</summary>
    public MappingSet? LoadMappings(string? directory = null)
    {
        directory ??= Policy<MappingsOptions>().Directory;
        var load = MappingLoader.LoadDirectory(directory, MappingSolutionColumns.Options());
        foreach (var problem in load.Problems)
        {
            Error.WriteLine(problem.ToString());
        }

        return load.IsValid ? load.Mappings : null;
    }

    /// <summary>An audit event by the person running the command (the OS user), now.</summary>
    public AuditEvent Audit(string action, string subject, string after, string? reason = null) =>
        new(Time.GetUtcNow(), Actor, action, subject, null, after, reason);

    /// <summary>Who the audit journal names for what this command does: <c>cli:</c> and the operating-system user.</summary>
    public string Actor => "cli:" + Environment.UserName;

    public ILogger<T> Logger<T>() => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ILogger<T>>(Services);

    /// <summary>The ERP source the configuration names (a drop folder or a database).</summary>
    public IErpSource ErpSource() => ErpSourceFactory.Create(Policy<ErpOptions>(), Time);

    /// <summary>The ERP writeback next to that source (a folder or staging tables); <c>null</c> when <c>Erp:Writeback</c> is false.</summary>
    public IErpWriteback? ErpWriteback() => ErpSourceFactory.CreateWriteback(Policy<ErpOptions>(), Time);

    /// <summary>
    /// The ledger to evaluate: the canonical folder when <c>--from</c> is given (ad-hoc files), else the store's
    /// ledger. An empty store is an error the user can act on (ingest first).
    /// </summary>
    public async Task<ArLedger?> LoadLedgerAsync(string? from, CancellationToken cancellationToken)
    {
        if (from is not null)
        {
            return TryLoadLedger(from, out var folderLedger) ? folderLedger : null;
        }

        await using var store = await OpenStoreAsync(cancellationToken);
        if (store is null)
        {
            return null;
        }

        if (await store.CountRecordsAsync(CanonicalEntity.Customers, cancellationToken) == 0)
        {
            await Error.WriteLineAsync($"the ledger ({store.Description}) has no customers yet: run 'connector ingest' first, or pass --from DIR with canonical CSV files".AsMemory(), cancellationToken);
            return null;
        }

        var ledger = await LedgerLoader.LoadAsync(store, cancellationToken);
        LogLedgerRead(store.Description, ledger.Accounts.Count);
        return ledger;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read the ledger from {Store}: {Customers} customers")]
    private partial void LogLedgerRead(string store, int customers);
}
