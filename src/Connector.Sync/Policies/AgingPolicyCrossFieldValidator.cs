using Connector.Domain.Aging;
using Connector.Domain.Policies;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary><c>Aging:Bounds</c>: at least one bound, each a positive number of days, each greater than the one before it. Every failure is reported.</summary>
public sealed class AgingPolicyCrossFieldValidator : IValidateOptions<AgingPolicy>
{
    public ValidateOptionsResult Validate(string? name, AgingPolicy options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new PolicyErrors(AgingPolicy.SectionName);
        if (options.Bounds is not { Length: > 0 } bounds)
        {
            errors.Add(nameof(AgingPolicy.Bounds), "must list at least one bucket bound in days, such as [30, 60, 90, 120]", options.Bounds);
        }
        else
        {
            for (var i = 0; i < bounds.Length; i++)
            {
                if (bounds[i] < 1)
                {
                    errors.Add($"{nameof(AgingPolicy.Bounds)}:{i}", "must be a positive number of days", bounds[i]);
                }
                else if (i > 0 && bounds[i] <= bounds[i - 1])
                {
                    errors.Add($"{nameof(AgingPolicy.Bounds)}:{i}", $"must be greater than the bound before it ({bounds[i - 1]})", bounds[i]);
                }
            }
        }

        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }
}
