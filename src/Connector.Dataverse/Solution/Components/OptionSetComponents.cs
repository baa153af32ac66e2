namespace Connector.Dataverse.Solution.Components;

/// <summary>Global choices: <c>OptionSets/&lt;name&gt;.xml</c> (root <c>&lt;optionset Name="…"&gt;</c>), root components by name.</summary>
internal sealed class OptionSetComponents : ComponentKind
{
    private const string Folder = "OptionSets";

    public override string Section => "optionsets";

    public override bool Owns(string relative)
    {
        var parts = Parts(relative);
        return parts.Length == 2 && parts[0] == Folder && IsXml(parts[1]);
    }

    public override ComponentSet Read(PackContext context)
    {
        var elements = new List<System.Xml.Linq.XElement>();
        var roots = new List<RootComponentRef>();
        foreach (var file in context.XmlFiles(Folder))
        {
            var xml = context.Load(file).ExpectRoot("optionset");
            roots.Add(RootComponentRef.Named(ComponentTypes.OptionSet, xml.RequiredAttribute(xml.Root, "Name"), xml.File));
            elements.Add(PackContext.Take(xml, xml.Root));
        }

        return new ComponentSet(elements, roots, []);
    }
}
