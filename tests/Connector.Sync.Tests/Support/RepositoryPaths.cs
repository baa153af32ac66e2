namespace Connector.Sync.Tests.Support;

/// <summary>Folders of the repository the tests read (the shipped mappings, the sample ERP export).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Mappings => Path.Combine(Root, "mappings");

    public static string SampleErpExport => Path.Combine(Root, "samples", "erp");

    /// <summary>The SAP FI-AR example: its mappings, and its sample export in <c>sample/</c>.</summary>
    public static string SapExample => Path.Combine(Root, "mappings", "examples", "sap-fi-ar");

    public static string CanonicalSamples => Path.Combine(Root, "samples");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Connector.sln not found above " + AppContext.BaseDirectory);
    }
}
