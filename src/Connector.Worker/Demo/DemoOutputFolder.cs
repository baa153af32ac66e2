namespace Connector.Worker.Demo;

/// <summary>
/// Where one demo run leaves the files a user opens afterwards (the trend page, the evidence pack): a folder of its own
/// under the temp folder's <c>connector-demo</c>, so two demos run at once never overwrite each other's files.
/// </summary>
internal static class DemoOutputFolder
{
    public static string Create() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "connector-demo", "run-" + Path.GetRandomFileName().Replace(".", string.Empty, StringComparison.Ordinal))).FullName;
}
