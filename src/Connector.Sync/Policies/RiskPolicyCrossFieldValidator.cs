using Connector.Domain.Policies;
using Connector.Domain.Profile;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary>
/// The lists of <c>Risk</c>: each threshold list has 3 ascending values, none negative; <c>LimitMultipliers</c> has 4, each 0–10.
/// Every failure is reported, each element by its own path (<c>Risk:DaysLateThresholds:1</c>).
/// </summary>
public sealed class RiskPolicyCrossFieldValidator : IValidateOptions<RiskPolicy>
{
    public ValidateOptionsResult Validate(string? name, RiskPolicy options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new PolicyErrors(RiskPolicy.SectionName);
        Thresholds(errors, nameof(RiskPolicy.DaysLateThresholds), options.DaysLateThresholds);
        Thresholds(errors, nameof(RiskPolicy.LateSharePercentThresholds), options.LateSharePercentThresholds);
        Thresholds(errors, nameof(RiskPolicy.BrokenPromiseThresholds), options.BrokenPromiseThresholds);
        Thresholds(errors, nameof(RiskPolicy.DisputeThresholds), options.DisputeThresholds);
        Thresholds(errors, nameof(RiskPolicy.UtilisationPercentThresholds), options.UtilisationPercentThresholds);
        if (options.LimitMultipliers is not { Length: 4 } multipliers)
        {
            errors.Add(nameof(RiskPolicy.LimitMultipliers), "must list 4 multipliers, one per risk class A, B, C, D, such as [1, 0.75, 0.5, 0]", options.LimitMultipliers);
        }
        else
        {
            for (var i = 0; i < multipliers.Length; i++)
            {
                errors.Range($"{nameof(RiskPolicy.LimitMultipliers)}:{i}", multipliers[i], 0m, 10m);
            }
        }

        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }

    private static void Thresholds(PolicyErrors errors, string setting, decimal[]? values)
    {
        if (values is not { Length: 3 })
        {
            errors.Add(setting, "must list 3 ascending thresholds (above the first: B, the second: C, the third: D)", values);
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] < 0m)
            {
                errors.Add($"{setting}:{i}", "must not be negative", values[i]);
            }
            else if (i > 0 && values[i] < values[i - 1])
            {
                errors.Add($"{setting}:{i}", $"must not be below the threshold before it ({PolicyErrors.Describe(values[i - 1])})", values[i]);
            }
        }
    }
}
