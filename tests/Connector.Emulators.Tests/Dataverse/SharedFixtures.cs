namespace Connector.Emulators.Tests.Dataverse;

/// <summary>The MIT $batch samples in <c>../shared/data/dataverse/</c> beside the checkout (see SOURCE.md there).</summary>
internal static class SharedFixtures
{
    public static string Read(string fileName)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Connector.sln; cannot locate ../shared/data/dataverse.");
        }

        var path = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data", "dataverse", fileName));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Fixture {path} is missing: the shared data folder must sit beside the checkout (../shared/data/dataverse).");
        }

        return File.ReadAllText(path);
    }
}
