using Connector.Testing;

namespace Connector.Erp.Tests.Canonical;

/// <summary>The canonical CSV fixtures under Canonical/Fixtures/ (copied to the output folder).</summary>
internal static class Fixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Canonical", "Fixtures");

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

/// <summary>A temporary canonical folder to write files into.</summary>
internal sealed class TempFolder : IDisposable
{
    private readonly TempDirectory directory = new("connector-canonical-");

    public string Path => directory.Path;

    public static TempFolder CopyOf(string source)
    {
        var folder = new TempFolder();
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, folder.directory.File(System.IO.Path.GetFileName(file)));
        }

        return folder;
    }

    public string Write(string name, string content)
    {
        var path = directory.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    public void WriteBytes(string name, byte[] content) => File.WriteAllBytes(directory.File(name), content);

    public void Delete(string name) => File.Delete(directory.File(name));

    public void Dispose() => directory.Dispose();
}
