using System.Globalization;
using Connector.Domain.Currencies;

namespace Connector.Domain.Credit;

/// <summary>
/// The sentence a sales rep reads about a credit decision, for example
/// <c>Order blocked: Contoso Ltd is on credit hold — 3 invoices more than 60 days overdue (12,400.00 USD);
/// exposure 61,200.00 USD against a limit of 50,000.00 USD. Contact Jane Doe (Collections) to request a release.</c>
/// </summary>
internal static class CreditMessage
{
    public static string For(
        CustomerCreditSnapshot snapshot,
        CreditOutcome outcome,
        OrderOverride? granted,
        string? missing,
        IReadOnlyList<LimitOutcome> limits,
        decimal? amount,
        decimal? after,
        decimal tolerancePercent)
    {
        var problems = Problems(snapshot, missing, limits, amount, tolerancePercent);
        if (outcome == CreditOutcome.Blocked)
        {
            var purpose = snapshot.Hold.OnHold ? "request a release" : "request an override";
            return $"Order blocked: {string.Join("; ", problems)}. {HoldSentence.Contact(snapshot.Collector, purpose)}";
        }

        if (granted is not null)
        {
            return $"Order allowed by override of {granted.By} ({granted.Reason}): {string.Join("; ", problems)}.";
        }

        return $"Order allowed: {string.Join("; ", Headroom(snapshot, limits, after))}.";
    }

    /// <summary>What stands in the way of the order, one clause each.</summary>
    private static List<string> Problems(
        CustomerCreditSnapshot snapshot,
        string? missing,
        IReadOnlyList<LimitOutcome> limits,
        decimal? amount,
        decimal tolerancePercent)
    {
        var clauses = new List<string>(3);
        var hold = snapshot.Hold;
        var name = snapshot.CustomerName;
        if (hold.OnHold)
        {
            clauses.Add($"{name} is on credit hold — {HoldSentence.OnHoldReasons(hold)}");
        }

        if (missing is not null)
        {
            clauses.Add($"the credit of {name} cannot be checked: {missing}");
            return clauses;
        }

        foreach (var limit in limits)
        {
            // A limit the hold already names (OVER_LIMIT of the same scope) is not said twice.
            if (!limit.Exceeded || (hold.OnHold && hold.Reasons.Any(r => r.Code == CreditCodes.OverLimit && r.GroupId == limit.GroupId)))
            {
                continue;
            }

            var afterText = CurrencyUnits.Format(limit.ExposureAfter, limit.Currency);
            var limitText = CurrencyUnits.Format(limit.Limit ?? 0m, limit.Currency) + Tolerance(tolerancePercent);
            var orderText = amount is { } a ? $"this order of {CurrencyUnits.Format(a, snapshot.Currency)}" : "this order";
            var headroom = CurrencyUnits.Format(Math.Max(0m, (limit.Limit ?? 0m) - limit.ExposureBefore), limit.Currency);
            clauses.Add(limit switch
            {
                { GroupId: not null, Limit: 0m } =>
                    $"the group of {limit.GroupName} has no credit (cash in advance) and {orderText} would bring its exposure to {afterText}",
                { GroupId: not null } =>
                    $"{orderText} would bring the group exposure of {limit.GroupName} to {afterText}, above the group limit of {limitText} ({headroom} available)",
                { Limit: 0m } =>
                    $"{name} has no credit (cash in advance) and {orderText} would bring its exposure to {afterText}",
                _ =>
                    $"{orderText} would bring {name}'s exposure to {afterText}, above its limit of {limitText} ({headroom} available)",
            });
        }

        return clauses;
    }

    /// <summary>For an allowed order: where the exposure stands against each limit.</summary>
    private static List<string> Headroom(CustomerCreditSnapshot snapshot, IReadOnlyList<LimitOutcome> limits, decimal? after)
    {
        var clauses = new List<string>(2);
        var currency = snapshot.Currency;
        var afterText = CurrencyUnits.Format(after ?? 0m, currency);
        if (snapshot.CreditLimit is { } limit)
        {
            var own = limits.FirstOrDefault(static l => l.GroupId is null);
            var ownAvailable = Math.Max(0m, limit - (own?.ExposureAfter ?? after ?? 0m));
            clauses.Add($"exposure after this order {afterText} of a {CurrencyUnits.Format(limit, currency)} limit ({CurrencyUnits.Format(ownAvailable, currency)} available)");
        }
        else
        {
            clauses.Add($"exposure after this order {afterText} (no credit limit set)");
        }

        foreach (var group in limits)
        {
            if (group is { GroupId: not null, Limit: { } groupLimit })
            {
                var groupAvailable = Math.Max(0m, groupLimit - group.ExposureAfter);
                clauses.Add($"group exposure {CurrencyUnits.Format(group.ExposureAfter, group.Currency)} of the {CurrencyUnits.Format(groupLimit, group.Currency)} group limit of {group.GroupName} ({CurrencyUnits.Format(groupAvailable, group.Currency)} available)");
            }
        }

        if (snapshot.Hold.SuppressedByRelease && snapshot.Hold.Release is { } release)
        {
            clauses.Add($"credit hold released by {release.ReleasedBy} until {snapshot.Hold.ReleaseExpiresOn:yyyy-MM-dd}");
        }

        return clauses;
    }

    private static string Tolerance(decimal tolerancePercent) =>
        tolerancePercent > 0m ? $" (+{tolerancePercent.ToString("0.##", CultureInfo.InvariantCulture)}% tolerance)" : "";
}
