namespace Connector.Mapping.Rows;

/// <summary>
/// A mapping bound to one source header: the row mapper, or the columns the header lacks or names twice. Such a
/// column is a file-level problem (no row of that file can map), reported once instead of per row.
/// </summary>
public sealed record BindResult(RowMapper? Mapper, IReadOnlyList<string> MissingColumns)
{
    /// <summary>One line naming every missing or ambiguous column, what it is mapped to, and the header as found; <c>null</c> when bound.</summary>
    public string? Problem { get; init; }

    /// <summary>Columns the header names more than once (or not at the position the mapping picks): no row can tell which value is meant.</summary>
    public IReadOnlyList<string> AmbiguousColumns { get; init; } = [];

    /// <summary>The first column named in <see cref="Problem"/>, for the dead letters of the rows it stops.</summary>
    public string? ProblemColumn => MissingColumns.Count > 0 ? MissingColumns[0] : AmbiguousColumns.Count > 0 ? AmbiguousColumns[0] : null;

    /// <summary>Reads rows' keys (<see cref="RowMapper.TryKey"/>) even when the mapping cannot be applied, as long as the key columns resolve; <c>null</c> when they do not.</summary>
    public RowMapper? KeyReader { get; init; }
}
