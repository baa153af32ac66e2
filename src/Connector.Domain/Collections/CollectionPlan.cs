namespace Connector.Domain.Collections;

/// <summary>A customer with something overdue but no case, and why (disputed only, below materiality, not evaluable).</summary>
public sealed record SkippedCustomer(string CustomerId, CollectionOutcome Outcome, string Reason);

/// <summary>The cases of one assignee (collector or AR manager), highest priority first.</summary>
public sealed record CollectorQueue(string AssigneeId, string Name, IReadOnlyList<CollectionCase> Cases);

/// <summary>Every collection case on one date, the queues to work them, and what changed since the last plan.</summary>
public sealed record CollectionPlan
{
    public required DateOnly AsOf { get; init; }
    public required string CompanyCurrency { get; init; }

    /// <summary>All cases, highest priority first (ties: customer id).</summary>
    public required IReadOnlyList<CollectionCase> Cases { get; init; }

    /// <summary>One queue per assignee, by assignee id; each ordered by priority descending.</summary>
    public required IReadOnlyList<CollectorQueue> Queues { get; init; }

    /// <summary>Cases nobody could be assigned (no collectors known).</summary>
    public required IReadOnlyList<CollectionCase> Unassigned { get; init; }

    public required IReadOnlyList<SkippedCustomer> Skipped { get; init; }

    /// <summary>New, updated, unchanged and closed cases against the previous plan's cases.</summary>
    public required IReadOnlyList<CaseChange> Changes { get; init; }

    /// <summary>The cases a task writer must touch: everything but <see cref="ChangeKind.Unchanged"/>.</summary>
    public IEnumerable<CaseChange> ChangedCases => Changes.Where(static c => c.Kind != ChangeKind.Unchanged);

    public CollectionCase? Find(string customerId) =>
        Cases.FirstOrDefault(c => string.Equals(c.CustomerId, customerId, StringComparison.Ordinal));
}
