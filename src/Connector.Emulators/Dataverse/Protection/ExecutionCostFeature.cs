namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// Per-request accounting set by the front door: handlers add the records they wrote or read, and the front door turns
/// latency + records × per-record cost into the request's execution time (delay and service protection budget).
/// </summary>
public sealed class ExecutionCostFeature
{
    private int _records;

    public int Records => _records;

    public void AddRecords(int count) => Interlocked.Add(ref _records, count);
}
