using Connector.Dataverse.Solution;
using Connector.Mapping.Loading;
using Connector.Worker.Solution;

namespace Connector.Worker.Mappings;

/// <summary>
/// The Dataverse columns <c>solution-package/</c> defines, so a mapping that names a column the solution does not
/// have is an error at <c>mappings validate</c> (file, line, column) rather than a refused push later. Without the
/// package beside the program (an installation that ships only the binaries) the check is skipped.
/// </summary>
internal static class MappingSolutionColumns
{
    public static MappingLoadOptions? Options()
    {
        if (SolutionFolder.Locate(null) is not { } folder)
        {
            return null;
        }

        try
        {
            return new MappingLoadOptions { DataverseColumns = SolutionPackage.Load(folder).QualifiedColumnNames() };
        }
        catch (SolutionPackageException)
        {
            // A broken package is reported by 'solution pack' and 'dataverse check'; mappings are still checked on their own.
            return null;
        }
    }
}
