using Connector.Sync.Ports;

namespace Connector.Sync.Orders;

/// <summary>Which way an order's credit status moved, when its owner must hear of it.</summary>
public enum OrderNoticeKind
{
    Held,
    Released,
}

/// <summary>
/// The outcome of checking one order: its new stored state, whether its columns must be written, the notification
/// its owner gets, the audit events, and a release a person just gave in Dynamics.
/// </summary>
public sealed record OrderVerdict(
    StoredOrderCredit State,
    bool Write,
    OrderNoticeKind? Notice,
    IReadOnlyList<AuditEvent> Audit,
    StoredOrderRelease? NewRelease);
