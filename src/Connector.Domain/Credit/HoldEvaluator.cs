using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
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
        return Evaluate(account, exposures, policy, actions, previous, Overdue(account, exposures.Rates, policy));
    }

    /// <summary>The hold of one customer from overdue figures already gathered.</summary>
    internal static HoldEvaluation Evaluate(
        CustomerAccount account,
        ExposureBook exposures,
        CreditPolicy policy,
        ManualActions? actions,
        HoldStatus? previous,
        in OverdueFigures overdue) =>
        Materialise(account, exposures, policy, actions, Decide(account, exposures, policy, actions, previous, overdue), overdue);

    /// <summary>
    /// The record a caller reads, from the decision and the overdue figures it was made from. The reasons are not kept
    /// in the row: they are found again here, from the same figures, the same book and the same actions.
    /// </summary>
    internal static HoldEvaluation Materialise(CustomerAccount account, ExposureBook exposures, CreditPolicy policy, ManualActions? actions, in HoldRow row, in OverdueFigures overdue) => new()
    {
        CustomerId = account.Id,
        CustomerName = account.Customer.Name,
        Currency = account.Customer.Currency,
        AsOf = exposures.Rates.AsOf,
        OnHold = row.OnHold,
        Reasons = row.ReasonCount == 0 ? [] : Fire(account, exposures, policy, actions ?? ManualActions.None, overdue, build: true, []).Reasons!,
        ManualHold = row.ManualHold,
        Release = row.Release,
        ReleaseExpiresOn = row.ReleaseExpiresOn,
        KeptForMissingRate = row.KeptForMissingRate,
        Overdue = overdue,
        NotEvaluableReason = row.NotEvaluableReason,
        Codes = row.Codes,
        Since = row.Since,
        Previous = row.Previous,
    };

    /// <summary>The five rules, the release and the previous state decided as a value (no record per customer).</summary>
    internal static HoldRow Decide(
        CustomerAccount account,
        ExposureBook exposures,
        CreditPolicy policy,
        ManualActions? actions,
        HoldStatus? previous,
        in OverdueFigures overdue)
    {
        actions ??= ManualActions.None;
        var asOf = exposures.Rates.AsOf;
        var buffer = default(CodeBuffer);
        Span<string?> firedCodes = buffer;
        var fired = Fire(account, exposures, policy, actions, overdue, build: false, firedCodes);

        // A release covers every rule, a manual hold included, until it expires; but a manual hold
        // a person places after the release is a new decision and ends the release.
        var release = actions.ActiveRelease(account.Id, asOf, policy.DefaultReleaseDays);
        if (release is not null && fired.LatestManual is not null && fired.LatestManual.On > release.ReleasedOn)
        {
            release = null;
        }

        var onHold = fired.Count > 0 && release is null;
        var kept = !onHold && release is null && fired.NotEvaluable is not null && previous is { OnHold: true };
        onHold |= kept;

        var codes = Codes(firedCodes[..fired.CodeCount], kept ? previous!.Codes : null);

        return new HoldRow
        {
            OnHold = onHold,
            ReasonCount = fired.Count,
            ManualHold = fired.Manual,
            Release = release,
            ReleaseExpiresOn = release?.ExpiresOn(policy.DefaultReleaseDays),
            KeptForMissingRate = kept,
            NotEvaluableReason = fired.NotEvaluable,
            Codes = codes,
            Since = onHold ? (previous is { OnHold: true, Since: { } since } ? since : asOf) : null,
            Previous = previous,
        };
    }

    /// <summary>Room for the distinct codes of the five rules, on the stack.</summary>
    [System.Runtime.CompilerServices.InlineArray(FiredCodes.Capacity)]
    private struct CodeBuffer
    {
        private string? code;
    }

    /// <summary>What <see cref="Fire"/> found: how many reasons (built only when asked for), their distinct codes.</summary>
    private readonly record struct FiredCodes(int Count, int CodeCount, HoldReason[]? Reasons, ManualHold? LatestManual, bool Manual, string? NotEvaluable)
    {
        /// <summary>Five rules, one code each (the over-limit rule fires once per group but has one code).</summary>
        public const int Capacity = 5;
    }

    /// <summary>
    /// The five rules in their order. <paramref name="build"/>: the reasons as records (a snapshot is read); otherwise
    /// only how many fire and their distinct codes in <paramref name="codes"/> — the evaluation of 100,000 customers
    /// keeps no reason records alive, a snapshot finds them again from the same inputs.
    /// </summary>
    private static FiredCodes Fire(
        CustomerAccount account,
        ExposureBook exposures,
        CreditPolicy policy,
        ManualActions actions,
        in OverdueFigures overdue,
        bool build,
        Span<string?> codes)
    {
        var rates = exposures.Rates;
        var asOf = rates.AsOf;
        var customer = account.Customer;
        var currency = customer.Currency;

        var exposure = exposures.TotalOf(account);
        var groups = policy.OverLimitEnabled ? exposures.GroupsAbove(account) : [];
        var notEvaluable = exposure.NotEvaluableReason;
        foreach (var group in groups)
        {
            notEvaluable ??= group.NotEvaluableReason;
        }

        HoldReason[]? reasons = null;
        var firedCount = 0;
        var codeCount = 0;
        // Counts a rule that fired and keeps its code once; with build, the caller then adds its reason.
        bool Fired(string code, Span<string?> into)
        {
            if (!into.IsEmpty && !into[..codeCount].Contains(code))
            {
                into[codeCount++] = code;
            }

            firedCount++;
            return build;
        }

        void Add(HoldReason reason)
        {
            // Most customers on hold have one reason: start with room for one, grow when more fire
            // (the over-limit rule fires once per group, so there is no fixed upper bound).
            reasons ??= new HoldReason[1];
            if (firedCount > reasons.Length)
            {
                Array.Resize(ref reasons, reasons.Length * 2);
            }

            reasons[firedCount - 1] = reason;
        }

        if (policy.OverdueAgeEnabled && overdue.AgedCount > 0)
        {
            if (Fired(CreditCodes.OverdueAge, codes))
            {
                Add(new HoldReason
                {
                    Code = CreditCodes.OverdueAge,
                    AgeDays = policy.OverdueAgeDays,
                    Currency = currency,
                    Count = overdue.AgedCount,
                    Amount = overdue.AgedAmount,
                    OldestDays = overdue.AgedOldestDays,
                });
            }
        }

        // An unconvertible invoice can only add to the overdue sum, so a share that is already too
        // high stands even when the customer is not fully evaluable.
        if (policy.OverdueShareEnabled && customer.CreditLimit is { } shareLimit)
        {
            var threshold = shareLimit * policy.OverdueSharePercent / 100m;
            if (overdue.OverdueUndisputed > threshold)
            {
                if (Fired(CreditCodes.OverdueShare, codes))
                {
                    Add(new HoldReason
                    {
                        Code = CreditCodes.OverdueShare,
                        Percent = policy.OverdueSharePercent,
                        Currency = currency,
                        Amount = overdue.OverdueUndisputed,
                        Limit = shareLimit,
                    });
                }
            }
        }

        if (policy.OverLimitEnabled)
        {
            var own = new LimitCheck(customer.CreditLimit, exposure.Total, policy.TolerancePercent);
            if (exposure.NotEvaluableReason is null && own.IsOver)
            {
                if (Fired(CreditCodes.OverLimit, codes))
                {
                    Add(OverLimit(own, currency, null, null, policy.TolerancePercent));
                }
            }

            foreach (var group in groups)
            {
                var check = group.Check(policy.TolerancePercent);
                if (group.IsEvaluable && check.IsOver)
                {
                    if (Fired(CreditCodes.OverLimit, codes))
                    {
                        Add(OverLimit(check, group.Currency, group.GroupId, group.GroupName, policy.TolerancePercent));
                    }
                }
            }
        }

        if (policy.BrokenPromiseEnabled && account.Promises.Count > 0 && overdue.OverdueUndisputed > 0m
            && LatestPromise(PromiseEvaluator.Evaluate(account, asOf, policy.BrokenPromiseGraceDays)) is { State: PromiseState.Broken } broken)
        {
            if (Fired(CreditCodes.BrokenPromise, codes))
            {
                Add(new HoldReason
                {
                    Code = CreditCodes.BrokenPromise,
                    Currency = currency,
                    Amount = broken.Promise.Amount,
                    Received = broken.Received,
                    Date = broken.Promise.DueDate,
                });
            }
        }

        var manualHolds = actions.ManualHolds(account.Id, asOf);
        var latestManual = Latest(manualHolds);
        var manual = customer.ManualHold || latestManual is not null;
        if (policy.ManualHoldEnabled && manual)
        {
            if (Fired(CreditCodes.Manual, codes))
            {
                Add(new HoldReason
                {
                    Code = CreditCodes.Manual,
                    AlsoErpHold = latestManual is not null && customer.ManualHold,
                    By = latestManual?.By ?? HoldReason.Erp,
                    Reason = latestManual?.Reason,
                    Date = latestManual?.On,
                });
            }
        }

        var built = !build ? null : reasons is null ? [] : firedCount == reasons.Length ? reasons : reasons[..firedCount];
        return new FiredCodes(firedCount, codeCount, built, latestManual, manual, notEvaluable);
    }

    /// <summary>Overdue figures in one pass; open items are sorted by due date, so the pass stops at the first item not yet due.</summary>
    public static OverdueFigures Overdue(CustomerAccount account, RatesAsOf rates, CreditPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(policy);
        var layout = AgingBuckets.Default;
        Span<decimal> buckets = stackalloc decimal[layout.Count];
        return AccountFigures.Compute(account, rates, layout, AgingBasis.DueDate, policy.OverdueAgeDays, policy.OverdueAgeMateriality, buckets).Hold;
    }

    private static HoldReason OverLimit(LimitCheck check, string currency, string? groupId, string? groupName, decimal tolerancePercent) => new()
    {
        Code = CreditCodes.OverLimit,
        Percent = tolerancePercent,
        GroupName = groupName,
        Currency = currency,
        Exposure = check.Exposure,
        Limit = check.Limit,
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

    private static string[] Codes(ReadOnlySpan<string?> fired, IReadOnlyList<string>? keptCodes)
    {
        var extra = keptCodes?.Count ?? 0;
        if (fired.Length + extra == 0)
        {
            return [];
        }

        if (fired.Length == 1 && extra == 0 && CreditCodes.Alone(fired[0]!) is { } alone)
        {
            return alone;
        }

        var codes = new string[fired.Length + extra];
        var count = 0;
        foreach (var code in fired)
        {
            count = AddOnce(codes, count, code!);
        }

        for (var i = 0; i < extra; i++)
        {
            count = AddOnce(codes, count, keptCodes![i]);
        }

        return count == codes.Length ? codes : codes[..count];
    }

    private static int AddOnce(string[] codes, int count, string code)
    {
        for (var i = 0; i < count; i++)
        {
            if (ReferenceEquals(codes[i], code) || codes[i] == code)
            {
                return count;
            }
        }

        codes[count] = code;
        return count + 1;
    }

    /// <summary>What changed between <paramref name="previous"/> and <paramref name="now"/>: at most one transition.</summary>
    internal static HoldTransition[] Transitions(HoldEvaluation now, HoldStatus? previous)
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
                    By = manual?.By is { } person && person != HoldReason.Erp ? person : HoldTransition.ByRules,
                    Codes = now.Codes,
                    Reason = manual?.Reason,
                    Describe = () => HoldSentence.OnHoldReasons(now),
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
                    Describe = () => $"no hold rule fires any more (was {string.Join(", ", previous.Codes)})",
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
                    Describe = () => $"{HoldSentence.OnHoldReasons(now)} (was {string.Join(", ", previous.Codes)})",
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
