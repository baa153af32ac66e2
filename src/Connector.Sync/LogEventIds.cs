namespace Connector.Sync;

/// <summary>
/// Where each class's <c>[LoggerMessage]</c> EventIds start: this project owns 3000–3999, a hundred per class, so an id
/// in any log names its project and class. The LoggerMessage test keeps every id explicit and unique.
/// </summary>
internal static class LogEventIds
{
    public const int SyncCycle = 3000;
    public const int IngestRunner = 3100;
    public const int CreditSnapshotSharing = 3700;
    public const int CreditSnapshotFollower = 3800;
    public const int BankStatementIntake = 3900;
    public const int DailySnapshots = 4900;
}
