using Connector.Sync.Ports;
using Microsoft.Extensions.Logging;

namespace Connector.Webhooks.Decision;

/// <summary>
/// Until layer 1 (order credit status) exists, a changed order is only logged: change tracking will be its safety
/// net anyway. Replace the registration of <see cref="IOrderChangeSink"/> with the real queue.
/// </summary>
public sealed partial class LoggingOrderChangeSink(ILogger<LoggingOrderChangeSink> logger) : IOrderChangeSink
{
    public bool TryOffer(OrderChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        LogChanged(change.OrderId, change.MessageName, change.CorrelationId);
        return true;
    }

    [LoggerMessage(EventId = LogEventIds.LoggingOrderChangeSink + 1, Level = LogLevel.Information, Message = "Order {OrderId} {MessageName} received (correlation {CorrelationId}); no order credit status writer is registered yet")]
    private partial void LogChanged(Guid orderId, string messageName, Guid correlationId);
}
