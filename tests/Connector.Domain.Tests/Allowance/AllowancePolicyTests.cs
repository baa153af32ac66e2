using Connector.Domain.Aging;
using Connector.Domain.Allowance;

namespace Connector.Domain.Tests.Allowance;

public sealed class AllowancePolicyTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(new AllowancePolicy().Validate(new AgingPolicy()));
    }

    [Fact]
    public void Validate_FewerRatesThanBuckets_NamesTheSettingAndTheBuckets()
    {
        var policy = new AllowancePolicy { BucketRatesPercent = [1m, 3m, 10m] };

        var errors = policy.Validate(new AgingPolicy());

        Assert.Equal(
            ["Allowance:BucketRatesPercent must list 6 rates, one per aging bucket of Aging:Bounds (Current, 1–30, 31–60, 61–90, 91–120, 121+) (was [1, 3, 10])."],
            errors);
    }

    [Fact]
    public void Validate_DefaultRatesWithTwoBounds_AsksForFourRates()
    {
        var errors = new AllowancePolicy().Validate(new AgingPolicy { Bounds = [30, 60] });

        Assert.Equal(
            ["Allowance:BucketRatesPercent must list 4 rates, one per aging bucket of Aging:Bounds (Current, 1–30, 31–60, 61+) (was [1, 3, 10, 25, 50, 75])."],
            errors);
    }

    [Fact]
    public void Validate_RatesOutOfRange_NameEachSetting()
    {
        var policy = new AllowancePolicy { BucketRatesPercent = [1m, 3m, 10m, 25m, 50m, 101m], DisputedRatePercent = -1m };

        var errors = policy.Validate();

        Assert.Equal(
            [
                "Allowance:BucketRatesPercent:5 must be between 0 and 100 (was 101).",
                "Allowance:DisputedRatePercent must be between 0 and 100 (was -1).",
            ],
            errors);
    }
}
