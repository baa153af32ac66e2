using Connector.Dataverse.Solution;

namespace Connector.Dataverse.Tests.Solution;

/// <summary>What <c>connector dataverse check</c> says about the views, forms, app, roles and variable an environment lacks.</summary>
public sealed class ComponentCheckTests
{
    private static readonly IReadOnlyList<PackageComponent> Expected = PackageComponents.Read(PackageFolder.Shipped);

    private static List<LiveComponent> AllPresent(string? defaultValue = "Hold") =>
        [.. Expected.Select(c => new LiveComponent(c, c.Kind == "environment variable" ? defaultValue : null))];

    [Fact]
    public void Read_ShippedPackage_ListsViewsFormsChartsDashboardRolesAppAndVariable()
    {
        Assert.Equal(
            [("app", 1), ("chart", 2), ("dashboard", 1), ("environment variable", 1), ("form", 4), ("security role", 3), ("view", 17)],
            Expected.GroupBy(c => c.Kind).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key, StringComparer.Ordinal));
        Assert.Equal("Hold", Expected.Single(c => c.Key == "arc_OrderEnforcement").DefaultValue);
    }

    [Fact]
    public void Compare_EverythingPresentAndVariableAgrees_FindsNothing() =>
        Assert.Empty(ComponentCheck.Compare("ReceivablesConnector", Expected, AllPresent(), "Hold"));

    [Fact]
    public void Compare_RoleMissing_WarnsNamingTheRole()
    {
        var live = AllPresent().Where(l => l.Component.Name != "Collector").ToList();

        var finding = Assert.Single(ComponentCheck.Compare("ReceivablesConnector", Expected, live, "Hold"));

        Assert.Equal((CheckFindingKind.MissingComponent, CheckSeverity.Warning), (finding.Kind, finding.Severity));
        Assert.Equal("warning: security role 'Collector' is missing; import the ReceivablesConnector solution (AR managers and collectors use it; the push works without it)", finding.ToString());
    }

    [Fact]
    public void Compare_VariableDefaultDiffersFromTheConnector_WarnsToAlignThem()
    {
        var finding = Assert.Single(ComponentCheck.Compare("ReceivablesConnector", Expected, AllPresent("Reject"), "Hold"));

        Assert.Equal(CheckFindingKind.EnvironmentVariableDiffers, finding.Kind);
        Assert.StartsWith("warning: environment variable arc_OrderEnforcement is 'Reject' but Credit:OrderEnforcement is 'Hold'", finding.ToString(), StringComparison.Ordinal);
    }
}
