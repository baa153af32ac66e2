namespace Connector.Sync.Ports;

/// <summary>A sales order Dataverse reported as created or changed (the asynchronous PostOperation webhook).</summary>
/// <param name="OrderId">The salesorder's Dataverse id.</param>
/// <param name="MessageName"><c>Create</c> or <c>Update</c>.</param>
/// <param name="CorrelationId">Dataverse's correlation id of the operation, to find it in its logs; empty when absent.</param>
/// <param name="ReceivedAt">When the connector received it.</param>
public sealed record OrderChange(Guid OrderId, string MessageName, Guid CorrelationId, DateTimeOffset ReceivedAt);

/// <summary>
/// Where the asynchronous order webhook hands each new or changed order, for layer 1 of the credit holds (write
/// <c>arc_creditstatus</c>/<c>arc_creditmessage</c> on the order and notify its owner). The webhook answers 202 as
/// soon as the order is offered, so an implementation must only enqueue (a bounded channel, the outbox), never call
/// Dataverse inline: Dataverse waits for the answer and counts a slow one against the step. Change tracking is the
/// safety net for an order a full queue drops, so offering may refuse (return <c>false</c>) rather than block.
/// </summary>
public interface IOrderChangeSink
{
    /// <summary>Queues the change; <c>false</c> when it could not be queued (the change-tracking pass picks it up later).</summary>
    bool TryOffer(OrderChange change);
}
