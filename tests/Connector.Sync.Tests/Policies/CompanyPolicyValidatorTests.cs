using Connector.Domain.Policies;
using Connector.Sync.Policies;
using Connector.Sync.Settings;

namespace Connector.Sync.Tests.Policies;

public sealed class CompanyPolicyValidatorTests
{
    [Fact]
    public void Validate_Defaults_NoFailures() => Assert.Empty(Failures(new CompanyPolicy()));

    [Fact]
    public void Validate_EveryRuleBroken_EachMessageNamesSettingExpectationAndValue()
    {
        Assert.Equal(
            [
                "Company:Currency must be a three-letter ISO 4217 code such as USD (was 'US').",
                "Company:TimeZone must be an IANA time zone id such as Europe/Berlin or America/New_York (empty: the host's zone) (was 'Europe/Munich').",
            ],
            Failures(new CompanyPolicy { Currency = "US", TimeZone = "Europe/Munich" }));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("  ", "'  '")]
    public void Validate_CurrencyMissing_OneMessage(string? currency, string shown)
    {
        Assert.Equal(
            [$"Company:Currency must be a three-letter ISO 4217 code such as USD (was {shown})."],
            Failures(new CompanyPolicy { Currency = currency! }));
    }

    [Fact]
    public void Validate_TimeZoneEmptyOrKnown_Passes()
    {
        Assert.Empty(Failures(new CompanyPolicy { TimeZone = "" }));
        Assert.Empty(Failures(new CompanyPolicy { TimeZone = "Europe/Berlin" }));
    }

    private static IReadOnlyList<string> Failures(CompanyPolicy policy) => SettingsValidation.Failures(policy, new CompanyPolicyValidator());
}
