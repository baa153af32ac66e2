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
    public const string ArchiveFolderName = DropPaths.ArchiveFolderName;

    private readonly DropFolderFiles files;

    public CsvDropSource(string dropFolder, TimeSpan settle, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dropFolder);
        ArgumentNullException.ThrowIfNull(timeProvider);
        files = new DropFolderFiles(dropFolder, settle, timeProvider, "Erp:FileSettleSeconds", "the ERP");
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

        var folder = files.Paths.DropFolder;
        if (!Directory.Exists(folder))
        {
            // A mistyped folder would otherwise read as "no exports today" for ever.
            throw new ErpSourceException($"the drop folder {folder} (Erp:DropFolder) does not exist: create it, or set Erp:DropFolder to the folder the ERP exports into") { Entity = entity };
        }

        IReadOnlyList<FileInfo> found;
        try
        {
            found = files.List(csv.Pattern);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ErpSourceException($"the drop folder {folder} (Erp:DropFolder) cannot be listed: {e.Message}", e) { Entity = entity };
        }

        var units = new List<ISourceUnit>(found.Count);
        foreach (var file in found)
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
        if (spec.Csv is not { } csv || files.Paths.Within(keptAs) is not { } path)
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
    private async Task<ISourceUnit> InspectAsync(string entity, string name, FileInfo file, CsvSourceSpec csv, bool kept, CancellationToken cancellationToken) =>
        await files.InspectAsync(file, kept, cancellationToken).ConfigureAwait(false) switch
        {
            DropFileState.Ready ready => new CsvFileUnit(entity, name, ready.Path, files.Paths, ready.Snapshot, csv),
            DropFileState.Unreadable unreadable => new UnreadableEntry(entity, name, unreadable.Why, unreadable.Relative),
            DropFileState.Waiting waiting => new WaitingEntry(entity, name, waiting.Reason),
            _ => throw new InvalidOperationException("unknown drop file state"),
        };
}
