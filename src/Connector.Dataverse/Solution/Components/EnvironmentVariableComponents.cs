namespace Connector.Dataverse.Solution.Components;

/// <summary>
/// Environment variable definitions: <c>environmentvariabledefinitions/&lt;schema name&gt;/environmentvariabledefinition.xml</c>
/// (root <c>&lt;environmentvariabledefinition schemaname="…"&gt;</c>). They are not part of customizations.xml: the file goes
/// into the zip at the same path, as exports carry it; root components (type 380) by schema name.
/// </summary>
internal sealed class EnvironmentVariableComponents : ComponentKind
{
    public const string Folder = "environmentvariabledefinitions";
    public const string FileName = "environmentvariabledefinition.xml";

    /// <summary>No section: the definitions travel as zip parts.</summary>
    public override string Section => string.Empty;

    public override bool Owns(string relative) => Parts(relative) is [Folder, _, FileName];

    public override ComponentSet Read(PackContext context)
    {
        var roots = new List<RootComponentRef>();
        var parts = new List<ZipPart>();
        foreach (var sub in context.Folders(Folder))
        {
            var file = $"{Folder}/{sub}/{FileName}";
            if (!context.Exists(file))
            {
                throw new SolutionPackageException($"{Folder}/{sub}", $"has no {FileName}");
            }

            var xml = context.Load(file).ExpectRoot("environmentvariabledefinition");
            var schemaName = xml.RequiredAttribute(xml.Root, "schemaname");
            if (!string.Equals(schemaName, sub, StringComparison.Ordinal))
            {
                throw xml.Error(xml.Root, $"schemaname=\"{schemaName}\" must be in {Folder}/{schemaName}/{FileName}");
            }

            var type = xml.RequiredText(xml.Root, "type");
            if (type is not ("100000000" or "100000001" or "100000002" or "100000003" or "100000004" or "100000005"))
            {
                throw xml.Error(xml.Root, $"<type>{type}</type>: expected 100000000 (String) … 100000005 (Secret)");
            }

            roots.Add(RootComponentRef.Named(ComponentTypes.EnvironmentVariableDefinition, schemaName, xml.File));
            parts.Add(new ZipPart(file, file));
        }

        return new ComponentSet([], roots, parts);
    }
}
