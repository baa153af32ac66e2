using Connector.Sync.Cycle;
using Connector.Sync.Ports;

namespace Connector.Sync.Runs;

/// <summary>
/// The run journal: each sync cycle <c>connector run</c> starts is recorded with the instance that runs it, when it
/// started and ended, how it ended and what it did; <c>connector runs</c> lists it. With several instances on one
/// PostgreSQL store it is the one place that shows which instance ran what, and that no two cycles overlapped.
/// </summary>
public sealed class RunJournal(IConnectorStoreFactory stores, TimeProvider time)
{
    /// <summary>Records the cycle as running; returns it and the runs found unfinished (their instance died), now closed as interrupted.</summary>
    public async Task<(RunRecord Run, IReadOnlyList<RunRecord> Interrupted)> StartAsync(string runId, string instanceId, string trigger, CancellationToken cancellationToken)
    {
        var run = new RunRecord(runId, instanceId, trigger, time.GetUtcNow(), null, RunOutcome.Running, RunCounts.None);
        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        var interrupted = await store.BeginRunAsync(run, cancellationToken).ConfigureAwait(false);
        return (run, interrupted);
    }

    /// <summary>Records how <paramref name="run"/> ended, now.</summary>
    public async Task<RunRecord> EndAsync(RunRecord run, RunOutcome outcome, RunCounts counts, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var ended = run with { EndedAt = time.GetUtcNow(), Outcome = outcome, Counts = counts, Detail = detail };
        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        await store.EndRunAsync(ended, cancellationToken).ConfigureAwait(false);
        return ended;
    }

    /// <summary>The latest <paramref name="limit"/> runs, oldest first; none when the store does not exist yet.</summary>
    public async Task<IReadOnlyList<RunRecord>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        return store is null ? [] : await store.ListRunsAsync(limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The numbers the journal keeps from a cycle's report.</summary>
    public static RunCounts CountsOf(SyncCycleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var pushed = report.Dataverse.Pushed;
        return new RunCounts(
            report.Ingest.Entities.Sum(static e => e.Read),
            report.Ingest.Quarantined,
            report.Evaluation.Credit.Snapshots.Count,
            report.Evaluation.Portfolio.CustomersOnHold,
            pushed.Sum(static p => p.Sent),
            pushed.Sum(static p => p.Quarantined));
    }
}
