using System.Globalization;
using System.Text;
using Connector.Mapping.Sources;
using Connector.Sync.Ports;

namespace Connector.Erp.Csv;

/// <summary>
/// One file in the drop folder. Its checkpoint key holds the content hash, so the same export dropped twice (even
/// renamed) is one unit and is read once; progress inside it is the last physical line stored.
/// </summary>
internal sealed class CsvFileUnit : ISourceUnit
{
    private const int StreamBufferBytes = 1 << 16;
    private readonly string path;
    private readonly string archiveFolder;
    private readonly string contentHash;
    private readonly CsvSourceSpec spec;

    public CsvFileUnit(string entity, string path, string archiveFolder, string contentHash, CsvSourceSpec spec)
    {
        this.path = path;
        this.archiveFolder = archiveFolder;
        this.contentHash = contentHash;
        this.spec = spec;
        Name = Path.GetFileName(path);
        CheckpointKey = $"csv:{entity}:{contentHash}";
    }

    public string Name { get; }

    public string CheckpointKey { get; }

    public bool IsFile => true;

    /// <summary>The full path of the file in the drop folder.</summary>
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

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, StreamBufferBytes, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ErpSourceException($"Cannot open drop file {path}: {e.Message}", e);
        }

        // A byte order mark wins over the configured encoding: it is the file's own statement.
        var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, StreamBufferBytes);
        return await CsvFileReader.OpenAsync(text, encodingName, spec.Delimiter, spec.Quote, spec.SkipLines, resumeAfter, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Moves the file to <c>archive/</c>; a name already there gets the content hash's first 12 digits added.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!File.Exists(path))
        {
            // Already archived (a retry after a crash between the move and the caller noting it).
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(archiveFolder);
        var target = Path.Combine(archiveFolder, Name);
        if (File.Exists(target))
        {
            var suffixed = new StringBuilder(Path.GetFileNameWithoutExtension(Name))
                .Append('_').Append(contentHash.AsSpan(0, 12)).Append(Path.GetExtension(Name)).ToString();
            target = Path.Combine(archiveFolder, suffixed);
        }

        // The suffixed name can only exist for the very same content, so replacing it loses nothing.
        File.Move(path, target, overwrite: true);
        return Task.CompletedTask;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({CheckpointKey})");
}
