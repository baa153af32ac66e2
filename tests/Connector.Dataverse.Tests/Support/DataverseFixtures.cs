namespace Connector.Dataverse.Tests.Support;

/// <summary>
/// The MIT $batch samples kept in the repository at <c>tests/fixtures/dataverse/</c> (source and licence in
/// SOURCE.md there). The csproj copies them to <c>fixtures/dataverse/</c> in the test output folder; they are read
/// from there, never from outside the repository.
/// </summary>
internal static class DataverseFixtures
{
    public static string Read(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "dataverse", fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Dataverse fixture {path} is missing: it must be in tests/fixtures/dataverse/ and copied to the output folder by Connector.Dataverse.Tests.csproj.",
                path);
        }

        return File.ReadAllText(path);
    }
}
