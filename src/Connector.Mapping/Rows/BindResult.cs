namespace Connector.Mapping.Rows;

/// <summary>
/// A mapping bound to one source header: the row mapper, or the columns the header lacks. A missing
/// column is a file-level problem (no row of that file can map), reported once instead of per row.
/// </summary>
public sealed record BindResult(RowMapper? Mapper, IReadOnlyList<string> MissingColumns)
{
    /// <summary>One line naming every missing column, what it is mapped to, and the header as found; <c>null</c> when bound.</summary>
    public string? Problem { get; init; }
}
