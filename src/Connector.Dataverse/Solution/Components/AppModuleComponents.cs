namespace Connector.Dataverse.Solution.Components;

/// <summary>
/// Model-driven apps: <c>AppModules/&lt;unique name&gt;/AppModule.xml</c> (root <c>&lt;AppModule&gt;</c>) into customizations.xml's
/// <c>&lt;AppModules&gt;</c>; root components (type 80) by unique name. The folder is named after the app, as SolutionPackager
/// writes it.
/// </summary>
internal sealed class AppModuleComponents : ComponentKind
{
    private const string Folder = "AppModules";
    private const string FileName = "AppModule.xml";

    public override string Section => "AppModules";

    public override bool Owns(string relative) => Parts(relative) is [Folder, _, FileName];

    public override ComponentSet Read(PackContext context) =>
        NamedFolders.Read(context, Folder, FileName, "AppModule", ComponentTypes.AppModule, xml => xml.RequiredText(xml.Root, "UniqueName"));
}

/// <summary>
/// Site maps of model-driven apps: <c>AppModuleSiteMaps/&lt;unique name&gt;/AppModuleSiteMap.xml</c> (root
/// <c>&lt;AppModuleSiteMap&gt;</c>) into customizations.xml's <c>&lt;AppModuleSiteMaps&gt;</c>; root components (type 62) by
/// <c>&lt;SiteMapUniqueName&gt;</c>.
/// </summary>
internal sealed class AppModuleSiteMapComponents : ComponentKind
{
    private const string Folder = "AppModuleSiteMaps";
    private const string FileName = "AppModuleSiteMap.xml";

    public override string Section => "AppModuleSiteMaps";

    public override bool Owns(string relative) => Parts(relative) is [Folder, _, FileName];

    public override ComponentSet Read(PackContext context) =>
        NamedFolders.Read(context, Folder, FileName, "AppModuleSiteMap", ComponentTypes.SiteMap, xml => xml.RequiredText(xml.Root, "SiteMapUniqueName"));
}

/// <summary>Components SolutionPackager keeps as <c>&lt;Folder&gt;/&lt;name&gt;/&lt;File&gt;</c>, the folder named after the component.</summary>
internal static class NamedFolders
{
    public static ComponentSet Read(PackContext context, string folder, string fileName, string root, int type, Func<PackageXml, string> name)
    {
        var elements = new List<System.Xml.Linq.XElement>();
        var roots = new List<RootComponentRef>();
        foreach (var sub in context.Folders(folder))
        {
            var file = $"{folder}/{sub}/{fileName}";
            if (!context.Exists(file))
            {
                throw new SolutionPackageException($"{folder}/{sub}", $"has no {fileName}");
            }

            var xml = context.Load(file).ExpectRoot(root);
            var unique = name(xml);
            if (!string.Equals(unique, sub, StringComparison.Ordinal))
            {
                throw xml.Error(xml.Root, $"'{unique}' must be in {folder}/{unique}/{fileName} (the folder is named after the component)");
            }

            roots.Add(RootComponentRef.Named(type, unique, xml.File));
            elements.Add(PackContext.Take(xml, xml.Root));
        }

        return new ComponentSet(elements, roots, []);
    }
}
