namespace Connector.Worker.Tests.Support;

/// <summary>
/// The repository's generated sample company (samples/, as of 2026-11-16), found from the test's output
/// folder upward to the folder holding Connector.sln, so it works from any clone.
/// </summary>
internal static class Samples
{
    public const string AsOf = "2026-11-16";

    public static string Folder { get; } = Locate();

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
            {
                var samples = Path.Combine(directory.FullName, "samples");
                Assert.True(File.Exists(Path.Combine(samples, "manifest.json")), $"{samples}/manifest.json not found");
                return samples;
            }
        }

        throw new InvalidOperationException($"Connector.sln not found above {AppContext.BaseDirectory}");
    }
}
