using System.Globalization;
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
            : paths.KeptAs(name, snapshot);
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

    /// <summary>Moves the file to <c>archive/</c> (<see cref="DropPaths.Archive(string, string, FileSnapshot)"/>). A kept file stays where it is.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!kept)
        {
            Moving(() => ArchivedAs = paths.Archive(path, Name, snapshot));
        }
        else
        {
            ArchivedAs = KeptAs;
        }

        return Task.CompletedTask;
    }

    public string? ArchivedAs { get; private set; }

    /// <summary>Moves the file to <see cref="KeptAs"/>, the name its dead letter records.</summary>
    public Task SetAsideAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!kept)
        {
            Moving(() => paths.SetAside(path, KeptAs));
        }

        return Task.CompletedTask;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({CheckpointKey})");

    private void Moving(Action move)
    {
        try
        {
            move();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ErpSourceException($"Cannot move {path} to archive/: {e.Message}; the next run tries again", e);
        }
    }
}

