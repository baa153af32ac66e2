using Connector.Mapping.Rows;
using Connector.Mapping.Sources;
using Connector.Sync.Ports;

namespace Connector.Sync.Tests.Support;

/// <summary>
/// The real drop files, but every row handed out as strings (a reader without <see cref="ISourceReader.RowsInPlace"/> of its
/// own): ingest then maps every row the ordinary way, never from the text in place. The reference the fast path is held to.
/// </summary>
internal sealed class StringRowsSource(IErpSource inner) : IErpSource
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

        public string? CheckpointAfter(SourceRow row) => inner.CheckpointAfter(row);

        public string? Changed => inner.Changed;

        public void Dispose() => inner.Dispose();
    }
}
