namespace Connector.Sync.Collections;

/// <summary>
/// Whether a case's dunning email goes out now, and why (or why not) as a person reads it — what
/// <c>connector collections send --dry-run</c> prints. <see cref="Key"/> (<c>CASE-C1|L3|2026-11-20</c>) names the step's
/// one email: the outbox key that keeps it from being sent twice.
/// </summary>
public sealed record DunningDecision
{
    public required string CaseId { get; init; }
    public required string CustomerId { get; init; }
    public required int Level { get; init; }
    public required bool Send { get; init; }
    public required string Reason { get; init; }

    /// <summary>The customer's addresses (empty when there are none).</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    public required string Key { get; init; }

    /// <summary>The day the step's email is due (a paused case: the day it would resume).</summary>
    public DateOnly EmailDate { get; init; }

    public static string KeyFor(string caseId, int level, DateOnly emailDate) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{caseId}|L{level}|{emailDate:yyyy-MM-dd}");
}
