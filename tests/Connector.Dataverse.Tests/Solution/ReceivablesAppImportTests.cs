using System.Text.Json;
using System.Xml.Linq;
using Connector.Dataverse.Requests;
using Connector.Dataverse.Solution;
using Connector.Dataverse.Tests.Support;
using Connector.Emulators.Dataverse;

namespace Connector.Dataverse.Tests.Solution;

/// <summary>
/// Pack → ImportSolution over HTTP → read back through the emulator's Web API: what the admin gets from the import (the
/// Receivables app, its views, forms, charts, dashboard, roles and the environment variable) is there, as Dataverse lists it.
/// </summary>
public sealed class ReceivablesAppImportTests : IAsyncLifetime
{
    private DataverseEmulator emulator = null!;
    private DataverseTestHost host = null!;

    public async Task InitializeAsync()
    {
        emulator = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions(), CancellationToken.None);
        host = DataverseTestHost.Create(emulator.BaseAddress);
        using var zip = new MemoryStream();
        await SolutionPacker.PackAsync(PackageFolder.Shipped, zip, SolutionPackageType.Managed, CancellationToken.None);
        await host.Client.SendAsync(new ImportSolutionRequest(zip.ToArray()), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await emulator.DisposeAsync();
    }

    private async Task<IReadOnlyList<JsonElement>> ReadAsync(string set, string filter, params string[] select) =>
        (await host.Client.SendAsync(new RetrieveMultipleRequest(set, select, filter), CancellationToken.None)).Records;

    private static string Text(JsonElement record, string column) => record.GetProperty(column).GetString()!;

    [Theory]
    [InlineData("account", "Accounts on credit hold")]
    [InlineData("account", "Accounts by overdue amount")]
    [InlineData("salesorder", "Held sales orders")]
    [InlineData("arc_openitem", "Open items by age")]
    [InlineData("arc_payment", "Unapplied payments")]
    public async Task Import_ReceivablesViews_AreSystemViewsOfTheirTable(string table, string name)
    {
        var view = Assert.Single(await ReadAsync("savedqueries", $"name eq '{name}'", "savedqueryid", "name", "returnedtypecode", "querytype", "fetchxml", "layoutxml"));

        Assert.Equal((table, 0), (Text(view, "returnedtypecode"), view.GetProperty("querytype").GetInt32()));
        Assert.Equal(table, (string?)XElement.Parse(Text(view, "fetchxml")).Element("entity")!.Attribute("name"));
        Assert.Equal("resultset", (string?)XElement.Parse(Text(view, "layoutxml")).Attribute("name"));
    }

    [Fact]
    public async Task Import_AccountsOnCreditHold_ShowsTheHoldColumnsOfHeldAccounts()
    {
        var view = Assert.Single(await ReadAsync("savedqueries", "name eq 'Accounts on credit hold'", "fetchxml", "layoutxml"));

        var fetch = XElement.Parse(Text(view, "fetchxml"));
        Assert.Contains(fetch.Descendants("condition"), c => (string?)c.Attribute("attribute") == "creditonhold" && (string?)c.Attribute("value") == "1");
        Assert.Equal(
            ["name", "arc_exposure", "creditlimit", "arc_availablecredit", "arc_holdreasons", "arc_collectorname", "arc_heldsince"],
            XElement.Parse(Text(view, "layoutxml")).Descendants("cell").Select(c => (string?)c.Attribute("name")));
    }

    [Fact]
    public async Task Import_OrderForm_RegistersTheCreditScriptWithExecutionContext()
    {
        var form = Assert.Single(await ReadAsync("systemforms", "objecttypecode eq 'salesorder' and type eq 2", "formid", "name", "formxml"));

        var xml = XElement.Parse(Text(form, "formxml"));
        Assert.Equal("arc_/scripts/salesorder_credit.js", (string?)Assert.Single(xml.Element("formLibraries")!.Elements("Library")).Attribute("name"));
        var handlers = xml.Element("events")!.Elements("event")
            .SelectMany(e => e.Element("Handlers")!.Elements("Handler").Select(h => (
                Event: (string?)e.Attribute("name"),
                Attribute: (string?)e.Attribute("attribute"),
                Function: (string?)h.Attribute("functionName"),
                Library: (string?)h.Attribute("libraryName"),
                Context: (string?)h.Attribute("passExecutionContext"))))
            .ToList();
        Assert.Equal(
            [
                ("onload", null, "ArcCredit.onLoad", "arc_/scripts/salesorder_credit.js", "true"),
                ("onsave", null, "ArcCredit.onSave", "arc_/scripts/salesorder_credit.js", "true"),
                ("onchange", "customerid", "ArcCredit.onCustomerChange", "arc_/scripts/salesorder_credit.js", "true"),
            ],
            handlers);
    }

    [Fact]
    public async Task Import_AccountForm_ShowsArColumnsReadOnlyAndManagersColumnsEditable()
    {
        var form = Assert.Single(await ReadAsync("systemforms", "objecttypecode eq 'account' and type eq 2", "formxml"));

        var section = XElement.Parse(Text(form, "formxml")).Descendants("section")
            .Single(s => s.Element("labels")!.Element("label")!.Attribute("description")!.Value == "Credit & collections");
        var controls = section.Descendants("control").ToDictionary(c => (string)c.Attribute("datafieldname")!, c => (string?)c.Attribute("disabled"));
        Assert.Equal(["false", "false", "false"], new[] { "arc_manualhold", "arc_holdreleaseuntil", "arc_holdreleasereason" }.Select(c => controls[c]));
        Assert.All(new[] { "arc_exposure", "arc_availablecredit", "arc_holdreasons", "arc_heldsince", "arc_collectorname", "creditonhold" }, c => Assert.Equal("true", controls[c]));
    }

    [Fact]
    public async Task Import_OpenItemAndPaymentMainForms_AreThere()
    {
        Assert.Single(await ReadAsync("systemforms", "objecttypecode eq 'arc_openitem' and type eq 2", "formid"));
        Assert.Single(await ReadAsync("systemforms", "objecttypecode eq 'arc_payment' and type eq 2", "formid"));
    }

    [Fact]
    public async Task Import_ReceivablesDashboard_ShowsBothChartsAndTheViews()
    {
        var dashboard = Assert.Single(await ReadAsync("systemforms", "type eq 0", "name", "formxml"));
        var charts = await ReadAsync("savedqueryvisualizations", "name eq 'Open items by aging bucket' or name eq 'Holds by reason'", "savedqueryvisualizationid", "primaryentitytypecode");

        Assert.Equal("Receivables", Text(dashboard, "name"));
        Assert.Equal(["account", "arc_openitem"], charts.Select(c => Text(c, "primaryentitytypecode")).Order(StringComparer.Ordinal));
        var shown = XElement.Parse(Text(dashboard, "formxml")).Descendants("VisualizationId").Select(v => Guid.Parse(v.Value)).ToHashSet();
        Assert.All(charts, c => Assert.Contains(c.GetProperty("savedqueryvisualizationid").GetGuid(), shown));
    }

    [Fact]
    public async Task Import_ReceivablesApp_IsThereWithItsSiteMap()
    {
        var app = Assert.Single(await ReadAsync("appmodules", "uniquename eq 'arc_Receivables'", "appmoduleid", "uniquename", "name"));
        var siteMap = Assert.Single(await ReadAsync("sitemaps", "sitemapnameunique eq 'arc_Receivables'", "sitemapxml"));

        Assert.Equal("Receivables", Text(app, "name"));
        Assert.Equal(
            ["account", "salesorder", "arc_openitem", "arc_payment"],
            XElement.Parse(Text(siteMap, "sitemapxml")).Descendants("SubArea").Select(s => (string?)s.Attribute("Entity")).OfType<string>());
    }

    [Fact]
    public async Task Import_SecurityRoles_AreThreeWithTheirPrivileges()
    {
        var roles = await ReadAsync("roles", "name eq 'AR Manager' or name eq 'Collector' or name eq 'Receivables Connector service'", "roleid", "name", "privileges");

        Assert.Equal(["AR Manager", "Collector", "Receivables Connector service"], roles.Select(r => Text(r, "name")).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("prvWrite", Text(roles.Single(r => Text(r, "name") == "Collector"), "privileges"), StringComparison.Ordinal);
        Assert.Contains("prvWriteAccount:Global", Text(roles.Single(r => Text(r, "name") == "AR Manager"), "privileges"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_OrderEnforcementVariable_IsAStringDefaultingToHold()
    {
        var variable = Assert.Single(await ReadAsync("environmentvariabledefinitions", "schemaname eq 'arc_OrderEnforcement'", "schemaname", "type", "defaultvalue"));

        Assert.Equal((100000000, "Hold"), (variable.GetProperty("type").GetInt32(), Text(variable, "defaultvalue")));
    }

    [Fact]
    public async Task Import_SameSolutionTwice_KeepsOneOfEachComponent()
    {
        using var zip = new MemoryStream();
        await SolutionPacker.PackAsync(PackageFolder.Shipped, zip, CancellationToken.None);

        await host.Client.SendAsync(new ImportSolutionRequest(zip.ToArray()), CancellationToken.None);

        Assert.Single(await ReadAsync("appmodules", "uniquename eq 'arc_Receivables'", "appmoduleid"));
        Assert.Single(await ReadAsync("savedqueries", "name eq 'Held sales orders'", "savedqueryid"));
    }
}
