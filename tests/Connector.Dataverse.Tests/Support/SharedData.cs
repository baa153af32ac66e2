namespace Connector.Dataverse.Tests.Support;

/// <summary>Finds the shared fixtures: the folder holding Connector.sln, then ../shared/data/dataverse.</summary>
internal static class SharedData
{
    public static string DataverseFixture(string fileName)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("Connector.sln not found above " + AppContext.BaseDirectory);
        }

        var path = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data", "dataverse", fileName));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Dataverse fixture missing: {path} (expected the shared folder next to the repository)", path);
    }

    public static string ReadDataverseFixture(string fileName) => File.ReadAllText(DataverseFixture(fileName));
}
