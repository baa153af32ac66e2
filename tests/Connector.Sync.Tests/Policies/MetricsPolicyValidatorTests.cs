using Connector.Domain.Metrics;
using Connector.Sync.Policies;
using Connector.Sync.Settings;

namespace Connector.Sync.Tests.Policies;

public sealed class MetricsPolicyValidatorTests
{
    [Fact]
    public void Validate_Defaults_NoFailures() => Assert.Empty(Failures(new MetricsPolicy()));

    [Fact]
    public void Validate_EveryRuleBroken_ReportsEach()
    {
        Assert.Equal(
            [
                "Metrics:PeriodDays must be between 1 and 3650 (was 0).",
                "Metrics:CountbackMaxMonths must be between 1 and 120 (was 121).",
                "Metrics:OverDays must be between 1 and 3650 (was 3651).",
            ],
            Failures(new MetricsPolicy { PeriodDays = 0, CountbackMaxMonths = 121, OverDays = 3651 }));
    }

    private static IReadOnlyList<string> Failures(MetricsPolicy policy) => SettingsValidation.Failures(policy, new MetricsPolicyValidator());
}
