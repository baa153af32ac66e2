namespace Connector.Dataverse.Solution.Components;

/// <summary>
/// Web resources: <c>WebResources/&lt;name&gt;.data.xml</c> (the definition, root <c>&lt;WebResource&gt;</c>) next to
/// <c>WebResources/&lt;name&gt;</c> (the content), as SolutionPackager writes them (a <c>/</c> in the name is a folder). The
/// content goes into the zip at the definition's <c>&lt;FileName&gt;</c>, which must name that file; root components by name.
/// </summary>
internal sealed class WebResourceComponents : ComponentKind
{
    private const string Folder = "WebResources";
    private const string DefinitionSuffix = ".data.xml";

    public override string Section => "WebResources";

    public override bool Owns(string relative) => Parts(relative) is { Length: >= 2 } parts && parts[0] == Folder;

    public override ComponentSet Read(PackContext context)
    {
        var root = context.Path(Folder);
        if (!Directory.Exists(root))
        {
            return ComponentSet.Empty;
        }

        var elements = new List<System.Xml.Linq.XElement>();
        var roots = new List<RootComponentRef>();
        var parts = new List<ZipPart>();
        foreach (var file in Directory.GetFiles(root, "*" + DefinitionSuffix, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(context.Folder, file).Replace(Path.DirectorySeparatorChar, '/');
            var xml = context.Load(relative).ExpectRoot("WebResource");
            var content = relative[..^DefinitionSuffix.Length];
            var name = xml.RequiredText(xml.Root, "Name");
            var fileName = xml.RequiredText(xml.Root, "FileName");
            if (!string.Equals(fileName, "/" + content, StringComparison.Ordinal))
            {
                throw xml.Error(xml.Root, $"<FileName> must be /{content} (the content file next to this definition), got '{fileName}'");
            }

            if (!context.Exists(content))
            {
                throw new SolutionPackageException(content, $"file not found (the content of web resource {name})");
            }

            roots.Add(RootComponentRef.Named(ComponentTypes.WebResource, name, xml.File));
            parts.Add(new ZipPart(content, content));
            elements.Add(PackContext.Take(xml, xml.Root));
        }

        return new ComponentSet(elements, roots, parts);
    }
}
