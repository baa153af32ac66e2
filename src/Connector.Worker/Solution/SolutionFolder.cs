using Connector.Dataverse.Solution;

namespace Connector.Worker.Solution;

/// <summary>
/// Finds <c>solution-package/</c> the way <see cref="Demo.SamplesFolder"/> finds <c>samples/</c>: upward from the working
/// directory, then upward from the program's folder. Chosen over copying the folder into the build output: the
/// package is edited in the repository, and a stale copy beside the executable would pack yesterday's XML.
/// </summary>
public static class SolutionFolder
{
    /// <summary>The folder to pack: <paramref name="explicitPath"/> when given, else the nearest <c>solution-package</c> with an <c>Other/Solution.xml</c>; <c>null</c> when none is found.</summary>
    public static string? Locate(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return Path.GetFullPath(explicitPath);
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, SolutionPackage.FolderName);
                if (File.Exists(Path.Combine(candidate, "Other", "Solution.xml")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
