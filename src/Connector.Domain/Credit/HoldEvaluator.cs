using Connector.Domain.Currencies;
using Connector.Domain.Exposure;
using Connector.Domain.Ledger;
using Connector.Domain.Promises;

namespace Connector.Domain.Credit;

/// <summary>
/// Evaluates the five hold rules for one customer, applies a person's release, and compares with
/// the previous state to produce the transitions the caller writes to the audit journal.
/// </summary>
public static class HoldEvaluator
{
    public static HoldEvaluation Evaluate(
        CustomerAccount account,
        ExposureBook exposures,
        CreditPolicy policy,
        ManualActions? actions = null,
        HoldStatus? previous = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(exposures);
        ArgumentNullException.ThrowIfNull(policy);
        actions ??= ManualActions.None;
        var rates = exposures.Rates;
        var asOf = rates.AsOf;
        var customer = account.Customer;
        var currency = customer.Currency;

        var overdue = Overdue(account, rates, policy);
        var exposure = exposures.Of(account);
        var groups = policy.OverLimitEnabled ? exposures.GroupsAbove(account) : [];
        var notEvaluable = exposure.NotEvaluableReason;
        foreach (var group in groups)
        {
            notEvaluable ??= group.NotEvaluableReason;
        }

        List<HoldReason>? reasons = null;
        void Fire(HoldReason reason) => (reasons ??= []).Add(reason);

        if (policy.OverdueAgeEnabled && overdue.AgedCount > 0)
        {
            Fire(new HoldReason
            {
                Code = CreditCodes.OverdueAge,
                Text = HoldSentence.OverdueAge(overdue.AgedCount, policy.OverdueAgeDays, overdue.AgedAmount, currency),
                Currency = currency,
                Count = overdue.AgedCount,
                Amount = overdue.AgedAmount,
                OldestDays = overdue.AgedOldestDays,
            });
        }

        // An unconvertible invoice can only add to the overdue sum, so a share that is already too
        // high stands even when the customer is not fully evaluable.
        if (policy.OverdueShareEnabled && customer.CreditLimit is { } shareLimit)
        {
            var threshold = shareLimit * policy.OverdueSharePercent / 100m;
            if (overdue.OverdueUndisputed > threshold)
            {
                Fire(new HoldReason
                {
                    Code = CreditCodes.OverdueShare,
                    Text = HoldSentence.OverdueShare(overdue.OverdueUndisputed, policy.OverdueSharePercent, shareLimit, currency),
                    Currency = currency,
                    Amount = overdue.OverdueUndisputed,
                    Limit = shareLimit,
                    Threshold = threshold,
                });
            }
        }

        if (policy.OverLimitEnabled)
        {
            var own = new LimitCheck(customer.CreditLimit, exposure.Total, policy.TolerancePercent);
            if (exposure.IsEvaluable && own.IsOver)
            {
                Fire(OverLimit(own, currency, null, null, policy.TolerancePercent));
            }

            foreach (var group in groups)
            {
                var check = group.Check(policy.TolerancePercent);
                if (group.IsEvaluable && check.IsOver)
                {
                    Fire(OverLimit(check, group.Currency, group.GroupId, group.GroupName, policy.TolerancePercent));
                }
            }
        }

        if (policy.BrokenPromiseEnabled && account.Promises.Count > 0 && overdue.OverdueUndisputed > 0m
            && LatestPromise(PromiseEvaluator.Evaluate(account, asOf, policy.BrokenPromiseGraceDays)) is { State: PromiseState.Broken } broken)
        {
            Fire(new HoldReason
            {
                Code = CreditCodes.BrokenPromise,
                Text = HoldSentence.BrokenPromise(broken.Promise.Amount, broken.Promise.DueDate, broken.Received, currency),
                Currency = currency,
                Amount = broken.Promise.Amount,
                Received = broken.Received,
                Date = broken.Promise.DueDate,
            });
        }

        var manualHolds = actions.ManualHolds(account.Id, asOf);
        var latestManual = Latest(manualHolds);
        var manual = customer.ManualHold || latestManual is not null;
        if (policy.ManualHoldEnabled && manual)
        {
            var text = latestManual is null ? HoldSentence.Manual(null, null) : HoldSentence.Manual(latestManual.By, latestManual.Reason);
            if (latestManual is not null && customer.ManualHold)
            {
                text += "; " + HoldSentence.Manual(null, null);
            }

            Fire(new HoldReason
            {
                Code = CreditCodes.Manual,
                Text = text,
                By = latestManual?.By ?? "ERP",
                Reason = latestManual?.Reason,
                Date = latestManual?.On,
            });
        }

        // A release covers every rule, a manual hold included, until it expires; but a manual hold
        // a person places after the release is a new decision and ends the release.
        var release = actions.ActiveRelease(account.Id, asOf, policy.DefaultReleaseDays);
        if (release is not null && latestManual is not null && latestManual.On > release.ReleasedOn)
        {
            release = null;
        }

        var fired = (IReadOnlyList<HoldReason>?)reasons ?? [];
        var onHold = fired.Count > 0 && release is null;
        var kept = !onHold && release is null && notEvaluable is not null && previous is { OnHold: true };
        onHold |= kept;

        var codes = Codes(fired, kept ? previous!.Codes : null);
        var status = new HoldStatus(
            account.Id,
            onHold,
            codes,
            onHold ? (previous is { OnHold: true, Since: { } since } ? since : asOf) : null);

        var evaluation = new HoldEvaluation
        {
            CustomerId = account.Id,
            CustomerName = customer.Name,
            Currency = currency,
            AsOf = asOf,
            OnHold = onHold,
            Reasons = fired,
            ManualHold = manual,
            Release = release,
            ReleaseExpiresOn = release?.ExpiresOn(policy.DefaultReleaseDays),
            KeptForMissingRate = kept,
            Overdue = overdue,
            NotEvaluableReason = notEvaluable,
            Status = status,
        };
        return evaluation with { Transitions = Transitions(evaluation, previous) };
    }

    /// <summary>Overdue figures in one pass; open items are sorted by due date, so the pass stops at the first item not yet due.</summary>
    public static OverdueFigures Overdue(CustomerAccount account, RatesAsOf rates, CreditPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(policy);
        var asOf = rates.AsOf;
        var today = asOf.DayNumber;
        var currency = account.Customer.Currency;
        decimal overdue = 0m, undisputed = 0m, aged = 0m;
        int oldest = 0, agedCount = 0, agedOldest = 0;
        foreach (var item in account.OpenItems)
        {
            var days = today - item.DueDate.DayNumber;
            if (days <= 0)
            {
                break;
            }

            if (item.DocumentDate > asOf || !rates.TryConvert(item.OpenAmount, item.Currency, currency, out var open, out _))
            {
                // Unconvertible items leave the figures incomplete; exposure reports the missing rate.
                continue;
            }

            overdue += open;
            oldest = Math.Max(oldest, days);
            if (item.Disputed || item.IsCreditMemo)
            {
                continue;
            }

            undisputed += open;
            if (days > policy.OverdueAgeDays && open >= policy.OverdueAgeMateriality)
            {
                agedCount++;
                aged += open;
                agedOldest = Math.Max(agedOldest, days);
            }
        }

        return new OverdueFigures
        {
            OverdueAmount = overdue,
            OldestOverdueDays = oldest,
            OverdueUndisputed = undisputed,
            AgedCount = agedCount,
            AgedAmount = aged,
            AgedOldestDays = agedOldest,
        };
    }

    private static HoldReason OverLimit(LimitCheck check, string currency, string? groupId, string? groupName, decimal tolerancePercent) => new()
    {
        Code = CreditCodes.OverLimit,
        Text = HoldSentence.OverLimit(check.Exposure, check.Limit ?? 0m, tolerancePercent, currency, groupName),
        Currency = currency,
        Exposure = check.Exposure,
        Limit = check.Limit,
        Threshold = check.Threshold,
        GroupId = groupId,
    };

    /// <summary>
    /// The most recent promise decides: a broken promise followed by a newer one the customer is
    /// keeping does not hold the customer.
    /// </summary>
    private static PromiseStatus? LatestPromise(IReadOnlyList<PromiseStatus> statuses)
    {
        PromiseStatus? latest = null;
        foreach (var status in statuses)
        {
            if (latest is null
                || status.Promise.PromisedOn > latest.Promise.PromisedOn
                || (status.Promise.PromisedOn == latest.Promise.PromisedOn && status.Promise.DueDate > latest.Promise.DueDate))
            {
                latest = status;
            }
        }

        return latest;
    }

    private static ManualHold? Latest(IReadOnlyList<ManualHold> holds)
    {
        ManualHold? latest = null;
        foreach (var hold in holds)
        {
            if (latest is null || hold.On >= latest.On)
            {
                latest = hold;
            }
        }

        return latest;
    }

    private static string[] Codes(IReadOnlyList<HoldReason> fired, IReadOnlyList<string>? keptCodes)
    {
        if (fired.Count == 0 && (keptCodes is null || keptCodes.Count == 0))
        {
            return [];
        }

        var codes = new List<string>(fired.Count + (keptCodes?.Count ?? 0));
        foreach (var reason in fired)
        {
            if (!codes.Contains(reason.Code))
            {
                codes.Add(reason.Code);
            }
        }

        foreach (var code in keptCodes ?? [])
        {
            if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        return [.. codes];
    }

    private static HoldTransition[] Transitions(HoldEvaluation now, HoldStatus? previous)
    {
        var wasOnHold = previous is { OnHold: true };
        if (!wasOnHold && now.OnHold)
        {
            var manual = now.Reasons.FirstOrDefault(static r => r.Code == CreditCodes.Manual);
            return
            [
                new HoldTransition
                {
                    Kind = HoldTransitionKind.Placed,
                    CustomerId = now.CustomerId,
                    On = now.AsOf,
                    By = manual?.By is { } person && person != "ERP" ? person : HoldTransition.ByRules,
                    Codes = now.Codes,
                    Reason = manual?.Reason,
                    Details = HoldSentence.OnHoldReasons(now),
                },
            ];
        }

        if (wasOnHold && !now.OnHold)
        {
            if (now.Release is { } release)
            {
                var details = $"released by {release.ReleasedBy} until {now.ReleaseExpiresOn:yyyy-MM-dd}: {release.Reason}";
                if (now.Reasons.Count > 0)
                {
                    details += $"; rules still firing: {HoldSentence.Describe(now.Reasons)}";
                }

                return
                [
                    new HoldTransition
                    {
                        Kind = HoldTransitionKind.ReleasedByPerson,
                        CustomerId = now.CustomerId,
                        On = now.AsOf,
                        By = release.ReleasedBy,
                        Codes = previous!.Codes,
                        Reason = release.Reason,
                        Until = now.ReleaseExpiresOn,
                        Details = details,
                    },
                ];
            }

            return
            [
                new HoldTransition
                {
                    Kind = HoldTransitionKind.ReleasedAutomatically,
                    CustomerId = now.CustomerId,
                    On = now.AsOf,
                    By = HoldTransition.ByRules,
                    Codes = previous!.Codes,
                    Details = $"no hold rule fires any more (was {string.Join(", ", previous.Codes)})",
                },
            ];
        }

        if (wasOnHold && now.OnHold && !SameCodes(previous!.Codes, now.Codes))
        {
            return
            [
                new HoldTransition
                {
                    Kind = HoldTransitionKind.ReasonsChanged,
                    CustomerId = now.CustomerId,
                    On = now.AsOf,
                    By = HoldTransition.ByRules,
                    Codes = now.Codes,
                    Details = $"{HoldSentence.OnHoldReasons(now)} (was {string.Join(", ", previous.Codes)})",
                },
            ];
        }

        return [];
    }

    private static bool SameCodes(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var code in a)
        {
            if (!b.Contains(code))
            {
                return false;
            }
        }

        return true;
    }
}
