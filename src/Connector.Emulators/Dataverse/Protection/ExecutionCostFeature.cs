namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// Per-request accounting set by the front door: handlers add the records they wrote or read, and the front door turns
/// latency + records × per-record cost into the request's execution time (delay and service protection budget).
/// </summary>
public sealed class ExecutionCostFeature
{
    private int records;
    private int recordsRead;

    /// <summary>Records written (created, updated, deleted).</summary>
    public int Records => records;

    /// <summary>Records returned by reads (queries, change tracking pages, retrieves), costed at the read rate.</summary>
    public int RecordsRead => recordsRead;

    public void AddRecords(int count) => Interlocked.Add(ref records, count);

    public void AddRecordsRead(int count) => Interlocked.Add(ref recordsRead, count);
}
