using System.Data.Common;
using System.Diagnostics;
using Connector.Domain.Evaluation;
using Connector.Erp.Canonical;
using Connector.Mapping.Loading;
using Connector.Store;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;
using Connector.Worker.Mappings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Worker.Cli;

/// <summary>The data-in steps commands share: the store, the mappings, the evaluation.</summary>
public sealed partial class CommandRun
{
    /// <summary>The configured store, for people to read (<c>sqlite data/connector.db</c>).</summary>
    public string StoreDescription => Services.GetRequiredService<IConnectorStoreFactory>().Description;

    /// <summary>Opens (and migrates) the configured store; on failure writes one line and returns <c>null</c>.</summary>
    public async Task<IConnectorStore?> OpenStoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Services.GetRequiredService<IConnectorStoreFactory>().OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (StoreFailure(ex))
        {
            await Error.WriteLineAsync(StoreProblem(ex).AsMemory(), cancellationToken);
            return null;
        }
    }

    /// <summary>Whether <paramref name="ex"/> is the store refusing to open or answer (a locked file, a server away): one line for people.</summary>
    public static bool StoreFailure(Exception ex) => ex is DbException or InvalidOperationException or IOException or UnauthorizedAccessException;

    /// <summary>The one line that says why the store could not be opened; provider messages name the host and database, never the password.</summary>
    public string StoreProblem(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return StoreFailures.Classify(ex) == StoreFailureKind.Other
            ? $"store ({StoreDescription}): cannot open the database: {ex.Message}"
            : StoreFailures.Describe(ex, StoreDescription);
    }

    /// <summary>What failed in the store while a command worked, and what to do (<c>store (sqlite …): the disk is full (…): free space …</c>).</summary>
    public string StoreFailureLine(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return StoreFailures.Describe(ex, StoreDescription);
    }

    /// <summary>Loads and checks every mapping file; on problems writes each on its own line and returns <c>null</c>.</summary>
    public MappingSet? LoadMappings(string? directory = null)
    {
        var load = directory is null ? Services.GetRequiredService<IMappingsSource>().Load() : MappingLoader.LoadDirectory(directory, MappingSolutionColumns.Options());
        foreach (var problem in load.Problems)
        {
            Error.WriteLine(problem.ToString());
        }

        return load.IsValid ? load.Mappings : null;
    }

    /// <summary>Who the audit journal names for what this command does: <c>cli:</c> and the operating-system user.</summary>
    public static string Actor => "cli:" + Environment.UserName;

    public ILogger<T> Logger<T>() => Services.GetRequiredService<ILogger<T>>();

    /// <summary>The policies one evaluation needs, as configured.</summary>
    public EvaluationPolicies EvaluationPolicies() => Services.GetRequiredService<EvaluationPolicies>();

    /// <summary>
    /// The one evaluation a command reports on, as of <paramref name="asOf"/>: a canonical folder when <c>--from</c> is given
    /// (ad-hoc files, nothing the store knows), else the store's ledger with everything the store knows — releases,
    /// manual holds, overrides, contacts, open cases — exactly as the next sync would evaluate it. Nothing is written.
    /// <c>null</c> after writing why (bad files, no ledger yet).
    /// </summary>
    public async Task<LedgerEvaluation?> EvaluateAsync(string? from, DateOnly asOf, CancellationToken cancellationToken)
    {
        if (from is not null)
        {
            return ReadFolder(from) is { } ledger ? LedgerEvaluator.Evaluate(ledger, EvaluationState.Empty, EvaluationPolicies(), asOf) : null;
        }

        IConnectorStore? store;
        try
        {
            store = await Services.GetRequiredService<IConnectorStoreFactory>().OpenExistingAsync(cancellationToken);
        }
        catch (Exception ex) when (StoreFailure(ex))
        {
            await Error.WriteLineAsync(StoreProblem(ex).AsMemory(), cancellationToken);
            return null;
        }

        if (store is null)
        {
            await Error.WriteLineAsync($"the ledger ({StoreDescription}) has no customers yet: run 'connector ingest' first, or pass --from DIR with canonical CSV files".AsMemory(), cancellationToken);
            return null;
        }

        await using (store)
        {
            var evaluation = await LedgerEvaluator.EvaluateAsync(store, EvaluationPolicies(), asOf, cancellationToken);
            if (evaluation.Ledger.Accounts.Count == 0)
            {
                await Error.WriteLineAsync($"the ledger ({store.Description}) has no customers yet: run 'connector ingest' first, or pass --from DIR with canonical CSV files".AsMemory(), cancellationToken);
                return null;
            }

            LogLedgerRead(store.Description, evaluation.Ledger.Accounts.Count);
            return evaluation;
        }
    }

    /// <summary>
    /// Reads a canonical folder, all or nothing. On bad data writes every error to stderr, one line each, and returns
    /// <c>null</c>: the command then exits with <see cref="ExitCodes.UserMustAct"/>.
    /// </summary>
    public Domain.Ledger.ArLedger? ReadFolder(string folder)
    {
        var stopwatch = Stopwatch.StartNew();
        var load = CanonicalFolderReader.Read(folder);
        if (load.Ledger is null)
        {
            foreach (var error in load.Errors)
            {
                Error.WriteLine(error.ToString());
            }

            LogRejected(folder, load.Errors.Count);
            return null;
        }

        LogLoaded(folder, load.Ledger.Accounts.Count, stopwatch.ElapsedMilliseconds);
        return load.Ledger;
    }

    [LoggerMessage(EventId = LogEventIds.CommandRun + 1, Level = LogLevel.Information, Message = "Read the ledger from {Store}: {Customers} customers")]
    private partial void LogLedgerRead(string store, int customers);

    [LoggerMessage(EventId = LogEventIds.CommandRun + 2, Level = LogLevel.Information, Message = "Read {Folder}: {Customers} customers in {ElapsedMs} ms")]
    private partial void LogLoaded(string folder, int customers, long elapsedMs);

    [LoggerMessage(EventId = LogEventIds.CommandRun + 3, Level = LogLevel.Information, Message = "Rejected {Folder}: {Errors} errors")]
    private partial void LogRejected(string folder, int errors);
}
