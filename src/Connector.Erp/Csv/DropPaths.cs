using System.Text;

namespace Connector.Erp.Csv;

/// <summary>
/// A drop folder and its <c>archive/</c>, paths relative to the drop folder as dead letters record them, and the two moves a
/// file makes: to <c>archive/</c> once read, or aside (into <c>archive/</c> under a name per content) when it failed as a whole.
/// </summary>
public sealed class DropPaths(string dropFolder)
{
    /// <summary>The folder under the drop folder that finished files move to.</summary>
    public const string ArchiveFolderName = "archive";

    public string DropFolder { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dropFolder));

    public string ArchiveFolder => Path.Combine(DropFolder, ArchiveFolderName);

    public bool IsInDropFolder(string path) =>
        string.Equals(Path.GetDirectoryName(Path.GetFullPath(path)), DropFolder, StringComparison.Ordinal);

    /// <summary><c>archive/OP_1_3f2a….csv</c>, with forward slashes whatever the system.</summary>
    public string Relative(string path) => Path.GetRelativePath(DropFolder, path).Replace('\\', '/');

    /// <summary>The full path of a relative one; <c>null</c> when it would leave the drop folder (a letter's text is not trusted with paths).</summary>
    public string? Within(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(DropFolder, relative));
        return full.StartsWith(DropFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    public string Full(string relative) => Within(relative) ?? throw new ArgumentException($"'{relative}' is not under the drop folder.", nameof(relative));

    /// <summary><c>archive/&lt;name&gt;_&lt;first 12 hash digits&gt;.ext</c>: one name per content, so setting the same failing file aside twice keeps one copy.</summary>
    public string KeptAs(string name, FileSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Relative(Path.Combine(ArchiveFolder, Suffixed(name, snapshot.Hash)));
    }

    /// <summary>
    /// Moves a read file to <c>archive/</c>; a name already there gets the content hash's first 12 digits added. Nothing to do
    /// when it is gone already (a retry after a crash between the move and the caller noting it).
    /// </summary>
    /// <returns>Where it went (<c>archive/OP_1.csv</c>, relative); <c>null</c> when it was gone already.</returns>
    /// <exception cref="IOException">The move failed; the next run tries again.</exception>
    public string? Archive(string path, string name, FileSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!File.Exists(path))
        {
            return null;
        }

        var target = Path.Combine(ArchiveFolder, name);
        if (File.Exists(target))
        {
            target = Path.Combine(ArchiveFolder, Suffixed(name, snapshot.Hash));
        }

        // The suffixed name can only exist for the very same content, so replacing it loses nothing.
        Move(path, target);
        return Relative(target);
    }

    /// <summary>Moves a file that failed as a whole to <paramref name="keptAs"/> (from <see cref="KeptAs"/>), the name its dead letter records.</summary>
    /// <exception cref="IOException">The move failed; the next run tries again.</exception>
    public void SetAside(string path, string keptAs)
    {
        if (File.Exists(path))
        {
            Move(path, Full(keptAs));
        }
    }

    private static string Suffixed(string name, string hash) =>
        new StringBuilder(Path.GetFileNameWithoutExtension(name)).Append('_').Append(hash.AsSpan(0, 12)).Append(Path.GetExtension(name)).ToString();

    private void Move(string path, string target)
    {
        Directory.CreateDirectory(ArchiveFolder);
        File.Move(path, target, overwrite: true);
    }
}
