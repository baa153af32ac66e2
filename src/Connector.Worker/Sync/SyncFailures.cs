using Connector.Dataverse.Authentication;
using Connector.Dataverse.WebApi;
using Connector.Erp;
using Connector.Store;
using Connector.Sync.Cycle;
using Connector.Sync.Ports;
using Connector.Worker.Cli;

namespace Connector.Worker.Sync;

/// <summary>
/// What a cycle's known failures mean to the person reading them, in one line each: the same words whether the cycle
/// ran from <c>sync --once</c> or on <c>run</c>'s schedule. Nothing is lost in any of them: what was not sent stays queued.
/// </summary>
public static class SyncFailures
{
    /// <summary>The lines that explain <paramref name="failure"/>, or <c>null</c> when it is not one the cycle expects.</summary>
    /// <param name="failure">What ended the cycle.</param>
    /// <param name="runId">The cycle's SyncRunId.</param>
    /// <param name="store">The store's description (<c>sqlite data/connector.db</c>), for a failure of the store.</param>
    public static IReadOnlyList<string>? Describe(Exception failure, string runId, string store)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure switch
        {
            InvalidMappingsException mappings => [.. mappings.Problems.Select(static p => p.ToString()), $"sync {runId}: {mappings.Message}"],
            ErpSourceException erp => [$"sync {runId}: {erp.Message}"],

            // The sign-in authority failed, not Dataverse (which was never asked): the line names the authority.
            DataverseAuthenticationException signIn => [$"sync {runId}: {signIn.Message}; what was not sent stays queued for the next run"],

            // A 4xx on the whole call (not one record) means the environment is not ready: a table, key or change tracking missing.
            DataverseException dataverse => [$"sync {runId}: Dataverse: {dataverse.Message}; what was not sent stays queued for the next run"
                + (dataverse.StatusCode is >= 400 and < 500 and not 429 ? "; 'connector dataverse check' tells what the environment lacks" : "")],

            // Dataverse and Outlook are done; the writeback rows stay queued and go with the next run.
            ErpWritebackException writeback => [$"sync {runId}: {writeback.Message}; the writeback rows stay queued for the next run"],

            // Dataverse is done; the collections intents not written stay queued for the next run.
            TaskBoardException graph => [$"sync {runId}: Graph: {graph.Message}; the collection tasks not written stay queued for the next run"],
            _ when CommandRun.StoreFailure(failure) => [$"sync {runId}: {StoreFailures.Describe(failure, store)}; nothing committed is lost, and the next run resumes from there"],
            _ => null,
        };
    }
}
