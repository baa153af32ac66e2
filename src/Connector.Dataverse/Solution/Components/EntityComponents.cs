using System.Xml.Linq;

namespace Connector.Dataverse.Solution.Components;

/// <summary>
/// Tables: <c>Entities/&lt;Name&gt;/Entity.xml</c>, with what SolutionPackager keeps beside it, each merged into its
/// placeholder in Entity.xml: <c>SavedQueries/{id}.xml</c> (views, into <c>&lt;SavedQueries /&gt;</c>),
/// <c>FormXml/&lt;type&gt;/{id}.xml</c> (forms, into <c>&lt;FormXml /&gt;</c>; a managed zip takes <c>{id}_managed.xml</c> when
/// there is one), <c>Visualizations/{id}.xml</c> (charts, into <c>&lt;Visualizations /&gt;</c>) and <c>RibbonDiff.xml</c> (into
/// <c>&lt;RibbonDiffXml /&gt;</c>). A file without its placeholder is refused:
/// SolutionPackager would drop it without a word.
/// </summary>
internal sealed class EntityComponents : ComponentKind
{
    private const string ManagedSuffix = "_managed.xml";

    public override string Section => "Entities";

    public override bool Owns(string relative)
    {
        var parts = Parts(relative);
        return parts[0] == "Entities" && parts.Length switch
        {
            3 => parts[2] is "Entity.xml" or "RibbonDiff.xml",
            4 => parts[2] is "SavedQueries" or "Visualizations" && IsXml(parts[3]),
            5 => parts[2] == "FormXml" && IsXml(parts[4]),
            _ => false,
        };
    }

    public override ComponentSet Read(PackContext context)
    {
        var elements = new List<XElement>();
        var roots = new List<RootComponentRef>();
        foreach (var relative in SolutionPackage.EntityFiles(context.Folder))
        {
            var xml = context.Load(relative).ExpectRoot("Entity");
            var entity = PackContext.Take(xml, xml.Root);
            var folder = relative[..^"/Entity.xml".Length];
            var logicalName = xml.RequiredText(entity, "Name").ToLowerInvariant();

            // A standard table is listed with behavior="1" (without its subcomponents): its views, forms and charts are
            // root components of their own, as a real Solution.xml lists them; a new table's travel with it.
            var own = context.StandardTables.Contains(logicalName) ? roots : [];
            Views(context, xml, entity, folder, own);
            Forms(context, xml, entity, folder, own);
            Charts(context, xml, entity, folder, own);
            Ribbon(context, xml, entity, folder);
            elements.Add(entity);
            roots.Add(RootComponentRef.Named(ComponentTypes.Entity, logicalName, xml.File));
        }

        return new ComponentSet(elements, roots, []);
    }

    /// <summary><c>SavedQueries/{id}.xml</c> (root <c>&lt;savedqueries&gt;</c>) into <c>&lt;SavedQueries&gt;&lt;savedqueries&gt;</c>.</summary>
    private static void Views(PackContext context, PackageXml entityXml, XElement entity, string folder, List<RootComponentRef> roots)
    {
        var files = context.XmlFiles(folder + "/SavedQueries");
        if (files.Count == 0)
        {
            return;
        }

        var list = new XElement("savedqueries");
        foreach (var file in files)
        {
            var xml = context.Load(file).ExpectRoot("savedqueries");
            foreach (var view in xml.Root.Elements("savedquery").ToList())
            {
                roots.Add(RootComponentRef.WithIdElement(ComponentTypes.SavedQuery, xml, view, "savedqueryid"));
                list.Add(PackContext.Take(xml, view));
            }
        }

        Placeholder(entityXml, entity, "SavedQueries", files[0]).Add(list);
    }

    /// <summary><c>FormXml/&lt;type&gt;/{id}.xml</c> (root <c>&lt;forms&gt;</c>) into <c>&lt;FormXml&gt;&lt;forms type="&lt;type&gt;"&gt;</c>.</summary>
    private static void Forms(PackContext context, PackageXml entityXml, XElement entity, string folder, List<RootComponentRef> roots)
    {
        var groups = new List<XElement>();
        string? first = null;
        foreach (var type in context.Folders(folder + "/FormXml"))
        {
            var forms = new XElement("forms", new XAttribute("type", type));
            var files = context.XmlFiles($"{folder}/FormXml/{type}");
            if (files.FirstOrDefault(f => f.EndsWith(ManagedSuffix, StringComparison.OrdinalIgnoreCase) && !files.Contains(f[..^ManagedSuffix.Length] + ".xml")) is { } alone)
            {
                throw new SolutionPackageException(alone, $"a managed form variant without its form ({alone[..^ManagedSuffix.Length]}.xml): both zips need the form");
            }

            foreach (var file in files.Where(f => !f.EndsWith(ManagedSuffix, StringComparison.OrdinalIgnoreCase)))
            {
                var managed = file[..^".xml".Length] + ManagedSuffix;
                var xml = context.Load(context.PackageType == SolutionPackageType.Managed && context.Exists(managed) ? managed : file).ExpectRoot("forms");
                foreach (var form in xml.Root.Elements("systemform").ToList())
                {
                    roots.Add(RootComponentRef.WithIdElement(ComponentTypes.SystemForm, xml, form, "formid"));
                    forms.Add(PackContext.Take(xml, form));
                }

                first ??= file;
            }

            groups.Add(forms);
        }

        if (first is not null)
        {
            Placeholder(entityXml, entity, "FormXml", first).Add(groups.Where(g => g.HasElements));
        }
    }

    /// <summary><c>Visualizations/{id}.xml</c> (root <c>&lt;visualization&gt;</c>, one chart per file) into <c>&lt;Visualizations&gt;</c>.</summary>
    private static void Charts(PackContext context, PackageXml entityXml, XElement entity, string folder, List<RootComponentRef> roots)
    {
        var files = context.XmlFiles(folder + "/Visualizations");
        if (files.Count == 0)
        {
            return;
        }

        var placeholder = Placeholder(entityXml, entity, "Visualizations", files[0]);
        foreach (var file in files)
        {
            var xml = context.Load(file).ExpectRoot("visualization");
            roots.Add(RootComponentRef.WithIdElement(ComponentTypes.SavedQueryVisualization, xml, xml.Root, "savedqueryvisualizationid"));
            placeholder.Add(PackContext.Take(xml, xml.Root));
        }
    }

    /// <summary><c>RibbonDiff.xml</c> (root <c>&lt;RibbonDiffXml&gt;</c>): its content into <c>&lt;RibbonDiffXml /&gt;</c>.</summary>
    private static void Ribbon(PackContext context, PackageXml entityXml, XElement entity, string folder)
    {
        var file = folder + "/RibbonDiff.xml";
        if (!context.Exists(file))
        {
            return;
        }

        var xml = context.Load(file).ExpectRoot("RibbonDiffXml");
        var placeholder = Placeholder(entityXml, entity, "RibbonDiffXml", file);
        if (placeholder.HasElements)
        {
            throw entityXml.Error(placeholder, $"<RibbonDiffXml> must stay an empty placeholder: {file} holds the table's ribbon");
        }

        placeholder.Add(xml.Root.Elements().ToList().Select(e => PackContext.Take(xml, e)));
    }

    private static XElement Placeholder(PackageXml entityXml, XElement entity, string name, string file) =>
        entity.Element(name) ?? throw entityXml.Error(entity, $"<Entity> has no <{name} /> placeholder for {file} (SolutionPackager's layout keeps one where the content goes)");
}
