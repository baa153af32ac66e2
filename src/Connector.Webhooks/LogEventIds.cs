namespace Connector.Webhooks;

/// <summary>
/// Where each class's <c>[LoggerMessage]</c> EventIds start: this project owns 4000–4999, a hundred per class, so an id
/// in any log names its project and class. The LoggerMessage test keeps every id explicit and unique.
/// </summary>
internal static class LogEventIds
{
    public const int WebhookEndpoints = 4000;
    public const int WebhookGate = 4100;
    public const int LoggingWebhookAudit = 4200;
    public const int LoggingOrderChangeSink = 4300;
    public const int WebhookHostedService = 4400;
}
