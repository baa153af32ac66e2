namespace Connector.Dataverse.Solution.Components;

/// <summary>
/// Relationships: <c>Other/Relationships/&lt;Table&gt;.xml</c> (root <c>&lt;EntityRelationships&gt;</c>, one file per table);
/// <c>Other/Relationships.xml</c> only lists their names. Subcomponents of their tables, so no root components.
/// </summary>
internal sealed class RelationshipComponents : ComponentKind
{
    private const string Folder = "Other/Relationships";

    public override string Section => "EntityRelationships";

    public override bool Owns(string relative)
    {
        var parts = Parts(relative);
        return relative == Folder + ".xml" || (parts.Length == 3 && parts[0] == "Other" && parts[1] == "Relationships" && IsXml(parts[2]));
    }

    public override ComponentSet Read(PackContext context)
    {
        var elements = new List<System.Xml.Linq.XElement>();
        foreach (var file in context.XmlFiles(Folder))
        {
            var xml = context.Load(file).ExpectRoot("EntityRelationships");
            elements.AddRange(xml.Root.Elements("EntityRelationship").ToList().Select(r => PackContext.Take(xml, r)));
        }

        return new ComponentSet(elements, [], []);
    }
}
