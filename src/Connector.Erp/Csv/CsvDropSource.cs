using System.IO.Enumeration;
using System.IO.Hashing;
using Connector.Mapping.Sources;
using Connector.Sync.Ports;

namespace Connector.Erp.Csv;

/// <summary>
/// The drop folder the ERP exports into: each file matching an entity's pattern is a unit, oldest first, and
/// moves to <c>archive/</c> once its rows are stored.
/// </summary>
public sealed class CsvDropSource : IErpSource
{
    /// <summary>The folder under the drop folder that finished files move to.</summary>
    public const string ArchiveFolderName = "archive";

    private readonly string dropFolder;
    private readonly TimeSpan settle;
    private readonly TimeProvider timeProvider;

    public CsvDropSource(string dropFolder, TimeSpan settle, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dropFolder);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.dropFolder = Path.GetFullPath(dropFolder);
        this.settle = settle;
        this.timeProvider = timeProvider;
    }

    public async Task<IReadOnlyList<ISourceUnit>> DiscoverAsync(string entity, SourceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entity);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Csv is not { } csv || !Directory.Exists(dropFolder))
        {
            return [];
        }

        var settledBefore = timeProvider.GetUtcNow().UtcDateTime - settle;
        var files = new DirectoryInfo(dropFolder)
            .EnumerateFiles()
            .Where(file => FileSystemName.MatchesSimpleExpression(csv.Pattern, file.Name, ignoreCase: true))
            .Where(file => settle <= TimeSpan.Zero || file.LastWriteTimeUtc <= settledBefore)
            .OrderBy(file => file.LastWriteTimeUtc)
            .ThenBy(file => file.Name, StringComparer.Ordinal)
            .ToList();

        var archive = Path.Combine(dropFolder, ArchiveFolderName);
        var units = new List<ISourceUnit>(files.Count);
        foreach (var file in files)
        {
            units.Add(new CsvFileUnit(entity, file.FullName, archive, await HashAsync(file, cancellationToken).ConfigureAwait(false), csv));
        }

        return units;
    }

    private static async Task<string> HashAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                // Identity, not security: XxHash128 reads a 150 MB export in a fraction of SHA-256's time, and every
                // drop is hashed before its first row is read (the whole cost of skipping a file dropped twice).
                var hash = new XxHash128();
                await hash.AppendAsync(stream, cancellationToken).ConfigureAwait(false);
                return Convert.ToHexStringLower(hash.GetCurrentHash());
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ErpSourceException($"Cannot read drop file {file.FullName}: {e.Message}", e);
        }
    }
}
