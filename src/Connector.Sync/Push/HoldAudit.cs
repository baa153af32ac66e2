using Connector.Domain.Credit;
using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>A hold transition as the audit journal keeps it: who, what, on which customer, codes before and after, why.</summary>
internal static class HoldAudit
{
    public static AuditEvent Of(HoldTransition transition, DateTimeOffset at)
    {
        var action = transition.Kind switch
        {
            HoldTransitionKind.Placed => "hold.placed",
            HoldTransitionKind.ReleasedAutomatically => "hold.released",
            HoldTransitionKind.ReleasedByPerson => "hold.released-by-person",
            HoldTransitionKind.ReasonsChanged => "hold.reasons-changed",
            HoldTransitionKind.OverrideUsed => "hold.override-used",
            _ => "hold." + transition.Kind.ToString().ToLowerInvariant(),
        };
        var codes = transition.Codes.Count == 0 ? null : string.Join(';', transition.Codes);
        return new AuditEvent(at, transition.By, action, "customer:" + transition.CustomerId, null, codes, Reason(transition));
    }

    private static string? Reason(HoldTransition transition)
    {
        var details = transition.Details;
        return transition.Reason is { Length: > 0 } reason
            ? details.Length > 0 ? reason + " — " + details : reason
            : details.Length > 0 ? details : null;
    }
}
