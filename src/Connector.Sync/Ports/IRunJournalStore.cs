using Connector.Sync.Runs;

namespace Connector.Sync.Ports;

/// <summary>The run journal in the store: one row per sync cycle <c>connector run</c> started, on any instance.</summary>
public interface IRunJournalStore
{
    /// <summary>
    /// Records <paramref name="run"/> as running and, in the same transaction, closes every run still marked running as
    /// <see cref="RunOutcome.Interrupted"/> at <paramref name="run"/>'s start: one sync cycle runs at a time (Quartz's
    /// <c>DisallowConcurrentExecution</c>, across the cluster on PostgreSQL), so an unfinished row is a run whose process died.
    /// </summary>
    /// <returns>The runs closed as interrupted.</returns>
    Task<IReadOnlyList<RunRecord>> BeginRunAsync(RunRecord run, CancellationToken cancellationToken);

    /// <summary>Records how the run ended: its outcome, end time, counts and detail.</summary>
    Task EndRunAsync(RunRecord run, CancellationToken cancellationToken);

    /// <summary>The latest <paramref name="limit"/> runs, oldest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken cancellationToken);
}
