using Connector.DataverseSchemas;
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
public sealed record SolutionContent(string UniqueName, string Version, IReadOnlyList<TableDefinition> Tables, IReadOnlyDictionary<string, int> Components)
{
    /// <summary>The rows the presentation components become: views, forms, charts, dashboards, roles, web resources, apps, site maps, environment variable definitions.</summary>
    public IReadOnlyList<ComponentRow> Rows { get; init; } = [];
}

/// <summary>Reads a solution zip (solution.xml, customizations.xml, [Content_Types].xml) the way ImportSolution does.</summary>
public static class SolutionImporter
{
    /// <summary>How much of customizations.xml the refusal shows on each side of the error.</summary>
    private const int ContextLength = 60;

    /// <summary>
    /// Parses the zip; throws <see cref="SolutionSchemaRefusedException"/> when customizations.xml breaks Microsoft's
    /// schema (as Dataverse validates it, the newer elements real exports carry aside), and
    /// <see cref="InvalidDataException"/> naming the part and element for anything else that is wrong.
    /// </summary>
    public static SolutionContent Read(Stream zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var parts = SolutionZipParts.Read(zip);
        if (SolutionSchemas.ValidateCustomizations(parts.Customizations) is [var first, ..])
        {
            throw new SolutionSchemaRefusedException(Refusal(first, parts.CustomizationsText));
        }

        var manifest = SolutionZipParts.Required(parts.Solution.Root!, "SolutionManifest", SolutionZipParts.SolutionPart);
        var publisher = SolutionZipParts.Required(manifest, "Publisher", SolutionZipParts.SolutionPart);
        var prefix = SolutionZipParts.RequiredText(publisher, "CustomizationPrefix", SolutionZipParts.SolutionPart);
        var tables = new CustomizationsReader(parts, prefix).Tables();
        return new SolutionContent(
            SolutionZipParts.RequiredText(manifest, "UniqueName", SolutionZipParts.SolutionPart),
            SolutionZipParts.RequiredText(manifest, "Version", SolutionZipParts.SolutionPart),
            tables,
            Components(parts.Customizations.Root!))
        {
            Rows = ComponentRowsReader.Read(parts),
        };
    }

    /// <summary>
    /// Dataverse's ImportXsdValidationError text: the first problem, then the XML just before and after it. Only the first:
    /// Dataverse stops there.
    /// </summary>
    internal static string Refusal(SchemaProblem problem, string text)
    {
        var offset = Offset(text, problem.Line, problem.Position);
        var before = Flatten(text[Math.Max(0, offset - ContextLength)..offset]);
        var after = Flatten(text[offset..Math.Min(text.Length, offset + ContextLength)]);
        return $"The import file is invalid. XSD validation failed with the following error: '{problem.Message}'. The validation failed at: '...{before} <<<<<ERROR LOCATION>>>>> {after}...'.";
    }

    /// <summary>The character offset of a 1-based line and position; the '&lt;' before an element's name when it points at the name.</summary>
    private static int Offset(string text, int line, int position)
    {
        var offset = 0;
        for (var current = 1; current < line && offset < text.Length; current++)
        {
            var next = text.IndexOf('\n', offset);
            offset = next < 0 ? text.Length : next + 1;
        }

        offset = Math.Min(text.Length, offset + Math.Max(0, position - 1));
        return offset > 0 && text[offset - 1] == '<' ? offset - 1 : offset;
    }

    private static string Flatten(string text) => string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));

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
