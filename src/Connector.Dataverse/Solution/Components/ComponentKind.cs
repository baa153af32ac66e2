using System.Xml.Linq;

namespace Connector.Dataverse.Solution.Components;

/// <summary>
/// One kind of solution component: the files SolutionPackager (<c>pac solution unpack</c>) keeps it in, and the section of
/// customizations.xml that carries it. The packer asks every kind of <see cref="All"/>, in the order of the schema's
/// sections, for its components; a new kind (views, forms, app modules, roles …) is one more class here.
/// </summary>
internal abstract class ComponentKind
{
    /// <summary>Every kind the packer knows, in the order CustomizationsSolution.xsd gives customizations.xml's sections.</summary>
    public static IReadOnlyList<ComponentKind> All { get; } =
    [
        new EntityComponents(),
        new RoleComponents(),
        new FieldSecurityProfileComponents(),
        new RelationshipComponents(),
        new OptionSetComponents(),
        new DashboardComponents(),
        new WebResourceComponents(),
        new StepComponents(),
        new ServiceEndpointComponents(),
        new AppModuleSiteMapComponents(),
        new AppModuleComponents(),
        new EnvironmentVariableComponents(),
    ];

    /// <summary>The customizations.xml section (the placeholder in Other/Customizations.xml), e.g. <c>Entities</c>.</summary>
    public abstract string Section { get; }

    /// <summary>Whether a file of the folder (relative, forward slashes) belongs to this kind.</summary>
    public abstract bool Owns(string relative);

    /// <summary>Reads the kind's components: the section's elements, the root components they need, the zip parts they bring.</summary>
    public abstract ComponentSet Read(PackContext context);

    protected static string[] Parts(string relative) => relative.Split('/');

    protected static bool IsXml(string name) => name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);
}

/// <summary>What one kind contributes to the zip.</summary>
/// <param name="Elements">The elements for its customizations.xml section, each remembering the file it came from.</param>
/// <param name="Roots">The root components Other/Solution.xml must list for them.</param>
/// <param name="Parts">Files that go into the zip as they are (web resource content).</param>
internal sealed record ComponentSet(IReadOnlyList<XElement> Elements, IReadOnlyList<RootComponentRef> Roots, IReadOnlyList<ZipPart> Parts)
{
    public static ComponentSet Empty { get; } = new([], [], []);
}

/// <summary>A file copied into the zip: its entry name and its file in the package (relative).</summary>
internal sealed record ZipPart(string Entry, string Source);

/// <summary>The package folder being packed, whether the zip is managed, and which of its tables are standard ones it extends.</summary>
internal sealed class PackContext(string folder, SolutionPackageType packageType, IReadOnlySet<string>? standardTables = null)
{
    public string Folder { get; } = folder;

    public SolutionPackageType PackageType { get; } = packageType;

    /// <summary>
    /// Logical names of the standard tables the package extends (listed with <c>behavior="1"</c>: the table without its
    /// subcomponents), whose views, forms and charts are root components of their own.
    /// </summary>
    public IReadOnlySet<string> StandardTables { get; } = standardTables ?? new HashSet<string>();

    public PackageXml Load(string relative) => PackageXml.Load(Folder, relative);

    public bool Exists(string relative) => File.Exists(Path(relative));

    /// <summary><c>*.xml</c> directly in a folder of the package, relative, ordinal order.</summary>
    public IReadOnlyList<string> XmlFiles(string relativeFolder) => SolutionPackage.XmlFiles(Folder, relativeFolder);

    /// <summary>Sub-folder names of a folder of the package, ordinal order.</summary>
    public IReadOnlyList<string> Folders(string relativeFolder)
    {
        var path = Path(relativeFolder);
        return Directory.Exists(path)
            ? [.. Directory.GetDirectories(path).Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>
    /// Detaches <paramref name="element"/> from its file's document (keeping its line numbers), marks it with the file it
    /// came from, and drops its own namespace declarations (customizations.xml declares xsi once, at its root).
    /// </summary>
    public static XElement Take(PackageXml xml, XElement element)
    {
        element.Remove();
        element.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
        element.AddAnnotation(new SourceFile(xml.File));
        return element;
    }

    public string Path(string relative) => System.IO.Path.Combine(Folder, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));
}

/// <summary>The package file an element of customizations.xml came from (an annotation, for error messages).</summary>
internal sealed record SourceFile(string Path)
{
    /// <summary>The file of the nearest element, from <paramref name="node"/> up, that came from a file.</summary>
    public static string? Of(XObject? node)
    {
        for (var current = node as XElement ?? node?.Parent; current is not null; current = current.Parent)
        {
            if (current.Annotation<SourceFile>() is { } source)
            {
                return source.Path;
            }
        }

        return null;
    }
}
