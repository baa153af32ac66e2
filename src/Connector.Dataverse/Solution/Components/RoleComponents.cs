namespace Connector.Dataverse.Solution.Components;

/// <summary>Security roles: <c>Roles/&lt;name&gt;.xml</c> (root <c>&lt;Role id="…" name="…"&gt;</c>, one role per file), root components by id.</summary>
internal sealed class RoleComponents : ComponentKind
{
    private const string Folder = "Roles";

    public override string Section => "Roles";

    public override bool Owns(string relative) => Parts(relative) is [Folder, var file] && IsXml(file);

    public override ComponentSet Read(PackContext context)
    {
        var elements = new List<System.Xml.Linq.XElement>();
        var roots = new List<RootComponentRef>();
        foreach (var file in context.XmlFiles(Folder))
        {
            var xml = context.Load(file).ExpectRoot("Role");
            var name = xml.RequiredAttribute(xml.Root, "name");
            if (!string.Equals(Path.GetFileNameWithoutExtension(file), name, StringComparison.Ordinal))
            {
                throw xml.Error(xml.Root, $"<Role name=\"{name}\"> must be in Roles/{name}.xml (SolutionPackager names the file after the role)");
            }

            roots.Add(RootComponentRef.WithId(ComponentTypes.Role, xml, xml.Root, "id"));
            elements.Add(PackContext.Take(xml, xml.Root));
        }

        return new ComponentSet(elements, roots, []);
    }
}
