namespace Connector.Dataverse.Solution.Components;

/// <summary>
/// Dashboards: <c>Dashboards/{id}.xml</c> (root <c>&lt;Dashboard&gt;</c>, a system form of type dashboard, one per file) into
/// customizations.xml's <c>&lt;Dashboards&gt;</c>; root components (type 60, a system form) by <c>&lt;FormId&gt;</c>.
/// </summary>
internal sealed class DashboardComponents : ComponentKind
{
    private const string Folder = "Dashboards";

    public override string Section => "Dashboards";

    public override bool Owns(string relative) => Parts(relative) is [Folder, var file] && IsXml(file);

    public override ComponentSet Read(PackContext context)
    {
        var elements = new List<System.Xml.Linq.XElement>();
        var roots = new List<RootComponentRef>();
        foreach (var file in context.XmlFiles(Folder))
        {
            var xml = context.Load(file).ExpectRoot("Dashboard");
            roots.Add(RootComponentRef.WithIdElement(ComponentTypes.SystemForm, xml, xml.Root, "FormId"));
            elements.Add(PackContext.Take(xml, xml.Root));
        }

        return new ComponentSet(elements, roots, []);
    }
}
