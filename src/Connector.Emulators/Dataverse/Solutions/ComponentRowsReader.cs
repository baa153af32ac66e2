using System.Xml.Linq;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.Solutions;

/// <summary>One row an imported component becomes: its table, id and column values.</summary>
/// <param name="Table">The system table's logical name (<see cref="SolutionComponentTables"/>).</param>
/// <param name="Id">The component's id (from the package, or derived from its unique name when the package has none).</param>
/// <param name="Values">Column values by logical name, the primary id included.</param>
public sealed record ComponentRow(string Table, Guid Id, IReadOnlyDictionary<string, object?> Values);

/// <summary>
/// customizations.xml and the environment variable parts → the rows Dataverse keeps for the solution's presentation
/// components: views, forms, charts (per table), dashboards, roles, web resources, apps and their site maps, environment
/// variable definitions.
/// </summary>
internal static class ComponentRowsReader
{
    /// <summary>The <c>type</c> of a system form by its <c>&lt;forms type&gt;</c> folder (the systemform table's choice values).</summary>
    private static readonly Dictionary<string, int> FormTypes = new(StringComparer.Ordinal)
    {
        ["dashboard"] = 0,
        ["main"] = 2,
        ["mobile"] = 5,
        ["quick"] = 6,
        ["quickCreate"] = 7,
        ["card"] = 11,
    };

    public static IReadOnlyList<ComponentRow> Read(SolutionZipParts parts)
    {
        var root = parts.Customizations.Root!;
        var rows = new List<ComponentRow>();
        foreach (var entity in root.Element("Entities")?.Elements("Entity") ?? [])
        {
            var table = ((string?)entity.Element("Name") ?? string.Empty).Trim().ToLowerInvariant();
            foreach (var view in entity.Element("SavedQueries")?.Element("savedqueries")?.Elements("savedquery") ?? [])
            {
                rows.Add(Row(SolutionComponentTables.SavedQuery, "savedqueryid", Id(view, "savedqueryid"), new()
                {
                    ["name"] = Name(view),
                    ["returnedtypecode"] = table,
                    ["querytype"] = int.TryParse((string?)view.Element("querytype"), out var type) ? type : 0,
                    ["isdefault"] = (string?)view.Element("isdefault") == "1",
                    ["fetchxml"] = Inner(view.Element("fetchxml")),
                    ["layoutxml"] = Inner(view.Element("layoutxml")),
                }));
            }

            foreach (var forms in entity.Element("FormXml")?.Elements("forms") ?? [])
            {
                foreach (var form in forms.Elements("systemform"))
                {
                    rows.Add(Form(Id(form, "formid"), Name(form), table, FormTypes.GetValueOrDefault((string?)forms.Attribute("type") ?? string.Empty, 2), form.Element("form")));
                }
            }

            foreach (var chart in entity.Element("Visualizations")?.Elements("visualization") ?? [])
            {
                rows.Add(Row(SolutionComponentTables.Visualization, "savedqueryvisualizationid", Id(chart, "savedqueryvisualizationid"), new()
                {
                    ["name"] = Name(chart),
                    ["primaryentitytypecode"] = table,
                    ["datadescription"] = Inner(chart.Element("datadescription")),
                    ["presentationdescription"] = Inner(chart.Element("presentationdescription")),
                }));
            }
        }

        foreach (var dashboard in root.Element("Dashboards")?.Elements("Dashboard") ?? [])
        {
            rows.Add(Form(Id(dashboard, "FormId"), Name(dashboard), "none", 0, dashboard.Element("FormXml")?.Element("forms")?.Element("form")));
        }

        foreach (var role in root.Element("Roles")?.Elements("Role") ?? [])
        {
            rows.Add(Row(SolutionComponentTables.Role, "roleid", Guid.Parse((string)role.Attribute("id")!), new()
            {
                ["name"] = (string?)role.Attribute("name"),
                ["privileges"] = string.Join(';', role.Element("RolePrivileges")?.Elements("RolePrivilege").Select(p => $"{(string?)p.Attribute("name")}:{(string?)p.Attribute("level")}") ?? []),
            }));
        }

        foreach (var resource in root.Element("WebResources")?.Elements("WebResource") ?? [])
        {
            rows.Add(Row(SolutionComponentTables.WebResource, "webresourceid", Id(resource, "WebResourceId"), new()
            {
                ["name"] = (string?)resource.Element("Name"),
                ["webresourcetype"] = int.TryParse((string?)resource.Element("WebResourceType"), out var type) ? type : 0,
            }));
        }

        foreach (var siteMap in root.Element("AppModuleSiteMaps")?.Elements("AppModuleSiteMap") ?? [])
        {
            var unique = ((string?)siteMap.Element("SiteMapUniqueName"))?.Trim() ?? string.Empty;
            rows.Add(Row(SolutionComponentTables.SiteMap, "sitemapid", DeterministicIds.Of("sitemap:" + unique), new()
            {
                ["sitemapname"] = Name(siteMap) ?? unique,
                ["sitemapnameunique"] = unique,
                ["sitemapxml"] = siteMap.Element("SiteMap")?.ToString(SaveOptions.DisableFormatting),
            }));
        }

        foreach (var app in root.Element("AppModules")?.Elements("AppModule") ?? [])
        {
            var unique = ((string?)app.Element("UniqueName"))?.Trim() ?? string.Empty;
            rows.Add(Row(SolutionComponentTables.AppModule, "appmoduleid", DeterministicIds.Of("appmodule:" + unique), new()
            {
                ["uniquename"] = unique,
                ["name"] = Name(app) ?? unique,
                ["descriptor"] = app.Element("AppModuleComponents")?.ToString(SaveOptions.DisableFormatting),
            }));
        }

        foreach (var definition in parts.EnvironmentVariables.Select(d => d.Root!))
        {
            var schemaName = (string?)definition.Attribute("schemaname") ?? string.Empty;
            rows.Add(Row(SolutionComponentTables.EnvironmentVariableDefinition, "environmentvariabledefinitionid", DeterministicIds.Of("environmentvariabledefinition:" + schemaName), new()
            {
                ["schemaname"] = schemaName,
                ["displayname"] = (string?)definition.Element("displayname")?.Attribute("default") ?? ((string?)definition.Element("displayname"))?.Trim(),
                ["type"] = int.TryParse((string?)definition.Element("type"), out var type) ? type : 100000000,
                ["defaultvalue"] = ((string?)definition.Element("defaultvalue"))?.Trim(),
            }));
        }

        return rows;
    }

    private static ComponentRow Form(Guid id, string? name, string table, int type, XElement? form) =>
        Row(SolutionComponentTables.SystemForm, "formid", id, new()
        {
            ["name"] = name,
            ["objecttypecode"] = table,
            ["type"] = type,
            ["formxml"] = form?.ToString(SaveOptions.DisableFormatting),
        });

    private static ComponentRow Row(string table, string primaryId, Guid id, Dictionary<string, object?> values)
    {
        values[primaryId] = id;
        return new ComponentRow(table, id, values);
    }

    private static Guid Id(XElement element, string child)
    {
        var text = ((string?)element.Element(child))?.Trim();
        return Guid.TryParse(text, out var id)
            ? id
            : throw SolutionZipParts.Error(SolutionZipParts.CustomizationsPart, element, $"<{element.Name.LocalName}>: <{child}> '{text}' is not a GUID");
    }

    private static string? Name(XElement element) =>
        (string?)element.Element("LocalizedNames")?.Elements("LocalizedName").FirstOrDefault(n => (string?)n.Attribute("languagecode") == "1033")?.Attribute("description")
        ?? (string?)element.Element("LocalizedNames")?.Elements("LocalizedName").FirstOrDefault()?.Attribute("description");

    /// <summary>The XML an element wraps (a view's <c>&lt;fetch&gt;</c>, a grid's <c>&lt;grid&gt;</c>), as Dataverse stores it.</summary>
    private static string? Inner(XElement? element) =>
        element is null ? null : string.Concat(element.Elements().Select(e => e.ToString(SaveOptions.DisableFormatting)));
}
