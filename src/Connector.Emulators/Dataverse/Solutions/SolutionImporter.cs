using Connector.Emulators.Dataverse.Metadata;

namespace Connector.Emulators.Dataverse.Solutions;

/// <summary>What an imported solution zip contributes to the environment's metadata.</summary>
/// <param name="UniqueName">The solution's unique name (Solution.xml).</param>
/// <param name="Version">The solution's version.</param>
/// <param name="Tables">
/// Every table the solution touches, as it should look after import: for an existing standard table the columns,
/// keys and change tracking it adds (merged by the caller); for a new table its whole definition.
/// </param>
/// <param name="Components">Other components by kind (web resources, service endpoints, steps …), counted for the import report.</param>
public sealed record SolutionContent(string UniqueName, string Version, IReadOnlyList<TableDefinition> Tables, IReadOnlyDictionary<string, int> Components);

/// <summary>Reads a solution zip (solution.xml, customizations.xml, [Content_Types].xml) the way ImportSolution does.</summary>
public static class SolutionImporter
{
    /// <summary>Parses the zip; throws <see cref="InvalidDataException"/> naming the part and element that is wrong.</summary>
    public static SolutionContent Read(Stream zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var parts = SolutionZipParts.Read(zip);
        var manifest = SolutionZipParts.Required(parts.Solution.Root!, "SolutionManifest", SolutionZipParts.SolutionPart);
        var publisher = SolutionZipParts.Required(manifest, "Publisher", SolutionZipParts.SolutionPart);
        var prefix = SolutionZipParts.RequiredText(publisher, "CustomizationPrefix", SolutionZipParts.SolutionPart);
        var tables = new CustomizationsReader(parts, prefix).Tables();
        return new SolutionContent(
            SolutionZipParts.RequiredText(manifest, "UniqueName", SolutionZipParts.SolutionPart),
            SolutionZipParts.RequiredText(manifest, "Version", SolutionZipParts.SolutionPart),
            tables,
            Components(parts.Customizations.Root!));
    }

    /// <summary>Every non-empty section of customizations.xml with how many components it holds (Entities: 4, EntityRelationships: 2 …).</summary>
    private static SortedDictionary<string, int> Components(System.Xml.Linq.XElement customizations)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var section in customizations.Elements().Where(e => e.Name.LocalName != "Languages"))
        {
            var count = section.Elements().Count();
            if (count > 0)
            {
                counts[section.Name.LocalName] = count;
            }
        }

        return counts;
    }
}
