using Connector.Mapping.Rows;
using Connector.Mapping.Sources;
using Connector.Sync.Ports;

namespace Connector.Sync.Tests.Support;

/// <summary>
/// A source that, like a query without a watermark, can only checkpoint at the end of a unit: the real drop
/// files, but <see cref="ISourceReader.CheckpointAfter"/> is always <c>null</c>. A crash mid-file then re-reads
/// the file from the top, so rows quarantined before the crash are quarantined again.
/// </summary>
internal sealed class EndCheckpointSource(IErpSource inner) : IErpSource
{
    public async Task<IReadOnlyList<ISourceUnit>> DiscoverAsync(string entity, SourceSpec spec, CancellationToken cancellationToken) =>
        [.. (await inner.DiscoverAsync(entity, spec, cancellationToken)).Select(static unit => new Unit(unit))];

    public async Task<ISourceUnit?> FindKeptAsync(string entity, SourceSpec spec, string name, string keptAs, CancellationToken cancellationToken) =>
        await inner.FindKeptAsync(entity, spec, name, keptAs, cancellationToken) is { } unit ? new Unit(unit) : null;

    private sealed class Unit(ISourceUnit inner) : ISourceUnit
    {
        public string Name => inner.Name;

        public string CheckpointKey => inner.CheckpointKey;

        public bool IsFile => inner.IsFile;

        public bool IsComplete(string? checkpoint) => inner.IsComplete(checkpoint);

        public string? NotReady => inner.NotReady;

        public string? KeptAs => inner.KeptAs;

        public IReadOnlyList<string> LetterKeys => inner.LetterKeys;

        public async Task<ISourceReader> OpenAsync(string? checkpoint, CancellationToken cancellationToken) =>
            new Reader(await inner.OpenAsync(checkpoint, cancellationToken));

        public Task CompleteAsync(CancellationToken cancellationToken) => inner.CompleteAsync(cancellationToken);

        public Task SetAsideAsync(CancellationToken cancellationToken) => inner.SetAsideAsync(cancellationToken);
    }

    private sealed class Reader(ISourceReader inner) : ISourceReader
    {
        public IReadOnlyList<string> Header => inner.Header;

        public string? Problem => inner.Problem;

        public IEnumerable<SourceRow> Rows => inner.Rows;

        public string CompletedCheckpoint => inner.CompletedCheckpoint;

        public string? CheckpointAfter(SourceRow row) => null;

        public string? Changed => inner.Changed;

        public void Dispose() => inner.Dispose();
    }
}
