using System.Globalization;
using System.Runtime.InteropServices;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Promises;
using Connector.Domain.Readiness;

namespace Connector.Domain.Collections;

/// <summary>
/// Puts one customer on the dunning ladder. Built once from a validated policy (ladders per risk class
/// and age bands compiled), then called per customer: <see cref="Summarize"/> in the portfolio's hot
/// loop (no allocation unless the customer has promises or is skipped with a reason),
/// <see cref="Evaluate"/> when the full case with items, factors and next action is needed.
/// </summary>
public sealed class CollectionCaseEvaluator
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly CollectionsPolicy policy;
    private readonly DunningStep[][] laddersByRisk;
    private readonly decimal[] riskFactors;
    private readonly AgeBands bands;

    public CollectionCaseEvaluator(CollectionsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);

        // The host validates every policy at start; these are the parts this class cannot be built without.
        AgeBands? parsed = null;
        string? why = "is required";
        if (policy.Priority?.AgeWeights is not { } weights || !AgeBands.TryParse(weights, out parsed, out why))
        {
            throw new ArgumentException($"Collections:Priority:AgeWeights {why}.", nameof(policy));
        }

        this.policy = policy;
        var classes = Enum.GetValues<RiskClass>();
        laddersByRisk = new DunningStep[classes.Length][];
        riskFactors = new decimal[classes.Length];
        foreach (var risk in classes)
        {
            // Only enabled steps take part; validation guarantees increasing days.
            laddersByRisk[(int)risk] = [.. policy.LadderFor(risk).Where(static s => s.Enabled)];
            riskFactors[(int)risk] = policy.Priority.RiskFactors is { } factors && factors.TryGetValue(risk.ToString(), out var factor)
                ? factor
                : throw new ArgumentException($"Collections:Priority:RiskFactors:{risk} is required (a factor for each risk class A, B, C and D).", nameof(policy));
        }

        bands = parsed!;
    }

    public CollectionsPolicy Policy => policy;

    /// <summary>Level, amount and priority of the customer's case, or why there is none.</summary>
    public CollectionSummary Summarize(CustomerAccount account, RatesAsOf rates)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rates);
        var asOf = rates.AsOf;
        var customer = account.Customer;
        var risk = customer.RiskClass ?? policy.DefaultRiskClass;
        var steps = laddersByRisk[(int)risk];
        if (steps.Length == 0)
        {
            return Nothing(risk);
        }

        // One pass over the open items, oldest due date first (the ledger sorts them): days past due
        // only fall, so the first undisputed invoice at or past the first step is the oldest one and
        // the scan stops at the first item that is neither overdue nor within the first step.
        var firstDays = steps[0].Days;
        var scanStart = firstDays < 1 ? firstDays : 1;
        var currency = customer.Currency;
        Invoice? oldest = null;
        var oldestDays = 0;
        var disputedOverdue = false;
        decimal overdue = 0m, overdueDisputed = 0m, window = 0m, windowDisputed = 0m;

        // Adding 0m changes neither a sum's value nor its scale: an item outside a sum is not added to it.
        foreach (var item in CollectionsMarshal.AsSpan(account.openItemList))
        {
            if (item.DocumentDate > asOf)
            {
                continue;
            }

            var days = asOf.DayNumber - item.DueDate.DayNumber;
            if (days < scanStart)
            {
                break;
            }

            var open = item.OpenAmount;
            if (!ReferenceEquals(item.Currency, currency)
                && !string.Equals(item.Currency, currency, StringComparison.OrdinalIgnoreCase)
                && !rates.TryConvert(open, item.Currency, currency, out open, out var missing))
            {
                return NotEvaluable(account, risk, missing);
            }

            if (item.Disputed)
            {
                if (days > 0)
                {
                    disputedOverdue = true;
                    overdueDisputed += open;
                }

                if (days >= firstDays)
                {
                    windowDisputed += open;
                }

                continue;
            }

            if (days > 0)
            {
                overdue += open;
            }

            if (days >= firstDays)
            {
                window += open;
            }

            if (oldest is null && days >= firstDays && !item.IsCreditMemo && item.OpenAmount > 0m)
            {
                oldest = item;
                oldestDays = days;
            }
        }

        if (oldest is null)
        {
            return disputedOverdue ? DisputedOnly(account, risk, overdueDisputed) : Nothing(risk);
        }

        var step = steps[0];
        for (var i = 1; i < steps.Length && steps[i].Days <= oldestDays; i++)
        {
            step = steps[i];
        }

        // From level 1 up the case holds everything overdue; a before-due step (courtesy) holds the
        // items it reminds about.
        var windowStart = step.Days <= 0 ? step.Days : 1;
        decimal amount, disputed;
        if (windowStart == 1)
        {
            (amount, disputed) = (overdue, overdueDisputed);
        }
        else if (windowStart == firstDays)
        {
            (amount, disputed) = (window, windowDisputed);
        }
        else
        {
            (amount, disputed) = SumFrom(account, rates, windowStart);
        }

        if (!rates.TryConvert(amount, currency, rates.CompanyCurrency, out var company, out var missingCompany))
        {
            return NotEvaluable(account, risk, missingCompany);
        }

        if (company <= 0m || company < policy.MinimumCaseAmount)
        {
            return new CollectionSummary
            {
                Outcome = CollectionOutcome.BelowMateriality,
                Level = -1,
                RiskClass = risk,
                Amount = amount,
                DisputedAmount = disputed,
                AmountInCompanyCurrency = company,
                Reason = $"undisputed overdue {CurrencyUnits.Format(amount, currency)} is below the minimum case amount of {CurrencyUnits.Format(policy.MinimumCaseAmount, rates.CompanyCurrency)} (Collections:MinimumCaseAmount)",
            };
        }

        PromiseStatus? active = null, broken = null;
        if (account.Promises.Count > 0)
        {
            foreach (var status in PromiseEvaluator.Evaluate(account, asOf, policy.PromiseGraceDays))
            {
                if (status.State == PromiseState.Active && (active is null || status.GraceEnd > active.GraceEnd))
                {
                    active = status;
                }
                else if (status.State == PromiseState.Broken
                    && asOf.DayNumber - status.GraceEnd.DayNumber <= policy.Priority.BrokenPromiseLookbackDays
                    && (broken is null || status.GraceEnd > broken.GraceEnd))
                {
                    broken = status;
                }
            }
        }

        var (weight, band) = bands.Find(oldestDays);
        var factor = riskFactors[(int)risk];
        var boost = broken is null ? 0m : policy.Priority.BrokenPromiseBoost;
        var score = (company * weight * factor) + boost;
        return new CollectionSummary
        {
            Outcome = CollectionOutcome.Case,
            Level = step.Level,
            Step = step,
            RiskClass = risk,
            Oldest = oldest,
            OldestDaysPastDue = oldestDays,
            WindowStartDays = windowStart,
            Amount = amount,
            DisputedAmount = disputed,
            AmountInCompanyCurrency = company,
            AgeWeight = weight,
            AgeBand = band,
            RiskFactor = factor,
            Boost = boost,
            Score = score,
            Importance = ImportanceOf(score),
            ActivePromise = active,
            BrokenPromise = broken,
        };
    }

    /// <summary>The full case (unassigned), or <c>null</c> with <paramref name="summary"/> saying why there is none.</summary>
    /// <param name="previous">The customer's case as the last plan left it: an action it already had keeps its due date.</param>
    public CollectionCase? Evaluate(
        CustomerAccount account,
        RatesAsOf rates,
        out CollectionSummary summary,
        ContactHistory? history = null,
        ProofOfDelivery? proofOfDelivery = null,
        CollectionCase? previous = null)
    {
        summary = Summarize(account, rates);
        if (!summary.HasCase)
        {
            return null;
        }

        var asOf = rates.AsOf;
        var customer = account.Customer;
        var currency = customer.Currency;
        var items = new List<CaseItem>();
        var incomplete = 0;
        foreach (var item in account.OpenItems)
        {
            if (item.DocumentDate > asOf)
            {
                continue;
            }

            var days = asOf.DayNumber - item.DueDate.DayNumber;
            if (days < summary.WindowStartDays)
            {
                break;
            }

            rates.TryConvert(item.OpenAmount, item.Currency, currency, out var open, out _);
            var gaps = InvoiceReadiness.Check(customer, item, proofOfDelivery);
            incomplete += gaps == ReadinessGaps.None ? 0 : 1;
            items.Add(new CaseItem
            {
                InvoiceId = item.Id,
                Type = item.Type,
                DueDate = item.DueDate,
                DaysPastDue = days,
                OpenAmount = open,
                Disputed = item.Disputed,
                Gaps = gaps,
            });
        }

        var step = summary.Step!;
        var reachedOn = summary.Oldest!.DueDate.AddDays(step.Days);
        var (state, action) = NextActionFor(account, summary, step, reachedOn, asOf, incomplete, history ?? ContactHistory.Empty);
        action = action with { DueDate = DueDate(action, step.Level, asOf, previous) };
        return new CollectionCase
        {
            CaseId = CollectionCase.IdFor(customer.Id),
            CustomerId = customer.Id,
            CustomerName = customer.Name,
            Currency = currency,
            Level = step.Level,
            LevelName = step.Name,
            RiskClass = summary.RiskClass,
            OldestInvoiceId = summary.Oldest.Id,
            OldestDaysPastDue = summary.OldestDaysPastDue,
            LevelReachedOn = reachedOn,
            Amount = summary.Amount,
            DisputedAmount = summary.DisputedAmount,
            CompanyCurrency = rates.CompanyCurrency,
            AmountInCompanyCurrency = summary.AmountInCompanyCurrency,
            Items = items,
            Priority = new PriorityScore(summary.Score, summary.Importance, Factors(customer, summary, rates.CompanyCurrency, items.Count)),
            State = state,
            NextAction = action,
            PromiseGraceEnd = summary.ActivePromise?.GraceEnd,
            BrokenPromise = summary.BrokenPromise is not null,
            IncompleteItemCount = incomplete,
        };
    }

    /// <summary>High, normal or low by the thresholds of <c>Collections:Priority</c>: the importance of the case's task.</summary>
    public Importance ImportanceOf(decimal score) =>
        score >= policy.Priority.HighThreshold ? Importance.High
        : score >= policy.Priority.NormalThreshold ? Importance.Normal
        : Importance.Low;

    /// <summary>
    /// The action's scheduled day, or the evaluation date when that day is already past: a task never starts out
    /// overdue (a step reached before the connector saw it — the first run, a pause that ended, a run missed). While
    /// the action stays the same (level, kind and scheduled day) it keeps the day it first got, so an unchanged case
    /// gives the same task tomorrow and Outlook still shows it overdue when nobody acted.
    /// </summary>
    private static DateOnly DueDate(NextAction action, int level, DateOnly asOf, CollectionCase? previous)
    {
        var due = action.ScheduledOn > asOf ? action.ScheduledOn : asOf;
        return previous is { NextAction: var before }
            && previous.Level == level
            && before.Kind == action.Kind
            && before.ScheduledOn == action.ScheduledOn
            && before.DueDate >= action.ScheduledOn
            && before.DueDate <= due
            ? before.DueDate
            : due;
    }

    /// <summary>The next action with its due date on its scheduled day; <see cref="DueDate"/> moves it to today when that day is past.</summary>
    private (CaseState State, NextAction Action) NextActionFor(
        CustomerAccount account,
        in CollectionSummary summary,
        DunningStep step,
        DateOnly reachedOn,
        DateOnly asOf,
        int incomplete,
        ContactHistory history)
    {
        var currency = account.Customer.Currency;
        var levelText = $"level {step.Level} ({step.Name})";
        var overdueText = $"{CurrencyUnits.Format(summary.Amount, currency)} overdue, oldest {summary.Oldest!.Id} {summary.OldestDaysPastDue} days past due";
        var fixFirst = incomplete == 0 ? "" : $"; {incomplete} incomplete invoice(s) ({InvoiceReadiness.IncompleteInvoiceCode}) to fix first";
        var hold = step.CreditHold ? "; the credit hold rule applies" : "";

        if (summary.ActivePromise is { } promise)
        {
            var resume = promise.GraceEnd.AddDays(1);
            return (CaseState.Paused, new NextAction
            {
                Kind = ActionKind.None,
                ScheduledOn = resume,
                DueDate = resume,
                Description = $"Paused until {resume:yyyy-MM-dd}: promise to pay {CurrencyUnits.Format(promise.Promise.Amount, currency)} by "
                    + $"{promise.Promise.DueDate:yyyy-MM-dd} (+{policy.PromiseGraceDays} grace days); {levelText} resumes if it is not kept.",
            });
        }

        DateOnly? emailDate = null;
        var emailText = "";
        if (step.Email)
        {
            var last = history.LastEmail(account.Id, step.Level, asOf);
            var due = last is { } sent && sent.AddDays(policy.QuietPeriodDays) > reachedOn ? sent.AddDays(policy.QuietPeriodDays) : reachedOn;
            emailDate = due;
            emailText = due > asOf
                ? $"until {due:yyyy-MM-dd} to email: the {step.Name} email was sent on {last:yyyy-MM-dd} (quiet period {policy.QuietPeriodDays} days)"
                : $"the {step.Name} email";
        }

        if (step.Task != DunningTaskKind.None)
        {
            // Read by the collector in the task: it says whose task it is in their terms; the missing setting is the
            // administrator's warning (collections plan, the sync summary).
            var manager = step.Task == DunningTaskKind.Manager;
            var who = !manager ? "Collector task"
                : string.IsNullOrWhiteSpace(policy.ArManagerId) ? "AR manager task (no AR manager is named, so it is yours)"
                : "AR manager task";
            return (CaseState.Active, new NextAction
            {
                Kind = manager ? ActionKind.ManagerTask : ActionKind.CollectorTask,
                ScheduledOn = reachedOn,
                DueDate = reachedOn,
                EmailDate = emailDate,
                CreditHold = step.CreditHold,
                Description = $"{who}, {levelText}: {overdueText}"
                    + (emailDate is null ? "" : emailDate > asOf ? "; wait " + emailText : "; send " + emailText) + hold + fixFirst + ".",
            });
        }

        if (emailDate is { } emailDue)
        {
            var waiting = emailDue > asOf;
            return (waiting ? CaseState.Waiting : CaseState.Active, new NextAction
            {
                Kind = ActionKind.Email,
                ScheduledOn = emailDue,
                DueDate = emailDue,
                EmailDate = emailDue,
                CreditHold = step.CreditHold,
                Description = $"{(waiting ? "Wait " : "Send ")}{emailText}, {levelText}: {overdueText}{hold}{fixFirst}.",
            });
        }

        return (CaseState.Active, new NextAction
        {
            Kind = ActionKind.None,
            ScheduledOn = reachedOn,
            DueDate = reachedOn,
            CreditHold = step.CreditHold,
            Description = $"No action at {levelText}: {overdueText}{hold}{fixFirst}.",
        });
    }

    private List<PriorityFactor> Factors(Customer customer, in CollectionSummary s, string companyCurrency, int itemCount)
    {
        var currency = customer.Currency;
        var amount = string.Equals(currency, companyCurrency, StringComparison.OrdinalIgnoreCase)
            ? $"{CurrencyUnits.Format(s.Amount, currency)} undisputed overdue"
            : $"{CurrencyUnits.Format(s.Amount, currency)} undisputed overdue = {CurrencyUnits.Format(s.AmountInCompanyCurrency, companyCurrency)}";
        amount += $" on {itemCount} item(s)";
        if (s.DisputedAmount != 0m)
        {
            amount += $"; {CurrencyUnits.Format(s.DisputedAmount, currency)} disputed not counted";
        }

        var risk = customer.RiskClass is null
            ? $"no risk class in the ERP: treated as class {s.RiskClass}, factor {Num(s.RiskFactor)}"
            : $"risk class {s.RiskClass}: factor {Num(s.RiskFactor)}";
        var boost = s.BrokenPromise is { } broken
            ? $"promise to pay {CurrencyUnits.Format(broken.Promise.Amount, currency)} by {broken.Promise.DueDate:yyyy-MM-dd} broken "
                + $"(grace ended {broken.GraceEnd:yyyy-MM-dd}, {CurrencyUnits.Format(broken.Shortfall, currency)} short): +{Num(s.Boost)}"
            : $"no promise broken in the last {policy.Priority.BrokenPromiseLookbackDays} days: +0";
        return
        [
            new("Overdue amount", s.AmountInCompanyCurrency, amount),
            new("Age weight", s.AgeWeight, $"oldest undisputed invoice {s.Oldest!.Id} is {s.OldestDaysPastDue} days past due: bucket {s.AgeBand} weighs {Num(s.AgeWeight)}"),
            new("Risk class", s.RiskFactor, risk),
            new("Broken promise", s.Boost, boost),
        ];
    }

    private static CollectionSummary Nothing(RiskClass risk) =>
        new() { Outcome = CollectionOutcome.NothingDue, Level = -1, RiskClass = risk };

    private static CollectionSummary DisputedOnly(CustomerAccount account, RiskClass risk, decimal disputed) => new()
    {
        Outcome = CollectionOutcome.DisputedOnly,
        Level = -1,
        RiskClass = risk,
        DisputedAmount = disputed,
        Reason = $"only disputed items are overdue ({CurrencyUnits.Format(disputed, account.Customer.Currency)}): no dunning while the dispute is open",
    };

    /// <summary>Undisputed and disputed amounts from <paramref name="windowStart"/> days on (a ladder with several before-due steps).</summary>
    private static (decimal Amount, decimal Disputed) SumFrom(CustomerAccount account, RatesAsOf rates, int windowStart)
    {
        var asOf = rates.AsOf;
        decimal amount = 0m, disputed = 0m;
        foreach (var item in account.OpenItems)
        {
            if (item.DocumentDate > asOf)
            {
                continue;
            }

            if (asOf.DayNumber - item.DueDate.DayNumber < windowStart)
            {
                break;
            }

            rates.TryConvert(item.OpenAmount, item.Currency, account.Customer.Currency, out var open, out _);
            if (item.Disputed)
            {
                disputed += open;
            }
            else
            {
                amount += open;
            }
        }

        return (amount, disputed);
    }

    private static CollectionSummary NotEvaluable(CustomerAccount account, RiskClass risk, string? missing) => new()
    {
        Outcome = CollectionOutcome.NotEvaluable,
        Level = -1,
        RiskClass = risk,
        Reason = $"customer {account.Id}: {missing}",
    };

    private static string Num(decimal value) => value.ToString("0.##########", Invariant);
}
