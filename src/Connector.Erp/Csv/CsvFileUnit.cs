using System.Globalization;
using System.Text;
using Connector.Mapping.Sources;
using Connector.Sync.Ports;

namespace Connector.Erp.Csv;

/// <summary>
/// One file in the drop folder. Its checkpoint key holds the content hash, so the same export dropped twice (even
/// renamed) is one unit and is read once; progress inside it is the last physical line stored. It is read only up to
/// the length it had when it was found, and completed only when what was read is that whole snapshot.
/// </summary>
internal sealed class CsvFileUnit : ISourceUnit
{
    private const int StreamBufferBytes = 1 << 16;
    private readonly string path;
    private readonly DropPaths paths;
    private readonly FileSnapshot snapshot;
    private readonly CsvSourceSpec spec;
    private readonly bool kept;

    /// <param name="entity">The entity the file is read for.</param>
    /// <param name="name">The file's name as the ERP dropped it (a kept file's letters still name it so).</param>
    /// <param name="path">Where the file is now: the drop folder, or its place in <c>archive/</c> for a retry.</param>
    /// <param name="paths">The drop folder and its archive.</param>
    /// <param name="snapshot">The file as it was found.</param>
    /// <param name="spec">How to read it.</param>
    public CsvFileUnit(string entity, string name, string path, DropPaths paths, FileSnapshot snapshot, CsvSourceSpec spec)
    {
        this.path = path;
        this.paths = paths;
        this.snapshot = snapshot;
        this.spec = spec;
        Name = name;
        CheckpointKey = $"csv:{entity}:{snapshot.Hash}";
        kept = !paths.IsInDropFolder(path);
        KeptAs = kept
            ? paths.Relative(path)
            : paths.Relative(Path.Combine(paths.Archive, Suffixed(name, snapshot.Hash)));
        LetterKeys = [CheckpointKey, UnreadableEntry.KeyOf(entity, name)];
    }

    public string Name { get; }

    public string CheckpointKey { get; }

    public bool IsFile => true;

    public string? NotReady => null;

    /// <summary><c>archive/&lt;name&gt;_&lt;first 12 hash digits&gt;.csv</c>: one name per content, so setting the same failing file aside twice keeps one copy.</summary>
    public string KeptAs { get; }

    public IReadOnlyList<string> LetterKeys { get; }

    /// <summary>The full path of the file.</summary>
    internal string FilePath => path;

    public bool IsComplete(string? checkpoint) => checkpoint == CsvFileReader.Done;

    public async Task<ISourceReader> OpenAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        var resumeAfter = CsvFileReader.ResumeLine(checkpoint)
            ?? throw new ArgumentException($"'{checkpoint}' is not a checkpoint of a drop file (expected line:N or done).", nameof(checkpoint));
        var encodingName = (spec.Encoding ?? "utf-8").Trim().ToLowerInvariant();
        var encoding = CsvEncodings.Find(encodingName);
        if (encoding is null)
        {
            return CsvFileReader.Failed(null, $"unknown encoding '{spec.Encoding}': use utf-8, utf-16, windows-1252 or iso-8859-1");
        }

        if (snapshot.ChangedSince(path) is { } changed)
        {
            // Written again since it was hashed: not one row of it is read now.
            return CsvFileReader.Unsettled(changed);
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, StreamBufferBytes, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CsvFileReader.Failed(null, "cannot be read: " + e.Message);
        }

        var bytes = new SnapshotStream(stream, snapshot.Length);
        string? Whole() => snapshot.ChangedSince(path)
            ?? (bytes.BytesRead != snapshot.Length || bytes.Hash != snapshot.Hash ? "its content changed while it was read (the ERP is still writing it)" : null);

        // A byte order mark wins over the configured encoding: it is the file's own statement.
        var text = new StreamReader(bytes, encoding, detectEncodingFromByteOrderMarks: true, StreamBufferBytes);
        return await CsvFileReader.OpenAsync(text, encodingName, spec.Delimiter, spec.Quote, spec.SkipLines, resumeAfter, Whole, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Moves the file to <c>archive/</c>; a name already there gets the content hash's first 12 digits added. A kept file stays where it is.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (kept || !File.Exists(path))
        {
            // Already archived (a retry after a crash between the move and the caller noting it), or read from archive/.
            return Task.CompletedTask;
        }

        var target = Path.Combine(paths.Archive, Name);
        if (File.Exists(target))
        {
            target = Path.Combine(paths.Archive, Suffixed(Name, snapshot.Hash));
        }

        // The suffixed name can only exist for the very same content, so replacing it loses nothing.
        Move(target);
        return Task.CompletedTask;
    }

    /// <summary>Moves the file to <see cref="KeptAs"/>, the name its dead letter records.</summary>
    public Task SetAsideAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!kept && File.Exists(path))
        {
            Move(paths.Full(KeptAs));
        }

        return Task.CompletedTask;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({CheckpointKey})");

    private static string Suffixed(string name, string hash) =>
        new StringBuilder(Path.GetFileNameWithoutExtension(name)).Append('_').Append(hash.AsSpan(0, 12)).Append(Path.GetExtension(name)).ToString();

    private void Move(string target)
    {
        try
        {
            Directory.CreateDirectory(paths.Archive);
            File.Move(path, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ErpSourceException($"Cannot move {path} to {target}: {e.Message}; the next run tries again", e);
        }
    }
}

/// <summary>The drop folder and its <c>archive/</c>, and paths relative to the drop folder as dead letters record them.</summary>
internal sealed class DropPaths(string dropFolder)
{
    public string DropFolder { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dropFolder));

    public string Archive => Path.Combine(DropFolder, CsvDropSource.ArchiveFolderName);

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
}
