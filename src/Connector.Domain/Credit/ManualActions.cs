namespace Connector.Domain.Credit;

/// <summary>
/// A person's release of a customer's hold. Until it expires the hold rules do not hold the
/// customer (a manual hold included). <see cref="Reason"/> is mandatory.
/// </summary>
public sealed record HoldRelease
{
    public required string CustomerId { get; init; }
    public required string ReleasedBy { get; init; }
    public required string Reason { get; init; }
    public required DateOnly ReleasedOn { get; init; }

    /// <summary>The day the release expires (no longer suppresses); <c>null</c>: <see cref="ReleasedOn"/> + <c>Credit:DefaultReleaseDays</c>.</summary>
    public DateOnly? Until { get; init; }

    public DateOnly ExpiresOn(int defaultReleaseDays) => Until ?? ReleasedOn.AddDays(defaultReleaseDays);

    /// <summary>In force from the day it was given up to, not including, the day it expires.</summary>
    public bool IsActiveOn(DateOnly date, int defaultReleaseDays) =>
        ReleasedOn <= date && date < ExpiresOn(defaultReleaseDays);
}

/// <summary>A person's permission for one order to pass the credit check despite a hold or the limit.</summary>
public sealed record OrderOverride
{
    public required string OrderId { get; init; }
    public required string CustomerId { get; init; }
    public required string By { get; init; }
    public required string Reason { get; init; }

    /// <summary>The day the override expires; <c>null</c>: it does not expire.</summary>
    public DateOnly? Until { get; init; }

    public bool IsActiveOn(DateOnly date) => Until is not { } until || date < until;
}

/// <summary>A hold placed by a person in Dynamics (<c>arc_manualhold</c>); only a person releases it.</summary>
public sealed record ManualHold
{
    public required string CustomerId { get; init; }
    public required string By { get; init; }
    public required string Reason { get; init; }
    public required DateOnly On { get; init; }
}

/// <summary>
/// The releases, overrides and manual holds people have entered, indexed by customer. Entries
/// without the person or the reason are not honoured; they are listed in <see cref="Ignored"/>.
/// </summary>
public sealed class ManualActions
{
    private readonly Dictionary<string, List<HoldRelease>> releases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OrderOverride>> overrides = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ManualHold>> holds = new(StringComparer.Ordinal);
    private readonly List<string> ignored = [];

    public ManualActions(
        IEnumerable<HoldRelease>? releases = null,
        IEnumerable<OrderOverride>? overrides = null,
        IEnumerable<ManualHold>? manualHolds = null)
    {
        foreach (var release in releases ?? [])
        {
            if (Missing(release.ReleasedBy, release.Reason) is { } what)
            {
                ignored.Add($"release of customer {release.CustomerId} on {release.ReleasedOn:yyyy-MM-dd} ignored: {what}");
                continue;
            }

            Add(this.releases, release.CustomerId, release);
        }

        foreach (var item in overrides ?? [])
        {
            if (Missing(item.By, item.Reason) is { } what)
            {
                ignored.Add($"override of order {item.OrderId} ignored: {what}");
                continue;
            }

            Add(this.overrides, item.OrderId, item);
        }

        foreach (var hold in manualHolds ?? [])
        {
            Add(holds, hold.CustomerId, hold);
        }
    }

    public static ManualActions None { get; } = new();

    /// <summary>The honoured releases, in no particular order (to publish the actions to other instances).</summary>
    public IEnumerable<HoldRelease> Releases => releases.Values.SelectMany(static list => list);

    /// <summary>The honoured one-order overrides, in no particular order.</summary>
    public IEnumerable<OrderOverride> Overrides => overrides.Values.SelectMany(static list => list);

    /// <summary>The manual holds, in no particular order.</summary>
    public IEnumerable<ManualHold> Holds => holds.Values.SelectMany(static list => list);

    /// <summary>Entries not honoured, each with why (a release or override must name who and why).</summary>
    public IReadOnlyList<string> Ignored => ignored;

    /// <summary>The latest release in force on <paramref name="date"/>, or <c>null</c>.</summary>
    public HoldRelease? ActiveRelease(string customerId, DateOnly date, int defaultReleaseDays)
    {
        if (releases.Count == 0 || !releases.TryGetValue(customerId, out var list))
        {
            return null;
        }

        HoldRelease? best = null;
        foreach (var release in list)
        {
            if (release.IsActiveOn(date, defaultReleaseDays) && (best is null || release.ReleasedOn >= best.ReleasedOn))
            {
                best = release;
            }
        }

        return best;
    }

    /// <summary>The manual holds placed in Dynamics for the customer on or before <paramref name="date"/>.</summary>
    public IReadOnlyList<ManualHold> ManualHolds(string customerId, DateOnly date)
    {
        if (holds.Count == 0 || !holds.TryGetValue(customerId, out var list))
        {
            return [];
        }

        var result = new List<ManualHold>(list.Count);
        foreach (var hold in list)
        {
            if (hold.On <= date)
            {
                result.Add(hold);
            }
        }

        return result;
    }

    /// <summary>The override in force on <paramref name="date"/> for exactly this order of this customer, or <c>null</c>.</summary>
    public OrderOverride? OverrideFor(string? orderId, string customerId, DateOnly date)
    {
        if (string.IsNullOrEmpty(orderId) || overrides.Count == 0 || !overrides.TryGetValue(orderId, out var list))
        {
            return null;
        }

        foreach (var item in list)
        {
            if (string.Equals(item.CustomerId, customerId, StringComparison.Ordinal) && item.IsActiveOn(date))
            {
                return item;
            }
        }

        return null;
    }

    private static string? Missing(string? by, string? reason) =>
        string.IsNullOrWhiteSpace(by) ? "it must name the person"
        : string.IsNullOrWhiteSpace(reason) ? "a reason is required"
        : null;

    private static void Add<T>(Dictionary<string, List<T>> index, string key, T item)
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index.Add(key, list);
        }

        list.Add(item);
    }
}
