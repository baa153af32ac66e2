namespace Connector.Worker;

/// <summary>
/// Where each class's <c>[LoggerMessage]</c> EventIds start: this project owns 5000–5999, a hundred per class, so an id
/// in any log names its project and class. The LoggerMessage test keeps every id explicit and unique.
/// </summary>
internal static class LogEventIds
{
    public const int SyncJob = 5000;
    public const int OrderCreditService = 5100;
    public const int WebhookAuditJournal = 5200;
    public const int CommandRun = 5300;
    public const int StatementsJob = 5900;
}
