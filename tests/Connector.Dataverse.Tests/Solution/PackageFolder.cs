namespace Connector.Dataverse.Tests.Solution;

/// <summary>The repository's <c>solution-package/</c>, and throw-away copies of it for tests that break it.</summary>
internal sealed class PackageFolder : IDisposable
{
    private PackageFolder(string path) => Path = path;

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Shipped => System.IO.Path.Combine(RepositoryRoot, "solution-package");

    public string Path { get; }

    /// <summary>A copy of the shipped package in a temporary folder.</summary>
    public static PackageFolder Copy()
    {
        var target = Directory.CreateTempSubdirectory("solution-package-").FullName;
        foreach (var file in Directory.GetFiles(Shipped, "*", SearchOption.AllDirectories))
        {
            var to = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(Shipped, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(to)!);
            System.IO.File.Copy(file, to);
        }

        return new PackageFolder(target);
    }

    public string File(string relative) => System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>Replaces one exact piece of text in a file of the copy; fails loudly when the text is not there.</summary>
    public void Edit(string relative, string from, string to)
    {
        var text = System.IO.File.ReadAllText(File(relative));
        Assert.Contains(from, text, StringComparison.Ordinal);
        System.IO.File.WriteAllText(File(relative), text.Replace(from, to, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "Connector.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Connector.sln not found above {AppContext.BaseDirectory}");
    }
}
