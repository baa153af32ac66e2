using Connector.Mapping.Rows;
using Connector.Mapping.Sources;

namespace Connector.Sync.Ports;

/// <summary>An ERP adapter that yields raw rows: a CSV drop folder or an SQL database.</summary>
public interface IErpSource
{
    /// <summary>
    /// The units to read for an entity, oldest first: each matching file, or one query run. Empty when the spec has no
    /// section for this source kind. A file not ready to read (<see cref="ISourceUnit.NotReady"/>) or one that cannot be
    /// read at all (its reader has a <see cref="ISourceReader.Problem"/>) is a unit too, so it is reported, never skipped silently.
    /// </summary>
    Task<IReadOnlyList<ISourceUnit>> DiscoverAsync(string entity, SourceSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// The unit an earlier run set aside with a whole-unit dead letter (<see cref="ISourceUnit.KeptAs"/>), to read it again for a
    /// retry; <c>null</c> when this source keeps nothing (a query) or it is not there any more.
    /// </summary>
    /// <param name="entity">The entity the unit is read for.</param>
    /// <param name="spec">The entity's source section.</param>
    /// <param name="name">The unit's name as its letter records it (the file name the ERP dropped).</param>
    /// <param name="keptAs">Where it was kept (<see cref="RawRow.File"/>).</param>
    /// <param name="cancellationToken">Stops the search.</param>
    Task<ISourceUnit?> FindKeptAsync(string entity, SourceSpec spec, string name, string keptAs, CancellationToken cancellationToken);
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

    /// <summary>
    /// Why the unit is left for a later run without being opened (a file written too recently, or one that changed while it
    /// was hashed: the ERP is still writing it); <c>null</c> when it is ready. It stays where it is.
    /// </summary>
    string? NotReady { get; }

    /// <summary>
    /// Where the unit is kept when it fails as a whole (<c>archive/OP_1_3f2a….csv</c>, relative to the drop folder), so its
    /// dead letter can name it and a retry can read it again; <c>null</c> when it cannot be kept (a query run).
    /// </summary>
    string? KeptAs { get; }

    /// <summary>
    /// The source keys whose whole-unit dead letters a complete read of this unit resolves: its own, and (a file) the letter
    /// of an entry of the same name that could not be read before.
    /// </summary>
    IReadOnlyList<string> LetterKeys { get; }

    /// <summary>Opens the unit, resuming after <paramref name="checkpoint"/> (<c>null</c>: from the start).</summary>
    Task<ISourceReader> OpenAsync(string? checkpoint, CancellationToken cancellationToken);

    /// <summary>Called once the completed checkpoint is stored: archives a file. Idempotent.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>Where <see cref="CompleteAsync"/> archived the file (<c>archive/OP_1.csv</c>, relative to the drop folder); <c>null</c> before, or for a query.</summary>
    string? ArchivedAs => null;

    /// <summary>
    /// Called once the dead letter of a unit that failed as a whole is stored: moves a file to <see cref="KeptAs"/> (an entry
    /// that cannot be read stays where it is). Nothing is marked done, so the same content dropped again is read again. Idempotent.
    /// </summary>
    Task SetAsideAsync(CancellationToken cancellationToken);
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

    /// <summary>
    /// <see cref="Rows"/> for a caller that is done with each row before asking for the next: a source may then hand out rows
    /// whose values are read in place (<see cref="SourceRow.Spans"/>), so a row that turns out unchanged costs no strings.
    /// </summary>
    IEnumerable<SourceRow> RowsInPlace => Rows;

    /// <summary>The checkpoint to store with a batch ending at <paramref name="row"/>, or <c>null</c> when this source can only checkpoint at its end.</summary>
    string? CheckpointAfter(SourceRow row);

    /// <summary>The checkpoint to store once every row is read: <c>done</c> for a file, the highest watermark for a query.</summary>
    string CompletedCheckpoint { get; }

    /// <summary>
    /// Once <see cref="Rows"/> has ended: why what was read is not the whole unit as it was found (a file that grew or
    /// changed while it was read: the ERP was still writing it); <c>null</c> when it is. Such a unit is never completed:
    /// it is left for the next run, which reads it whole.
    /// </summary>
    string? Changed { get; }
}
