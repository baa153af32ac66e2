namespace Connector.Mapping.Rows;

/// <summary>
/// One row as a source gave it, before mapping: the values in the order of the source's header.
/// <see cref="Problem"/> is set when the source could not read the row cleanly (an unbalanced quote,
/// a wrong column count, invalid UTF-8); such a row is quarantined without being mapped.
/// </summary>
public sealed class SourceRow
{
    public SourceRow(long line, string[] values, string? problem = null, string? rawText = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        Line = line;
        Values = values;
        Problem = problem;
        RawText = rawText;
    }

    /// <summary>The physical line the row starts on (1 = the header of a CSV file), or the row number of a query.</summary>
    public long Line { get; }

    public string[] Values { get; }

    public string? Problem { get; }

    /// <summary>The row's text as read, kept for dead letters when the values could not be split reliably.</summary>
    public string? RawText { get; }
}
