namespace Connector.Mapping.Rows;

/// <summary>
/// Room for the text a row's transforms write (an upper-cased code, a canonical date), handed out front to back and taken
/// back whole before the next row. Growing never moves what was handed out: a full block is left to the spans that use it.
/// </summary>
internal sealed class RowScratch
{
    private char[] buffer = new char[4096];
    private int position;

    /// <summary>Room for <paramref name="length"/> characters.</summary>
    public Span<char> Take(int length)
    {
        if (buffer.Length - position < length)
        {
            buffer = new char[Math.Max(buffer.Length, length * 2)];
            position = 0;
        }

        var room = buffer.AsSpan(position, length);
        position += length;
        return room;
    }

    /// <summary>Gives back the unused end of the last <see cref="Take"/> (which wrote <paramref name="used"/> characters).</summary>
    public ReadOnlySpan<char> Keep(Span<char> taken, int used)
    {
        position -= taken.Length - used;
        return taken[..used];
    }

    public void Reset() => position = 0;
}
