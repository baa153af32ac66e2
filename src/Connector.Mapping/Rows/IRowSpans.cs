namespace Connector.Mapping.Rows;

/// <summary>
/// A source row's columns as the source holds them, read in place (a CSV record's text in the reader's buffer): valid only
/// until the source moves to the next row. Lets a row be mapped and hashed without a string per column.
/// </summary>
public interface IRowSpans
{
    /// <summary>How many columns the row has.</summary>
    int Count { get; }

    /// <summary>The text of <paramref name="column"/> (quotes undone); empty for a column the row does not have.</summary>
    ReadOnlySpan<char> Span(int column);

    /// <summary>The same text as a string (a source may hand back an equal string it made before).</summary>
    string Text(int column);
}
