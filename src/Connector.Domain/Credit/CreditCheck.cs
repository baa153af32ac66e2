using Connector.Domain.Currencies;
using Connector.Domain.Exposure;
using Connector.Domain.Ledger;

namespace Connector.Domain.Credit;

/// <summary>
/// The credit check of a new or changed order. Blocked when the customer is on hold, when the
/// exposure after the order exceeds the limit (+ tolerance) of the customer or of a group it belongs
/// to, or when the credit cannot be evaluated; a one-order override lets exactly that order pass.
/// An edit checks only what it adds.
/// </summary>
public static class CreditCheck
{
    /// <summary>Decides from a precomputed snapshot: no ledger access, safe on many threads.</summary>
    /// <param name="actions">Overrides entered since the snapshot (and before); <c>null</c>: none.</param>
    public static CreditDecision Check(CustomerCreditSnapshot snapshot, OrderRequest order, CreditPolicy policy, ManualActions? actions = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(policy);
        if (!string.Equals(order.CustomerId, snapshot.CustomerId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The order names customer '{order.CustomerId}' but the snapshot is of '{snapshot.CustomerId}'.", nameof(order));
        }

        var on = order.On ?? snapshot.AsOf;
        var currency = snapshot.Currency;
        var hold = snapshot.Hold;
        var reasons = new List<string>(4);
        if (hold.OnHold)
        {
            reasons.Add(CreditCodes.OnHold);
            reasons.AddRange(hold.Codes);
        }

        var missing = snapshot.Exposure.NotEvaluableReason;
        foreach (var group in snapshot.Groups)
        {
            missing ??= group.NotEvaluableReason;
        }

        decimal? amount = null, increase = null, before = null, after = null;
        var limits = new List<LimitOutcome>(1 + snapshot.Groups.Count);
        if (missing is null)
        {
            var orderCurrency = order.Currency ?? currency;
            if (!snapshot.Rates.TryConvert(order.Amount, orderCurrency, currency, out var converted, out var why))
            {
                missing = why;
            }
            else
            {
                var counted = snapshot.Exposure.CountedAmountOf(order.OrderId);
                var existing = 0m;
                if (counted is null && order.ExistingAmount is { } given)
                {
                    if (snapshot.Rates.TryConvert(given, orderCurrency, currency, out var old, out why))
                    {
                        existing = old;
                    }
                    else
                    {
                        missing = why;
                    }
                }

                amount = converted;
                increase = converted - (counted ?? existing);
                before = snapshot.Exposure.Total;
                after = before + increase;
                missing ??= Limits(snapshot, policy, increase.Value, limits);
            }
        }

        if (missing is not null)
        {
            reasons.Add(CreditCodes.NotEvaluable);
            (amount, increase, before, after) = (null, null, null, null);
            limits.Clear();
        }

        foreach (var limit in limits)
        {
            if (limit.Exceeded)
            {
                AddOnce(reasons, limit.GroupId is not null ? CreditCodes.GroupOverLimit
                    : limit.Limit == 0m ? CreditCodes.NoCredit
                    : CreditCodes.OverLimit);
            }
        }

        var blocked = reasons.Count > 0;
        var granted = blocked ? (actions ?? ManualActions.None).OverrideFor(order.OrderId, snapshot.CustomerId, on) : null;
        var outcome = blocked && granted is null ? CreditOutcome.Blocked : CreditOutcome.Allowed;
        decimal? available = after is null ? null
            : Available(snapshot, before!.Value, outcome == CreditOutcome.Allowed ? increase!.Value : 0m);
        var message = CreditMessage.For(snapshot, outcome, granted, missing, limits, amount, after, policy.TolerancePercent);

        return new CreditDecision
        {
            Outcome = outcome,
            CustomerId = snapshot.CustomerId,
            CustomerName = snapshot.CustomerName,
            OrderId = order.OrderId,
            On = on,
            Currency = currency,
            Reasons = reasons,
            HoldCodes = hold.OnHold ? hold.Codes : [],
            Message = message,
            OrderAmount = amount,
            Increase = increase,
            ExposureBefore = before,
            ExposureAfter = after,
            CreditLimit = snapshot.CreditLimit,
            AvailableCredit = available,
            Limits = limits,
            OverdueAmount = hold.Overdue.OverdueAmount,
            OldestOverdueDays = hold.Overdue.OldestOverdueDays,
            Collector = snapshot.Collector.Name,
            Override = granted,
        };
    }

    /// <summary>
    /// Checks straight from the ledger (the CLI): builds the customer's snapshot, its group members
    /// included, then decides. An unknown customer is blocked with <c>UNKNOWN_CUSTOMER</c>.
    /// </summary>
    public static CreditDecision Check(
        ArLedger ledger,
        RatesAsOf rates,
        OrderRequest order,
        CreditPolicy policy,
        ManualActions? actions = null,
        HoldStatus? previous = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(policy);
        var account = ledger.Find(order.CustomerId);
        if (account is null)
        {
            return new CreditDecision
            {
                Outcome = CreditOutcome.Blocked,
                CustomerId = order.CustomerId,
                CustomerName = order.CustomerId,
                OrderId = order.OrderId,
                On = order.On ?? rates.AsOf,
                Currency = order.Currency ?? rates.CompanyCurrency,
                Reasons = [CreditCodes.UnknownCustomer],
                Message = $"Order blocked: customer {order.CustomerId} is not known to the AR ledger. {HoldSentence.Contact(CollectorContact.Team, "check the customer number")}",
                Collector = CollectorContact.TeamName,
            };
        }

        var table = new RateTable(rates, RateCurrencies(ledger, order));
        var snapshot = CreditEvaluator.Snapshot(
            account,
            new ExposureBook(rates, policy.SubtractUnappliedCash),
            policy,
            table,
            CollectorContact.Index(ledger.Collectors),
            actions,
            previous);
        return Check(snapshot, order, policy, actions);
    }

    /// <summary>
    /// Credit available with <paramref name="increase"/> added: the tighter of the own limit and each
    /// group limit, in the credit currency, never below 0; <c>null</c> when no limit applies.
    /// </summary>
    internal static decimal? Available(CustomerCreditSnapshot snapshot, decimal exposure, decimal increase)
    {
        if (!snapshot.Exposure.IsEvaluable)
        {
            return null;
        }

        decimal? available = snapshot.CreditLimit is { } own ? Math.Max(0m, own - exposure - increase) : null;
        foreach (var group in snapshot.Groups)
        {
            if (group.Limit is not { } limit || !group.IsEvaluable
                || !snapshot.Rates.TryConvert(increase, snapshot.Currency, group.Currency, out var added, out _))
            {
                continue;
            }

            var headroom = Math.Max(0m, limit - group.Total - added);
            if (snapshot.Rates.TryConvert(headroom, group.Currency, snapshot.Currency, out var inOwn, out _))
            {
                available = available is { } current ? Math.Min(current, inOwn) : inOwn;
            }
        }

        return available;
    }

    /// <summary>Fills the own and group limit outcomes; returns a missing-rate reason if a group conversion fails.</summary>
    private static string? Limits(CustomerCreditSnapshot snapshot, CreditPolicy policy, decimal increase, List<LimitOutcome> limits)
    {
        var before = snapshot.Exposure.Total;
        var own = new LimitCheck(snapshot.CreditLimit, before + increase, policy.TolerancePercent);
        limits.Add(new LimitOutcome
        {
            Currency = snapshot.Currency,
            Limit = snapshot.CreditLimit,
            ExposureBefore = before,
            ExposureAfter = before + increase,
            Exceeded = increase > 0m && own.IsOver,
        });

        foreach (var group in snapshot.Groups)
        {
            if (!snapshot.Rates.TryConvert(increase, snapshot.Currency, group.Currency, out var added, out var why))
            {
                return why;
            }

            var check = new LimitCheck(group.Limit, group.Total + added, policy.TolerancePercent);
            limits.Add(new LimitOutcome
            {
                GroupId = group.GroupId,
                GroupName = group.GroupName,
                Currency = group.Currency,
                Limit = group.Limit,
                ExposureBefore = group.Total,
                ExposureAfter = group.Total + added,
                Exceeded = increase > 0m && check.IsOver,
            });
        }

        return null;
    }

    /// <summary>The ledger's rate currencies (any other currency has no rate anyway) and the order's.</summary>
    private static IEnumerable<string> RateCurrencies(ArLedger ledger, OrderRequest order)
    {
        foreach (var rate in ledger.Rates)
        {
            yield return rate.Currency;
        }

        if (order.Currency is { } currency)
        {
            yield return currency;
        }
    }

    private static void AddOnce(List<string> codes, string code)
    {
        if (!codes.Contains(code))
        {
            codes.Add(code);
        }
    }
}
