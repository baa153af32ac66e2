namespace Connector.Domain.Collections;

/// <summary>The collector who works a case, why, and the workload that decided ties.</summary>
public sealed record CollectorAssignment(string? CollectorId, AssignmentReason Reason, string Explanation)
{
    public static CollectorAssignment Unassigned { get; } = new(null, AssignmentReason.None, "no collectors are known");
}
