using Connector.Sync.Ports;
using Microsoft.Extensions.Logging;

namespace Connector.Webhooks.Decision;

/// <summary>
/// Writes the webhook's audit events to the log (the worker's JSON log file keeps them). The store's audit journal is
/// opened per sync run, not held by the webhook; moving these events into it is left to the layer-1 queue.
/// </summary>
public sealed partial class LoggingWebhookAudit(ILogger<LoggingWebhookAudit> logger) : IWebhookAudit
{
    public void Record(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        LogAudit(auditEvent.Actor, auditEvent.Action, auditEvent.Subject, auditEvent.After, auditEvent.Reason);
    }

    [LoggerMessage(EventId = LogEventIds.LoggingWebhookAudit + 1, Level = LogLevel.Warning, Message = "Audit {Actor} {Action} {Subject}: {Outcome} — {Reason}")]
    private partial void LogAudit(string actor, string action, string subject, string? outcome, string? reason);
}
