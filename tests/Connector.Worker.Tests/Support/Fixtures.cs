namespace Connector.Worker.Tests.Support;

/// <summary>The canonical CSV fixtures under Fixtures/ (copied to the output folder).</summary>
internal static class Fixtures
{
    public static readonly DateOnly AsOf = new(2026, 6, 30);

    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>A small valid company: 5 customers (USD, EUR, GBP without rate, one with a CHF item), as of 2026-06-30.</summary>
    public static string Good => Path.Combine(Root, "good");

    /// <summary>A temporary copy of the good folder with the files of Fixtures/bad/<paramref name="badCase"/> laid over it.</summary>
    public static TempFolder GoodWith(string badCase)
    {
        var folder = TempFolder.CopyOf(Good);
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "bad", badCase)))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)), overwrite: true);
        }

        return folder;
    }
}

internal sealed class TempFolder : IDisposable
{
    private TempFolder(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static TempFolder Create() =>
        new(Directory.CreateTempSubdirectory("connector-tests-").FullName);

    public static TempFolder CopyOf(string source)
    {
        var folder = Create();
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, System.IO.Path.Combine(folder.Path, System.IO.Path.GetFileName(file)));
        }

        return folder;
    }

    public string Write(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Delete(string name) => File.Delete(System.IO.Path.Combine(Path, name));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
