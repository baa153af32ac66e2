using Connector.Domain.Credit;
using Connector.Sync.Ports;

namespace Connector.Webhooks.Decision;

/// <summary>
/// The answer of the synchronous order webhook: allow or refuse, the sentence that says why (Dataverse ignores the
/// body, but logs and tests read it), the credit decision when one was made, and an audit event when the order was
/// let through or refused without figures (policy) or by an override.
/// </summary>
public sealed record OrderCheckResult(bool Allowed, string Sentence, CreditDecision? Decision = null, AuditEvent? Audit = null);
