namespace Connector.Sync.Runs;

/// <summary>One row of the run journal.</summary>
/// <param name="RunId">The cycle's <c>SyncRunId</c> (on every log line of the cycle).</param>
/// <param name="InstanceId">The <c>connector run</c> instance that ran it (<c>Quartz:InstanceId</c>).</param>
/// <param name="Trigger">What started it: <c>schedule</c>, <c>startup</c> or <c>recovery</c> (taken over from a dead instance).</param>
/// <param name="Detail">Why it failed, or which run it took over; <c>null</c> when there is nothing to say.</param>
public sealed record RunRecord(
    string RunId,
    string InstanceId,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    RunOutcome Outcome,
    RunCounts Counts,
    string? Detail = null);
