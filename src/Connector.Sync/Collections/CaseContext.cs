using Connector.Domain.Aging;
using Connector.Domain.Collections;
using Connector.Domain.Ledger;
using Connector.Domain.Promises;
using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>
/// What a case's task shows beyond the case itself: the customer's record, their collector, promises and contacts.
/// Everything here is as of the plan; nothing is read from a clock, so the same inputs give the same task.
/// </summary>
public sealed record CaseContext
{
    public required Customer Customer { get; init; }

    /// <summary>The display name of the collector who works the case (null: unassigned or unknown).</summary>
    public string? CollectorName { get; init; }

    /// <summary>
    /// The customer's promises to pay as the promise evaluator judged them on the plan date (active, kept, broken): the
    /// task shows the active and broken ones, since only those change what the collector says.
    /// </summary>
    public IReadOnlyList<PromiseStatus> Promises { get; init; } = [];

    /// <summary>This customer's contact attempts (any order): the last five are shown, and a completed task at the case's level completes it.</summary>
    public IReadOnlyList<StoredContactAttempt> Contacts { get; init; } = [];

    /// <summary>The Dynamics account (its <c>main.aspx</c> URL), linked from the body and the task; null when not pushed yet.</summary>
    public Uri? AccountUrl { get; init; }

    /// <summary>The buckets that label each item's age (the aging report's, so the task and the report agree).</summary>
    public AgingBuckets Buckets { get; init; } = AgingBuckets.Default;

    /// <summary>
    /// The interest and fee the case's step proposes with its letter, counted to the letter's date (so the task does not
    /// change daily); <see cref="LateCharges.None"/> when the step charges nothing.
    /// </summary>
    public LateCharges Charges { get; init; } = LateCharges.None;
}
