using Connector.Domain.Credit;
using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>The stored manual actions as the hold rules take them.</summary>
public static class ManualActionConversion
{
    /// <summary>The reason a manual hold set in Dynamics carries: the column has no reason of its own.</summary>
    public const string DynamicsHoldReason = "manual hold set in Dynamics (arc_manualhold)";

    /// <param name="orderReleases">Releases of single orders (one-order overrides), each known by the order's id and, when given, its number.</param>
    /// <param name="orderNumbers">Order id → order number, so the order webhook (which names an order by its number) finds the override too.</param>
    public static ManualActions ToDomain(
        IReadOnlyList<ManualAction> actions,
        IReadOnlyList<StoredOrderRelease>? orderReleases = null,
        IReadOnlyDictionary<Guid, string>? orderNumbers = null)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var holds = new List<ManualHold>();
        var releases = new List<HoldRelease>();
        foreach (var action in actions)
        {
            if (action.Kind == ManualActionKinds.Hold)
            {
                holds.Add(new ManualHold { CustomerId = action.CustomerId, By = action.By, Reason = action.Reason ?? DynamicsHoldReason, On = action.On });
            }
            else if (action.Kind == ManualActionKinds.Release)
            {
                // A release without a reason is passed on so the rules report it as ignored, rather than dropped here unseen.
                releases.Add(new HoldRelease { CustomerId = action.CustomerId, ReleasedBy = action.By, Reason = action.Reason ?? "", ReleasedOn = action.On, Until = action.Until });
            }
        }

        var overrides = new List<OrderOverride>();
        foreach (var release in orderReleases ?? [])
        {
            overrides.Add(new OrderOverride { OrderId = release.OrderId.ToString("D"), CustomerId = release.CustomerId, By = release.By, Reason = release.Reason, Until = release.Until });
            if (orderNumbers is not null && orderNumbers.TryGetValue(release.OrderId, out var number))
            {
                overrides.Add(new OrderOverride { OrderId = number, CustomerId = release.CustomerId, By = release.By, Reason = release.Reason, Until = release.Until });
            }
        }

        return new ManualActions(releases, overrides, holds);
    }

    public static Dictionary<string, HoldStatus> ToDomain(IReadOnlyList<StoredHoldStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var byCustomer = new Dictionary<string, HoldStatus>(statuses.Count, StringComparer.Ordinal);
        foreach (var status in statuses)
        {
            var codes = status.Codes.Length == 0 ? [] : status.Codes.Split(';');
            byCustomer[status.CustomerId] = new HoldStatus(status.CustomerId, status.OnHold, codes, status.Since);
        }

        return byCustomer;
    }
}
