namespace Connector.Sync.Ports;

/// <summary>The values of <c>salesorder.arc_creditstatus</c>, as the store keeps them.</summary>
public static class OrderCreditStatuses
{
    public const string Approved = "Approved";
    public const string Held = "Held";
    public const string Released = "Released";
    public const string Rejected = "Rejected";

    /// <summary>Whether the order waits for a release (Held, or Rejected in Reject mode).</summary>
    public static bool IsHeld(string status) => status is Held or Rejected;
}

/// <summary>
/// A sales order's credit status as the connector last decided it and wrote it on the order (layer 1 of the credit
/// holds): what <c>connector holds list</c> shows, and what the next check compares with to know a transition (held,
/// released) that notifies the order's owner.
/// </summary>
public sealed record StoredOrderCredit
{
    /// <summary>The salesorder's Dataverse id.</summary>
    public required Guid OrderId { get; init; }

    /// <summary>The order number people use (<c>ordernumber</c>), when Dataverse has given it one.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>The order's name (its title on the form).</summary>
    public string? Name { get; init; }

    /// <summary>The ERP customer number of the order's account (through a contact's parent account).</summary>
    public required string CustomerId { get; init; }

    /// <summary>The Dataverse account the order is for.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The order's owner (the systemuser notified); <c>null</c> when owned by a team.</summary>
    public Guid? OwnerId { get; init; }

    /// <summary>The order's total, in the customer's currency, as last checked.</summary>
    public required decimal Amount { get; init; }

    /// <summary>One of <see cref="OrderCreditStatuses"/>.</summary>
    public required string Status { get; init; }

    /// <summary>The sentence written in <c>arc_creditmessage</c>.</summary>
    public required string Message { get; init; }

    /// <summary>Since when the order has been held; <c>null</c> when it is not.</summary>
    public DateTimeOffset? HeldSince { get; init; }

    /// <summary>Notifications sent for this order so far (the next one's id derives from it, so a retry never duplicates).</summary>
    public int Notices { get; init; }

    /// <summary>When the connector last checked it.</summary>
    public required DateTimeOffset CheckedAt { get; init; }
}

/// <summary>
/// A person's release of one held order — in Dynamics (<c>arc_creditstatus</c> Released + <c>arc_releasereason</c>) or
/// with <c>connector holds release --order</c> — honoured as a one-order override by every later check.
/// </summary>
/// <param name="OrderId">The salesorder's Dataverse id.</param>
/// <param name="CustomerId">The ERP customer number of the order's account.</param>
/// <param name="By">Who released it: <c>dynamics:Jane Doe</c>, <c>cli:jdoe</c>.</param>
/// <param name="Reason">Why (mandatory).</param>
/// <param name="On">The day it was released.</param>
/// <param name="Until">The day the release expires (exclusive); <c>null</c>: it does not.</param>
public sealed record StoredOrderRelease(Guid OrderId, string CustomerId, string By, string Reason, DateOnly On, DateOnly? Until);

/// <summary>
/// What one order credit pass decided, committed in one transaction: the orders' statuses, the releases people gave,
/// the audit events of the holds and releases, the writes to Dataverse (outbox: the order's columns, the owner's
/// notification) and the salesorder delta link to resume from. A crash before the commit repeats the pass; after it,
/// the outbox replays the writes, which are idempotent.
/// </summary>
public sealed record OrderCreditCommit
{
    /// <summary>Orders to insert or replace (by <see cref="StoredOrderCredit.OrderId"/>).</summary>
    public IReadOnlyList<StoredOrderCredit> Orders { get; init; } = [];

    /// <summary>Orders to forget: deleted in Dynamics, or no longer active (fulfilled, cancelled).</summary>
    public IReadOnlyList<Guid> Forgotten { get; init; } = [];

    /// <summary>Order releases to insert or replace (by order id).</summary>
    public IReadOnlyList<StoredOrderRelease> Releases { get; init; } = [];

    public IReadOnlyList<AuditEvent> Audit { get; init; } = [];

    /// <summary>Enqueued with the same rules as <see cref="IOutbox.EnqueueAsync"/>.</summary>
    public IReadOnlyList<OutboxItem> Outbox { get; init; } = [];

    /// <summary>The salesorder delta link to store, or <c>null</c> to keep the stored one.</summary>
    public Checkpoint? DeltaLink { get; init; }
}

/// <summary>What the order credit pass (credit holds, layer 1) keeps between runs.</summary>
public interface IOrderCreditState
{
    /// <summary>Every order the connector has checked and not forgotten.</summary>
    Task<IReadOnlyList<StoredOrderCredit>> ReadOrderCreditsAsync(CancellationToken cancellationToken);

    /// <summary>Every order release people gave (the check filters by date).</summary>
    Task<IReadOnlyList<StoredOrderRelease>> ReadOrderReleasesAsync(CancellationToken cancellationToken);

    /// <summary>Applies the commit atomically; returns how many outbox items were queued.</summary>
    Task<int> CommitOrderCreditAsync(OrderCreditCommit commit, CancellationToken cancellationToken);
}
