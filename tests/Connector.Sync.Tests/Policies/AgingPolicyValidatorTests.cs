using Connector.Domain.Aging;
using Connector.Sync.Policies;
using Connector.Sync.Settings;

namespace Connector.Sync.Tests.Policies;

public sealed class AgingPolicyValidatorTests
{
    [Fact]
    public void Validate_Defaults_NoFailures() => Assert.Empty(Failures(new AgingPolicy()));

    [Fact]
    public void Validate_DescendingBounds_NamesTheBound()
    {
        Assert.Equal(["Aging:Bounds:1 must be greater than the bound before it (30) (was 20)."], Failures(new AgingPolicy { Bounds = [30, 20] }));
    }

    [Fact]
    public void Validate_EveryRuleBroken_ReportsEach()
    {
        Assert.Equal(
            [
                "Aging:Basis must be DueDate or DocumentDate (was 7).",
                "Aging:Bounds:0 must be a positive number of days (was 0).",
                "Aging:Bounds:2 must be greater than the bound before it (60) (was 60).",
                "Aging:Bounds:3 must be a positive number of days (was -5).",
            ],
            Failures(new AgingPolicy { Basis = (AgingBasis)7, Bounds = [0, 60, 60, -5] }));
    }

    [Fact]
    public void Validate_NoBounds_AsksForAtLeastOne()
    {
        Assert.Equal(["Aging:Bounds must list at least one bucket bound in days, such as [30, 60, 90, 120] (was [])."], Failures(new AgingPolicy { Bounds = [] }));
    }

    private static IReadOnlyList<string> Failures(AgingPolicy policy) =>
        SettingsValidation.Failures(policy, new AgingPolicyValidator(), new AgingPolicyCrossFieldValidator());
}
