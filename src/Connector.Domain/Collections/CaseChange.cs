namespace Connector.Domain.Collections;

public enum ChangeKind
{
    /// <summary>A customer who had no open case now has one.</summary>
    New,

    /// <summary>The case exists and something the task shows changed (see <see cref="CaseChange.Changes"/>).</summary>
    Updated,

    /// <summary>Nothing the task shows changed: the writer leaves it alone.</summary>
    Unchanged,

    /// <summary>The overdue balance is cleared (or only disputed items remain): complete the task.</summary>
    Closed,
}

/// <summary>How a case moved since the previous plan, with what changed as a person reads it.</summary>
public sealed record CaseChange(
    string CaseId,
    string CustomerId,
    ChangeKind Kind,
    CollectionCase? Current,
    CollectionCase? Previous,
    IReadOnlyList<string> Changes);
