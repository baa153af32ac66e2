using Connector.Domain.Aging;
using Connector.Domain.Allowance;
using Connector.Sync.Policies;
using Connector.Sync.Settings;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Tests.Policies;

public sealed class AllowancePolicyValidatorTests
{
    [Fact]
    public void Validate_Defaults_NoFailures() => Assert.Empty(Failures(new AllowancePolicy(), new AgingPolicy()));

    [Fact]
    public void Validate_FewerRatesThanBuckets_NamesTheSettingAndTheBuckets()
    {
        Assert.Equal(
            ["Allowance:BucketRatesPercent must list 6 rates, one per aging bucket of Aging:Bounds (Current, 1–30, 31–60, 61–90, 91–120, 121+) (was [1, 3, 10])."],
            Failures(new AllowancePolicy { BucketRatesPercent = [1m, 3m, 10m] }, new AgingPolicy()));
    }

    [Fact]
    public void Validate_DefaultRatesWithTwoBounds_AsksForFourRates()
    {
        Assert.Equal(
            ["Allowance:BucketRatesPercent must list 4 rates, one per aging bucket of Aging:Bounds (Current, 1–30, 31–60, 61+) (was [1, 3, 10, 25, 50, 75])."],
            Failures(new AllowancePolicy(), new AgingPolicy { Bounds = [30, 60] }));
    }

    [Fact]
    public void Validate_RatesOutOfRange_NameEachSetting()
    {
        Assert.Equal(
            [
                "Allowance:DisputedRatePercent must be between 0 and 100 (was -1).",
                "Allowance:BucketRatesPercent:5 must be between 0 and 100 (was 101).",
            ],
            Failures(new AllowancePolicy { BucketRatesPercent = [1m, 3m, 10m, 25m, 50m, 101m], DisputedRatePercent = -1m }, new AgingPolicy()));
    }

    [Fact]
    public void Validate_NoRates_AsksForOnePerBucket()
    {
        Assert.Equal(
            ["Allowance:BucketRatesPercent must list one loss rate in percent per aging bucket, such as [1, 3, 10, 25, 50, 75] (was [])."],
            Failures(new AllowancePolicy { BucketRatesPercent = [] }, new AgingPolicy()));
    }

    [Fact]
    public void Validate_AgingItselfInvalid_CountNotChecked()
    {
        var invalidAging = new FailingOptions<AgingPolicy>(new OptionsValidationException(AgingPolicy.SectionName, typeof(AgingPolicy), ["Aging:Bounds:1 …"]));

        var failures = SettingsValidation.Failures(
            new AllowancePolicy { BucketRatesPercent = [1m, 2m] }, new AllowancePolicyValidator(), new AllowancePolicyCrossFieldValidator(invalidAging));

        Assert.Empty(failures);
    }

    private static IReadOnlyList<string> Failures(AllowancePolicy policy, AgingPolicy aging) =>
        SettingsValidation.Failures(policy, new AllowancePolicyValidator(), new AllowancePolicyCrossFieldValidator(Options.Create(aging)));

    private sealed class FailingOptions<T>(Exception error) : IOptions<T>
        where T : class
    {
        public T Value => throw error;
    }
}
