namespace Connector.Sync.Holds;

/// <summary>An AR manager's release of a customer's credit hold.</summary>
/// <param name="Until">The day the release ends; <c>null</c>: <c>Credit:DefaultReleaseDays</c> from today.</param>
/// <param name="Force">Record it even when no hold rule fires for the customer now (a release given ahead).</param>
public sealed record CustomerReleaseRequest(string CustomerId, string Reason, DateOnly? Until, string By, bool Force = false);

/// <summary>An AR manager's release of one sales order (by its order number or Dataverse id).</summary>
public sealed record OrderReleaseRequest(string Order, string Reason, DateOnly? Until, string By);

public enum ReleaseOutcome
{
    /// <summary>Recorded and audited; the next sync applies it in Dynamics and the ERP.</summary>
    Recorded,

    /// <summary>Nothing holds the customer: not recorded (no <c>--force</c>).</summary>
    NotOnHold,

    /// <summary>The request itself is wrong (no reason, a reason too long, an end not after today).</summary>
    Invalid,

    /// <summary>No such customer in the ledger, or no such order among those checked.</summary>
    Unknown,
}

/// <summary>What a release did, and the sentences to tell the person who asked.</summary>
public sealed record ReleaseResult(ReleaseOutcome Outcome, IReadOnlyList<string> Lines)
{
    public bool IsRecorded => Outcome == ReleaseOutcome.Recorded;

    internal static ReleaseResult Of(ReleaseOutcome outcome, params string[] lines) => new(outcome, lines);
}
