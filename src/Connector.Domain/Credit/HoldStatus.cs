namespace Connector.Domain.Credit;

/// <summary>
/// The hold state kept between evaluations, so the next one can tell what changed (placed,
/// released) and write the audit events.
/// </summary>
public sealed record HoldStatus(string CustomerId, bool OnHold, IReadOnlyList<string> Codes, DateOnly? Since)
{
    public static HoldStatus NotOnHold(string customerId) => new(customerId, false, [], null);
}
