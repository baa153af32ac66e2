namespace Connector.Mapping.Rows;

/// <summary>
/// A copy of a row read in place (<see cref="IRowSpans"/>), kept in reused buffers: a row mapped ahead of the reader that
/// consumes it keeps its source text this way, for a dead letter or the string mapping, after the source has moved on.
/// </summary>
public sealed class CopiedRowSpans : IRowSpans
{
    private char[] text = new char[256];
    private int[] starts = new int[32];
    private int[] lengths = new int[32];
    private string?[] made = new string?[32];

    public int Count { get; private set; }

    /// <summary>Makes this the copy of <paramref name="row"/>'s text as it stands now.</summary>
    public void CopyFrom(IRowSpans row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var count = row.Count;
        if (starts.Length < count)
        {
            starts = new int[count];
            lengths = new int[count];
            made = new string?[count];
        }

        var used = 0;
        for (var i = 0; i < count; i++)
        {
            var span = row.Span(i);
            if (text.Length - used < span.Length)
            {
                Array.Resize(ref text, Math.Max(text.Length * 2, used + span.Length));
            }

            span.CopyTo(text.AsSpan(used));
            starts[i] = used;
            lengths[i] = span.Length;
            made[i] = null;
            used += span.Length;
        }

        Count = count;
    }

    public ReadOnlySpan<char> Span(int column) => (uint)column >= (uint)Count ? default : text.AsSpan(starts[column], lengths[column]);

    public string Text(int column) => (uint)column >= (uint)Count ? string.Empty
        : made[column] ??= lengths[column] == 0 ? string.Empty : new string(text.AsSpan(starts[column], lengths[column]));
}
