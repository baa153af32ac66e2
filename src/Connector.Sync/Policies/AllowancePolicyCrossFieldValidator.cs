using Connector.Domain.Aging;
using Connector.Domain.Allowance;
using Connector.Domain.Policies;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary>
/// <c>Allowance:BucketRatesPercent</c>: a list of rates, each 0–100 %, and exactly one per aging bucket of <c>Aging:Bounds</c>.
/// When the aging policy is itself invalid its own validators report it, and the count is not checked. Every failure is reported.
/// </summary>
public sealed class AllowancePolicyCrossFieldValidator(IOptions<AgingPolicy> aging) : IValidateOptions<AllowancePolicy>
{
    public ValidateOptionsResult Validate(string? name, AllowancePolicy options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new PolicyErrors(AllowancePolicy.SectionName);
        if (options.BucketRatesPercent is not { Length: > 0 } rates)
        {
            errors.Add(nameof(AllowancePolicy.BucketRatesPercent), "must list one loss rate in percent per aging bucket, such as [1, 3, 10, 25, 50, 75]", options.BucketRatesPercent);
        }
        else
        {
            for (var i = 0; i < rates.Length; i++)
            {
                errors.Range($"{nameof(AllowancePolicy.BucketRatesPercent)}:{i}", rates[i], 0m, 100m);
            }

            if (ValidAging() is { Bounds: { Length: > 0 } bounds })
            {
                var buckets = new AgingBuckets(bounds);
                if (rates.Length != buckets.Count)
                {
                    errors.Add(
                        nameof(AllowancePolicy.BucketRatesPercent),
                        $"must list {buckets.Count} rates, one per aging bucket of Aging:Bounds ({string.Join(", ", buckets.Labels)})",
                        rates);
                }
            }
        }

        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }

    private AgingPolicy? ValidAging()
    {
        try
        {
            return aging.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
