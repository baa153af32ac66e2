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
        throw new NotSupportedException("Solution import is not implemented yet.");
    }
}
