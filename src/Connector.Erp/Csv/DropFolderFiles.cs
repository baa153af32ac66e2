using System.Globalization;
using System.IO.Enumeration;

namespace Connector.Erp.Csv;

/// <summary>
/// The file discipline of a drop folder, one for every folder another system drops files into (the ERP's exports, the
/// bank's statements): only regular files are opened; a file written within the settle time, or one that changes while it
/// is hashed, is left for the next run; an entry that cannot be read is said so, and a ready file is found with its content
/// hash, which identifies it (the same content dropped twice, even renamed, is one file).
/// </summary>
public sealed class DropFolderFiles
{
    // Windows' ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION: the writer still holds the file open.
    private const int SharingViolation = 0x20;
    private const int LockViolation = 0x21;

    private readonly TimeSpan settle;
    private readonly TimeProvider timeProvider;
    private readonly string settleSetting;
    private readonly string writer;

    /// <param name="dropFolder">The folder; finished files move to <c>archive/</c> under it.</param>
    /// <param name="settle">How long a file must rest before it is read.</param>
    /// <param name="timeProvider">The clock the rest is measured on.</param>
    /// <param name="settleSetting">The setting people change the settle time with (<c>Erp:FileSettleSeconds</c>), named in messages.</param>
    /// <param name="writer">Who writes the files (<c>the ERP</c>, <c>the bank</c>), named in messages.</param>
    public DropFolderFiles(string dropFolder, TimeSpan settle, TimeProvider timeProvider, string settleSetting, string writer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dropFolder);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Paths = new DropPaths(dropFolder);
        this.settle = settle;
        this.timeProvider = timeProvider;
        this.settleSetting = settleSetting;
        this.writer = writer;
    }

    public DropPaths Paths { get; }

    /// <summary>The entries of the folder (not its subfolders) whose names match <paramref name="pattern"/>, oldest first.</summary>
    /// <exception cref="IOException">The folder cannot be listed.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be listed.</exception>
    public IReadOnlyList<FileInfo> List(string pattern) =>
        [.. new DirectoryInfo(Paths.DropFolder)
            .EnumerateFiles()
            .Where(file => FileSystemName.MatchesSimpleExpression(pattern, file.Name, ignoreCase: true))
            .OrderBy(file => file.LastWriteTimeUtc)
            .ThenBy(file => file.Name, StringComparer.Ordinal)];

    /// <summary>What <paramref name="file"/> is now: ready to read (with its snapshot), to be left for later, or unreadable.</summary>
    /// <param name="file">The entry.</param>
    /// <param name="kept">A file kept in <c>archive/</c> for a retry: read whatever its age.</param>
    /// <param name="cancellationToken">Stops the hashing.</param>
    public async Task<DropFileState> InspectAsync(FileInfo file, bool kept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var kind = DropEntry.Inspect(file.FullName, out var why);
        if (kind == EntryKind.NotAFile)
        {
            return new DropFileState.Waiting($"skipped: it is {why}, not a regular file; only regular files are read (move it out of the drop folder)");
        }

        var relative = Paths.Relative(file.FullName);
        if (kind == EntryKind.Unreadable)
        {
            return new DropFileState.Unreadable(why!, relative);
        }

        try
        {
            var before = FileSnapshot.Stat(file);
            var age = timeProvider.GetUtcNow().UtcDateTime - before.LastWriteUtc;
            if (!kept && settle > TimeSpan.Zero && age < settle)
            {
                return new DropFileState.Waiting(string.Create(
                    CultureInfo.InvariantCulture,
                    $"left for the next run: written {Math.Max(0, age.TotalSeconds):0} s ago, within {settleSetting} ({settle.TotalSeconds:0} s); {writer} may still be writing it"));
            }

            var (hash, bytes) = await FileSnapshot.HashAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            var after = FileSnapshot.Stat(file);
            if (after != before || bytes != before.Length)
            {
                return new DropFileState.Waiting($"left for the next run: it changed while it was read ({writer} is still writing it)");
            }

            return new DropFileState.Ready(file.FullName, new FileSnapshot(before.Length, before.LastWriteUtc, hash));
        }
        catch (IOException e) when (OperatingSystem.IsWindows() && (e.HResult & 0xFFFF) is SharingViolation or LockViolation)
        {
            return new DropFileState.Waiting($"left for the next run: another program has it open for writing ({writer} is still writing it)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DropFileState.Unreadable(e.Message, relative);
        }
    }
}

/// <summary>What <see cref="DropFolderFiles.InspectAsync"/> found.</summary>
public abstract record DropFileState
{
    private DropFileState()
    {
    }

    /// <summary>Left where it is without being opened (too fresh, still changing, not a regular file), and why.</summary>
    public sealed record Waiting(string Reason) : DropFileState;

    /// <summary>An entry that cannot be read at all (a dangling or looping link, no permission), and where it is.</summary>
    public sealed record Unreadable(string Why, string Relative) : DropFileState;

    /// <summary>A regular file at rest, with its length, last write and content hash.</summary>
    public sealed record Ready(string Path, FileSnapshot Snapshot) : DropFileState;
}
