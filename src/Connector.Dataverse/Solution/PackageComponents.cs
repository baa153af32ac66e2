using System.Xml.Linq;

namespace Connector.Dataverse.Solution;

/// <summary>A component the package brings that an environment can be asked about: views, forms, charts, dashboards, roles, apps, environment variables.</summary>
/// <param name="Kind">"view", "form", "chart", "dashboard", "security role", "app", "environment variable".</param>
/// <param name="EntitySet">Where the Web API keeps it, e.g. <c>savedqueries</c>.</param>
/// <param name="KeyColumn">The column that names it there: its id, or its unique name.</param>
/// <param name="Key">The id (<c>D</c> format) or unique name.</param>
/// <param name="Name">What an admin calls it, e.g. "Accounts on credit hold".</param>
/// <param name="DefaultValue">An environment variable's default value.</param>
public sealed record PackageComponent(string Kind, string EntitySet, string KeyColumn, string Key, string Name, string? DefaultValue = null);

/// <summary>Reads the checkable components of an unpacked package (the files the packer packs).</summary>
public static class PackageComponents
{
    public static IReadOnlyList<PackageComponent> Read(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var found = new List<PackageComponent>();
        foreach (var entity in SolutionPackage.EntityFiles(folder).Select(f => f[..^"/Entity.xml".Length]))
        {
            foreach (var file in SolutionPackage.XmlFiles(folder, entity + "/SavedQueries"))
            {
                found.AddRange(Load(folder, file).Root!.Elements("savedquery").Select(v => Component("view", "savedqueries", "savedqueryid", v, "savedqueryid")));
            }

            foreach (var type in Folders(folder, entity + "/FormXml"))
            {
                foreach (var file in SolutionPackage.XmlFiles(folder, $"{entity}/FormXml/{type}").Where(f => !f.EndsWith("_managed.xml", StringComparison.OrdinalIgnoreCase)))
                {
                    found.AddRange(Load(folder, file).Root!.Elements("systemform").Select(f => Component("form", "systemforms", "formid", f, "formid")));
                }
            }

            foreach (var file in SolutionPackage.XmlFiles(folder, entity + "/Visualizations"))
            {
                found.Add(Component("chart", "savedqueryvisualizations", "savedqueryvisualizationid", Load(folder, file).Root!, "savedqueryvisualizationid"));
            }
        }

        foreach (var file in SolutionPackage.XmlFiles(folder, "Dashboards"))
        {
            found.Add(Component("dashboard", "systemforms", "formid", Load(folder, file).Root!, "FormId"));
        }

        foreach (var file in SolutionPackage.XmlFiles(folder, "Roles"))
        {
            var role = Load(folder, file).Root!;
            found.Add(new("security role", "roles", "roleid", Guid.Parse((string)role.Attribute("id")!).ToString("D"), (string?)role.Attribute("name") ?? file));
        }

        foreach (var app in Folders(folder, "AppModules"))
        {
            var xml = Load(folder, $"AppModules/{app}/AppModule.xml").Root!;
            found.Add(new("app", "appmodules", "uniquename", app, LocalizedName(xml) ?? app));
        }

        foreach (var variable in Folders(folder, "environmentvariabledefinitions"))
        {
            var xml = Load(folder, $"environmentvariabledefinitions/{variable}/environmentvariabledefinition.xml").Root!;
            found.Add(new("environment variable", "environmentvariabledefinitions", "schemaname", variable, variable, ((string?)xml.Element("defaultvalue"))?.Trim()));
        }

        return found;
    }

    private static PackageComponent Component(string kind, string set, string column, XElement element, string idElement) =>
        new(kind, set, column, Guid.Parse(((string?)element.Element(idElement) ?? string.Empty).Trim()).ToString("D"), LocalizedName(element) ?? kind);

    private static string? LocalizedName(XElement element) =>
        (string?)element.Element("LocalizedNames")?.Elements("LocalizedName").FirstOrDefault()?.Attribute("description");

    private static XDocument Load(string folder, string relative) => PackageXml.Load(folder, relative).Document;

    private static IEnumerable<string> Folders(string folder, string relative)
    {
        var path = Path.Combine(folder, relative);
        return Directory.Exists(path) ? Directory.GetDirectories(path).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal) : [];
    }
}
