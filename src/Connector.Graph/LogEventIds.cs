namespace Connector.Graph;

/// <summary>
/// Where each class's <c>[LoggerMessage]</c> EventIds start: this project owns 2000–2999, a hundred per class, so an id
/// in any log names its project and class. The LoggerMessage test keeps every id explicit and unique.
/// </summary>
internal static class LogEventIds
{
    public const int GraphPipelines = 2000;
}
