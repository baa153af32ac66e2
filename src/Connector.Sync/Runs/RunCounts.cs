namespace Connector.Sync.Runs;

/// <summary>What a cycle did, in the numbers <c>connector runs</c> shows.</summary>
public sealed record RunCounts(long RowsRead, long RowsQuarantined, int Customers, int CustomersOnHold, int RecordsSent, int RecordsRefused)
{
    public static readonly RunCounts None = new(0, 0, 0, 0, 0, 0);
}
