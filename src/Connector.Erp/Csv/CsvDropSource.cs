using System.Globalization;
using System.IO.Enumeration;
using Connector.Mapping.Sources;
using Connector.Sync.Ports;

namespace Connector.Erp.Csv;

/// <summary>
/// The drop folder the ERP exports into: each file matching an entity's pattern is a unit, oldest first, and
/// moves to <c>archive/</c> once its rows are stored. Only regular files are opened; a file written within the settle
/// time, or one that changes while it is hashed, is left for the next run; an entry that cannot be read is a unit of
/// its own (one dead letter), so it never stops the others.
/// </summary>
public sealed class CsvDropSource : IErpSource
{
    /// <summary>The folder under the drop folder that finished files move to.</summary>
    public const string ArchiveFolderName = "archive";

    // Windows' ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION: the ERP still holds the file open for writing.
    private const int SharingViolation = 0x20;
    private const int LockViolation = 0x21;

    private readonly DropPaths paths;
    private readonly TimeSpan settle;
    private readonly TimeProvider timeProvider;

    public CsvDropSource(string dropFolder, TimeSpan settle, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dropFolder);
        ArgumentNullException.ThrowIfNull(timeProvider);
        paths = new DropPaths(dropFolder);
        this.settle = settle;
        this.timeProvider = timeProvider;
    }

    /// <exception cref="ErpSourceException">The drop folder does not exist or cannot be listed.</exception>
    public async Task<IReadOnlyList<ISourceUnit>> DiscoverAsync(string entity, SourceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entity);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Csv is not { } csv)
        {
            return [];
        }

        var folder = paths.DropFolder;
        if (!Directory.Exists(folder))
        {
            // A mistyped folder would otherwise read as "no exports today" for ever.
            throw new ErpSourceException($"the drop folder {folder} (Erp:DropFolder) does not exist: create it, or set Erp:DropFolder to the folder the ERP exports into") { Entity = entity };
        }

        List<FileInfo> files;
        try
        {
            files = [.. new DirectoryInfo(folder)
                .EnumerateFiles()
                .Where(file => FileSystemName.MatchesSimpleExpression(csv.Pattern, file.Name, ignoreCase: true))
                .OrderBy(file => file.LastWriteTimeUtc)
                .ThenBy(file => file.Name, StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ErpSourceException($"the drop folder {folder} (Erp:DropFolder) cannot be listed: {e.Message}", e) { Entity = entity };
        }

        var units = new List<ISourceUnit>(files.Count);
        foreach (var file in files)
        {
            units.Add(await InspectAsync(entity, file.Name, file, csv, kept: false, cancellationToken).ConfigureAwait(false));
        }

        return units;
    }

    public async Task<ISourceUnit?> FindKeptAsync(string entity, SourceSpec spec, string name, string keptAs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entity);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(keptAs);
        if (spec.Csv is not { } csv || paths.Within(keptAs) is not { } path)
        {
            return null;
        }

        var file = new FileInfo(path);
        if (!file.Exists && file.LinkTarget is null)
        {
            return null;
        }

        return await InspectAsync(entity, name, file, csv, kept: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The unit for one entry: a file to read, one to leave for later, or one that cannot be read.</summary>
    private async Task<ISourceUnit> InspectAsync(string entity, string name, FileInfo file, CsvSourceSpec csv, bool kept, CancellationToken cancellationToken)
    {
        var kind = DropEntry.Inspect(file.FullName, out var why);
        if (kind == EntryKind.NotAFile)
        {
            return new WaitingEntry(entity, name, $"skipped: it is {why}, not a regular file; only regular files are read (move it out of the drop folder)");
        }

        var relative = paths.Relative(file.FullName);
        if (kind == EntryKind.Unreadable)
        {
            return new UnreadableEntry(entity, name, why!, relative);
        }

        try
        {
            var before = FileSnapshot.Stat(file);
            var age = timeProvider.GetUtcNow().UtcDateTime - before.LastWriteUtc;
            if (!kept && settle > TimeSpan.Zero && age < settle)
            {
                return new WaitingEntry(entity, name, string.Create(
                    CultureInfo.InvariantCulture,
                    $"left for the next run: written {Math.Max(0, age.TotalSeconds):0} s ago, within Erp:FileSettleSeconds ({settle.TotalSeconds:0} s); the ERP may still be writing it"));
            }

            var (hash, bytes) = await FileSnapshot.HashAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            var after = FileSnapshot.Stat(file);
            if (after != before || bytes != before.Length)
            {
                return new WaitingEntry(entity, name, "left for the next run: it changed while it was read (the ERP is still writing it)");
            }

            return new CsvFileUnit(entity, name, file.FullName, paths, new FileSnapshot(before.Length, before.LastWriteUtc, hash), csv);
        }
        catch (IOException e) when (OperatingSystem.IsWindows() && (e.HResult & 0xFFFF) is SharingViolation or LockViolation)
        {
            return new WaitingEntry(entity, name, "left for the next run: another program has it open for writing (the ERP is still writing it)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new UnreadableEntry(entity, name, e.Message, relative);
        }
    }
}
