using Connector.Domain.Collections;
using Connector.Domain.Ledger;
using Connector.Domain.Policies;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary>
/// The rules of <c>Collections</c> across settings: each ladder (<c>Ladder</c>, <c>LadderByRiskClass:&lt;A–D&gt;</c>) has steps
/// with a name, days −365–3650 and level 0–99, both increasing from step to step, interest 0–100 % a year and a fee 0–1,000,000,
/// only on a step that emails (the charges go with its letter); the size rule names its collectors;
/// <c>Priority</c>'s own attributes (<see cref="CollectionPriorityPolicyValidator"/>), its age weights covering every day,
/// a factor per risk class and a high threshold above the normal one. Every failure is reported.
/// </summary>
public sealed class CollectionsPolicyCrossFieldValidator : IValidateOptions<CollectionsPolicy>
{
    private static readonly CollectionPriorityPolicyValidator PriorityAttributes = new();

    public ValidateOptionsResult Validate(string? name, CollectionsPolicy options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new PolicyErrors(CollectionsPolicy.SectionName);
        if (options.Ladder is not null)
        {
            Ladder(errors, nameof(CollectionsPolicy.Ladder), options.Ladder);
        }

        foreach (var (key, ladder) in options.LadderByRiskClass ?? [])
        {
            var path = $"{nameof(CollectionsPolicy.LadderByRiskClass)}:{key}";
            if (!Enum.TryParse<RiskClass>(key, ignoreCase: true, out _) || key.Length != 1)
            {
                errors.Add(path, "is not a risk class; use A, B, C or D", key);
                continue;
            }

            Ladder(errors, path, ladder);
        }

        if (options.SeniorCaseAmount is not null && options.SeniorCollectorIds is not { Count: > 0 })
        {
            errors.Add(
                nameof(CollectionsPolicy.SeniorCollectorIds),
                $"must name at least one collector when {errors.Path(nameof(CollectionsPolicy.SeniorCaseAmount))} is set",
                options.SeniorCollectorIds);
        }

        if (options.Priority is null)
        {
            errors.Add(CollectionPriorityPolicy.SectionName, "is required", null);
        }
        else
        {
            errors.Include(PriorityAttributes.Validate(name, options.Priority).Failures);
            errors.Include(Priority(errors.Path(CollectionPriorityPolicy.SectionName), options.Priority));
        }

        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }

    private static void Ladder(PolicyErrors errors, string path, List<DunningStep>? ladder)
    {
        if (ladder is not { Count: > 0 })
        {
            errors.Add(path, "must list at least one step", ladder);
            return;
        }

        for (var i = 0; i < ladder.Count; i++)
        {
            var step = ladder[i];
            var at = $"{path}:{i}";
            if (step is null)
            {
                errors.Add(at, "must be a step", null);
                continue;
            }

            errors.Required($"{at}:{nameof(DunningStep.Name)}", step.Name);
            errors.Range($"{at}:{nameof(DunningStep.Days)}", step.Days, -365, 3650);
            errors.Range($"{at}:{nameof(DunningStep.Level)}", step.Level, 0, 99);
            if (!Enum.IsDefined(step.Task))
            {
                errors.Add($"{at}:{nameof(DunningStep.Task)}", "must be None, Collector or Manager", step.Task);
            }

            if (step.InterestRatePercent is { } rate)
            {
                errors.Range($"{at}:{nameof(DunningStep.InterestRatePercent)}", rate, 0m, 100m);
            }

            if (step.FeeAmount is { } fee)
            {
                errors.Range($"{at}:{nameof(DunningStep.FeeAmount)}", fee, 0m, 1_000_000m);
            }

            if (step.ProposesCharges() && !step.Email)
            {
                errors.Add(
                    $"{at}:{nameof(DunningStep.Email)}",
                    "must be true when the step proposes interest or a fee (they are proposed with the step's letter)",
                    step.Email);
            }

            if (i > 0 && ladder[i - 1] is { } before)
            {
                if (step.Days <= before.Days)
                {
                    errors.Add($"{at}:{nameof(DunningStep.Days)}", $"must be greater than the days of the step before it ({before.Days})", step.Days);
                }

                if (step.Level <= before.Level)
                {
                    errors.Add($"{at}:{nameof(DunningStep.Level)}", $"must be greater than the level of the step before it ({before.Level})", step.Level);
                }
            }
        }
    }

    private static IReadOnlyList<string> Priority(string section, CollectionPriorityPolicy options)
    {
        var priority = new PolicyErrors(section);
        string? why = null;
        if (options.AgeWeights is null || !AgeBands.TryParse(options.AgeWeights, out _, out why))
        {
            priority.Add(nameof(CollectionPriorityPolicy.AgeWeights), why ?? "is required", options.AgeWeights?.Keys.Order(StringComparer.Ordinal));
        }
        else
        {
            foreach (var (key, weight) in options.AgeWeights)
            {
                if (weight < 0m)
                {
                    priority.Add($"{nameof(CollectionPriorityPolicy.AgeWeights)}:{key}", "must not be negative", weight);
                }
            }
        }

        foreach (var risk in new[] { "A", "B", "C", "D" })
        {
            if (options.RiskFactors is null || !options.RiskFactors.TryGetValue(risk, out var factor))
            {
                priority.Add($"{nameof(CollectionPriorityPolicy.RiskFactors)}:{risk}", "is required (a factor for each risk class A, B, C and D)", null);
            }
            else if (factor <= 0m)
            {
                priority.Add($"{nameof(CollectionPriorityPolicy.RiskFactors)}:{risk}", "must be greater than 0", factor);
            }
        }

        foreach (var key in options.RiskFactors?.Keys ?? (IEnumerable<string>)[])
        {
            if (key.Length != 1 || key[0] is < 'A' or > 'D' and < 'a' or > 'd')
            {
                priority.Add($"{nameof(CollectionPriorityPolicy.RiskFactors)}:{key}", "is not a risk class; use A, B, C or D", key);
            }
        }

        if (options.HighThreshold <= options.NormalThreshold)
        {
            priority.Add(
                nameof(CollectionPriorityPolicy.HighThreshold),
                $"must be greater than {priority.Path(nameof(CollectionPriorityPolicy.NormalThreshold))} ({PolicyErrors.Describe(options.NormalThreshold)})",
                options.HighThreshold);
        }

        return priority.Errors;
    }
}
