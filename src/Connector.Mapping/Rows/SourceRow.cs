namespace Connector.Mapping.Rows;

/// <summary>
/// One row as a source gave it, before mapping: the values in the order of the source's header.
/// <see cref="Problem"/> is set when the source could not read the row cleanly (an unbalanced quote,
/// a wrong column count, invalid UTF-8); such a row is quarantined without being mapped.
/// </summary>
public sealed class SourceRow
{
    private string[]? values;

    public SourceRow(long line, string[] values, string? problem = null, string? rawText = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        Line = line;
        this.values = values;
        Problem = problem;
        RawText = rawText;
    }

    /// <summary>
    /// A clean row whose values are read in place (<see cref="Spans"/>) and made into strings only when <see cref="Values"/> is
    /// asked for — which must happen before the source moves to the next row.
    /// </summary>
    public SourceRow(long line, IRowSpans spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        Line = line;
        Spans = spans;
    }

    /// <summary>
    /// This row object again for the source's next row read in place (<see cref="Spans"/> moved on): a row read in place is
    /// only valid until the next one anyway, so a source need not allocate one per row.
    /// </summary>
    public SourceRow NextInPlace(long line)
    {
        if (Spans is null)
        {
            throw new InvalidOperationException("Only a row read in place can be moved to the next one.");
        }

        Line = line;
        values = null;
        return this;
    }

    /// <summary>The row's text in place, when the source gives it so (valid until the next row is read); otherwise <c>null</c>.</summary>
    public IRowSpans? Spans { get; }

    /// <summary>The physical line the row starts on (1 = the header of a CSV file), or the row number of a query.</summary>
    public long Line { get; private set; }

    public string[] Values => values ??= Materialise(Spans!);

    public string? Problem { get; }

    /// <summary>The row's text as read, kept for dead letters when the values could not be split reliably.</summary>
    public string? RawText { get; }

    private static string[] Materialise(IRowSpans spans)
    {
        var made = new string[spans.Count];
        for (var i = 0; i < made.Length; i++)
        {
            made[i] = spans.Text(i);
        }

        return made;
    }
}
