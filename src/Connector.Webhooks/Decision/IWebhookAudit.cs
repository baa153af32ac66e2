using Connector.Sync.Ports;

namespace Connector.Webhooks.Decision;

/// <summary>
/// Where the order webhook records its audit events (an order let through or refused by policy, an override used).
/// Called on the request path, so it must only enqueue or log, never wait for a database.
/// </summary>
public interface IWebhookAudit
{
    void Record(AuditEvent auditEvent);
}
