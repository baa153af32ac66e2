using Connector.Mapping.Rows;
using Connector.Mapping.Sources;
using Connector.Sync.Ports;

namespace Connector.Sync.Tests.Support;

/// <summary>
/// The real drop files, but reading a file fails with an <see cref="IOException"/> after <paramref name="rowsBeforeFailure"/> rows
/// (a share that went away mid-file): what was committed before must be exactly what one thread commits. With
/// <paramref name="instead"/>, that is called at that row instead and reading goes on (a cancellation from outside).
/// </summary>
internal sealed class FailingRowsSource(IErpSource inner, int rowsBeforeFailure, Action? instead = null) : IErpSource
{
    public async Task<IReadOnlyList<ISourceUnit>> DiscoverAsync(string entity, SourceSpec spec, CancellationToken cancellationToken) =>
        [.. (await inner.DiscoverAsync(entity, spec, cancellationToken)).Select(unit => new Unit(unit, rowsBeforeFailure, instead))];

    public async Task<ISourceUnit?> FindKeptAsync(string entity, SourceSpec spec, string name, string keptAs, CancellationToken cancellationToken) =>
        await inner.FindKeptAsync(entity, spec, name, keptAs, cancellationToken) is { } unit ? new Unit(unit, rowsBeforeFailure, instead) : null;

    private sealed class Unit(ISourceUnit inner, int rowsBeforeFailure, Action? instead) : ISourceUnit
    {
        public string Name => inner.Name;

        public string CheckpointKey => inner.CheckpointKey;

        public bool IsFile => inner.IsFile;

        public bool IsComplete(string? checkpoint) => inner.IsComplete(checkpoint);

        public string? NotReady => inner.NotReady;

        public string? KeptAs => inner.KeptAs;

        public IReadOnlyList<string> LetterKeys => inner.LetterKeys;

        public async Task<ISourceReader> OpenAsync(string? checkpoint, CancellationToken cancellationToken) =>
            new Reader(await inner.OpenAsync(checkpoint, cancellationToken), rowsBeforeFailure, instead);

        public Task CompleteAsync(CancellationToken cancellationToken) => inner.CompleteAsync(cancellationToken);

        public Task SetAsideAsync(CancellationToken cancellationToken) => inner.SetAsideAsync(cancellationToken);
    }

    private sealed class Reader(ISourceReader inner, int rowsBeforeFailure, Action? instead) : ISourceReader
    {
        public IReadOnlyList<string> Header => inner.Header;

        public string? Problem => inner.Problem;

        public IEnumerable<SourceRow> Rows => Failing(inner.Rows);

        public IEnumerable<SourceRow> RowsInPlace => Failing(inner.RowsInPlace);

        public string CompletedCheckpoint => inner.CompletedCheckpoint;

        public string? CheckpointAfter(SourceRow row) => inner.CheckpointAfter(row);

        public string? Changed => inner.Changed;

        public void Dispose() => inner.Dispose();

        private IEnumerable<SourceRow> Failing(IEnumerable<SourceRow> rows)
        {
            var given = 0;
            foreach (var row in rows)
            {
                if (given++ == rowsBeforeFailure && instead is not null)
                {
                    instead();
                }
                else if (given - 1 == rowsBeforeFailure)
                {
                    throw new IOException("Input/output error (the share went away)");
                }

                yield return row;
            }
        }
    }
}
