namespace Connector.Dataverse;

/// <summary>
/// Where each class's <c>[LoggerMessage]</c> EventIds start: this project owns 1000–1999, a hundred per class, so an id
/// in any log names its project and class. The LoggerMessage test keeps every id explicit and unique.
/// </summary>
internal static class LogEventIds
{
    public const int DataversePipelines = 1000;
    public const int AdaptiveConcurrencyHandler = 1100;
    public const int WebApiDataverse = 1200;
}
