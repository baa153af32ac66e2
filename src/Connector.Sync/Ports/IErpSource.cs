using Connector.Mapping.Rows;
using Connector.Mapping.Sources;

namespace Connector.Sync.Ports;

/// <summary>An ERP adapter that yields raw rows: a CSV drop folder or an SQL database.</summary>
public interface IErpSource
{
    /// <summary>The units to read for an entity, oldest first: each matching file, or one query run. Empty when the spec has no section for this source kind.</summary>
    Task<IReadOnlyList<ISourceUnit>> DiscoverAsync(string entity, SourceSpec spec, CancellationToken cancellationToken);
}

/// <summary>
/// One file or one query run. Progress is kept as a checkpoint string stored in the same transaction as the
/// rows it covers, so a crash at any point resumes without losing or repeating a row.
/// </summary>
public interface ISourceUnit
{
    /// <summary>What people see and dead letters record: the file name, or <c>sql:invoices</c>.</summary>
    string Name { get; }

    /// <summary>Where the checkpoint is stored: <c>csv:invoices:&lt;content XxHash128&gt;</c> (a file dropped twice is the same unit) or <c>sql:invoices</c>.</summary>
    string CheckpointKey { get; }

    /// <summary>
    /// A file, whose rows are found again by their line number; otherwise a query run, whose rows are found again by
    /// their key (row numbers shift between runs).
    /// </summary>
    bool IsFile { get; }

    /// <summary>Whether a stored checkpoint means nothing is left to read (a file already ingested).</summary>
    bool IsComplete(string? checkpoint);

    /// <summary>Opens the unit, resuming after <paramref name="checkpoint"/> (<c>null</c>: from the start).</summary>
    Task<ISourceReader> OpenAsync(string? checkpoint, CancellationToken cancellationToken);

    /// <summary>Called once the completed checkpoint is stored: archives a file. Idempotent.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}

/// <summary>The rows of an opened unit.</summary>
public interface ISourceReader : IDisposable
{
    /// <summary>Column names as the source gives them (trimmed; a BOM removed).</summary>
    IReadOnlyList<string> Header { get; }

    /// <summary>A problem with the unit as a whole (empty file, undecodable text); no rows follow.</summary>
    string? Problem { get; }

    /// <summary>The rows after the checkpoint, read lazily (a row the source could not split carries <see cref="SourceRow.Problem"/>).</summary>
    IEnumerable<SourceRow> Rows { get; }

    /// <summary>The checkpoint to store with a batch ending at <paramref name="row"/>, or <c>null</c> when this source can only checkpoint at its end.</summary>
    string? CheckpointAfter(SourceRow row);

    /// <summary>The checkpoint to store once every row is read: <c>done</c> for a file, the highest watermark for a query.</summary>
    string CompletedCheckpoint { get; }
}
