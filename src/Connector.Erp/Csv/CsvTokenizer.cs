using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Connector.Mapping.Rows;

namespace Connector.Erp.Csv;

/// <summary>What <see cref="CsvTokenizer.Next"/> found.</summary>
internal enum CsvRecordKind
{
    /// <summary>A record split into fields (its column count is for the caller to judge).</summary>
    Record,

    /// <summary>A line whose quoting could not be read; <see cref="CsvTokenizer.Problem"/> says why and reading resumes on the next line.</summary>
    Problem,

    /// <summary>No more text.</summary>
    End,
}

/// <summary>Which kind of problem <see cref="CsvTokenizer.Problem"/> describes.</summary>
internal enum CsvProblemKind
{
    None,

    /// <summary>A quoted field that is never closed (or runs over <see cref="CsvTokenizer.MaxLinesPerQuotedField"/> lines).</summary>
    UnclosedQuote,

    /// <summary>Text between a field's closing quote and the next delimiter.</summary>
    TextAfterClosingQuote,

    /// <summary>A record over <see cref="CsvTokenizer.MaxRecordChars"/> characters.</summary>
    RecordTooLong,
}

/// <summary>
/// An RFC 4180 splitter over decoded text, written by hand rather than with CsvHelper because the connector must
/// say exactly what is wrong on which physical line and must never let one stray quote swallow the rest of a file:
/// a quoted field that is never closed, runs over <see cref="MaxLinesPerQuotedField"/> lines, or is followed by
/// stray text is reported on the line it starts on, and reading resumes on the next line. Fields are kept as
/// offsets into one large buffer, so a record costs no allocation until its values are asked for.
/// </summary>
internal sealed class CsvTokenizer : IDisposable, IRowSpans
{
    /// <summary>A quoted field spanning more lines than this is taken for an unbalanced quote.</summary>
    internal const int MaxLinesPerQuotedField = 50;

    /// <summary>A record longer than this is taken for an unbalanced quote (or not a CSV file at all).</summary>
    internal const int MaxRecordChars = 1 << 22;

    private const int MaxRawTextChars = 1 << 16;
    private const int InitialBufferChars = 1 << 16;

    private readonly TextReader reader;
    private readonly char delimiter;
    private readonly char quote;
    private char[] buffer = new char[InitialBufferChars];
    private int position;
    private int length;
    private bool endOfText;
    private long line = 1;

    private string[] previous = new string[16];
    private int[] starts = new int[16];
    private int[] lengths = new int[16];
    private bool[] escaped = new bool[16];
    private int recordStart;
    private int recordEnd;

    public CsvTokenizer(TextReader reader, char delimiter, char quote)
    {
        this.reader = reader;
        this.delimiter = delimiter;
        this.quote = quote;
    }

    /// <summary>The physical line (1-based, counting every line of the file) the last record starts on.</summary>
    public long RecordLine { get; private set; }

    /// <summary>How many physical lines the last record spans (more than 1 when a quoted field holds line breaks).</summary>
    public int RecordLines { get; private set; }

    /// <summary>Whether the last record ended at the end of the text with no line break after it.</summary>
    public bool RecordEndsText { get; private set; }

    /// <summary>Whether every character of the text has been read (the last record or problem line ran to its end).</summary>
    public bool AtEnd => position == length && endOfText;

    /// <summary>The fields of the last record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>Why the last line could not be read (with <see cref="CsvRecordKind.Problem"/>).</summary>
    public string? Problem { get; private set; }

    /// <summary>What kind of problem <see cref="Problem"/> is; with <see cref="CsvProblemKind.UnclosedQuote"/>,
    /// <see cref="FieldCount"/> counts the fields before the unclosed one.</summary>
    public CsvProblemKind ProblemKind { get; private set; }

    /// <summary>The header's column names once it is read, so problems name the column as well as its number.</summary>
    public IReadOnlyList<string>? ColumnNames { get; set; }

    /// <summary>The text of the last problem line.</summary>
    public string? ProblemText { get; private set; }

    /// <summary>Reads the first block of text without blocking a thread.</summary>
    public async Task FillAsync(CancellationToken cancellationToken)
    {
        while (length < buffer.Length && !endOfText)
        {
            var read = await reader.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                endOfText = true;
            }

            length += read;
        }
    }

    /// <summary>Moves to the next record, passing over blank lines.</summary>
    public CsvRecordKind Next()
    {
        Problem = null;
        ProblemKind = CsvProblemKind.None;
        ProblemText = null;
        while (true)
        {
            if (position == length && !endOfText)
            {
                Refill();
                continue;
            }

            if (position == length)
            {
                return CsvRecordKind.End;
            }

            var c = buffer[position];
            if (c is '\n' or '\r')
            {
                if (c == '\r' && position + 1 == length && !endOfText)
                {
                    Refill();
                    continue;
                }

                position += c == '\r' && position + 1 < length && buffer[position + 1] == '\n' ? 2 : 1;
                line++;
                continue;
            }

            switch (TryParse(out var next, out var lines, out var problem, out var kind))
            {
                case Step.Done:
                    RecordLine = line;
                    RecordLines = lines;
                    recordStart = position;
                    recordEnd = next;
                    RecordEndsText = next == length && endOfText && !EndsWithLineBreak(next);
                    line += lines;
                    position = next;
                    return CsvRecordKind.Record;
                case Step.NeedMore when length - position < MaxRecordChars:
                    Refill();
                    continue;
                case Step.NeedMore:
                    problem = string.Create(CultureInfo.InvariantCulture, $"row longer than {MaxRecordChars} characters: an unbalanced quote, or not a CSV file");
                    kind = CsvProblemKind.RecordTooLong;
                    break;
            }

            RecordLine = line;
            RecordLines = 1;
            Problem = problem;
            ProblemKind = kind;
            ProblemText = SkipLine();
            return CsvRecordKind.Problem;
        }
    }

    /// <summary>Skips one physical line as plain text (report titles before the header); false at the end of the text.</summary>
    public bool TrySkipLine()
    {
        if (position == length && !endOfText)
        {
            Refill();
        }

        if (position == length)
        {
            return false;
        }

        SkipLine();
        return true;
    }

    /// <summary>The value of field <paramref name="index"/> of the last record, doubled quotes undone.</summary>
    public string Field(int index)
    {
        var span = buffer.AsSpan(starts[index], lengths[index]);
        if (span.IsEmpty)
        {
            return string.Empty;
        }

        if (!escaped[index])
        {
            // ERP exports repeat most columns row after row (currency, type, status, dates): reusing the previous
            // row's string for the same column saves most of the allocations of a large file.
            var last = previous[index];
            if (last is not null && span.SequenceEqual(last))
            {
                return last;
            }

            return previous[index] = new string(span);
        }

        var text = new StringBuilder(span.Length);
        for (var i = 0; i < span.Length; i++)
        {
            text.Append(span[i]);
            if (span[i] == quote)
            {
                i++;
            }
        }

        return text.ToString();
    }

    int IRowSpans.Count => FieldCount;

    /// <summary>Field <paramref name="index"/> of the last record as it stands in the buffer (a string only when quotes were doubled).</summary>
    public ReadOnlySpan<char> Span(int index) =>
        (uint)index >= (uint)FieldCount ? default : escaped[index] ? Field(index).AsSpan() : buffer.AsSpan(starts[index], lengths[index]);

    string IRowSpans.Text(int index) => (uint)index >= (uint)FieldCount ? string.Empty : Field(index);

    /// <summary>The values of the last record.</summary>
    public string[] Fields()
    {
        var values = new string[FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Field(i);
        }

        return values;
    }

    /// <summary>Whether the last record holds <paramref name="c"/> anywhere (U+FFFD marks bytes the decoder could not read).</summary>
    public bool RecordContains(char c) => buffer.AsSpan(recordStart, recordEnd - recordStart).Contains(c);

    /// <summary>The last record's text as it stood in the file, without its final line break.</summary>
    public string RecordText()
    {
        var end = recordEnd;
        if (end > recordStart && buffer[end - 1] == '\n')
        {
            end--;
        }

        if (end > recordStart && buffer[end - 1] == '\r')
        {
            end--;
        }

        return Capped(buffer.AsSpan(recordStart, end - recordStart));
    }

    /// <summary>
    /// Takes back a record that spanned several lines but turned out malformed: its line breaks are more likely
    /// a stray quote than data, so only its first line is rejected and reading resumes on the second.
    /// </summary>
    /// <returns>The first line's text.</returns>
    public string RejectToFirstLine()
    {
        position = recordStart;
        line = RecordLine;
        return SkipLine();
    }

    public void Dispose() => reader.Dispose();

    private enum Step
    {
        Done,
        NeedMore,
        Problem,
    }

    private Step TryParse(out int next, out int lines, out string? problem, out CsvProblemKind kind)
    {
        var text = buffer;
        var end = length;
        var p = position;
        next = 0;
        lines = 1;
        problem = null;
        kind = CsvProblemKind.None;
        FieldCount = 0;
        while (true)
        {
            var column = FieldCount + 1;
            if (p < end && text[p] == quote)
            {
                var contentStart = p + 1;
                var q = contentStart;
                var hasEscapes = false;
                var fieldLines = 0;
                while (true)
                {
                    var i = text.AsSpan(q, end - q).IndexOfAny(quote, '\r', '\n');
                    if (i < 0)
                    {
                        if (!endOfText)
                        {
                            return Step.NeedMore;
                        }

                        problem = text.AsSpan(position, end - position).ContainsAny('\r', '\n')
                            ? UnbalancedQuote(column)
                            : $"truncated last line: the file ends inside the quoted field starting at {Column(column)}";
                        kind = CsvProblemKind.UnclosedQuote;
                        return Step.Problem;
                    }

                    q += i;
                    if (text[q] == quote)
                    {
                        if (q + 1 == end && !endOfText)
                        {
                            return Step.NeedMore;
                        }

                        if (q + 1 < end && text[q + 1] == quote)
                        {
                            hasEscapes = true;
                            q += 2;
                            continue;
                        }

                        AddField(contentStart, q - contentStart, hasEscapes);
                        p = q + 1;
                        break;
                    }

                    if (text[q] == '\r' && q + 1 == end && !endOfText)
                    {
                        return Step.NeedMore;
                    }

                    q += text[q] == '\r' && q + 1 < end && text[q + 1] == '\n' ? 2 : 1;
                    lines++;
                    if (++fieldLines >= MaxLinesPerQuotedField)
                    {
                        problem = UnbalancedQuote(column);
                        kind = CsvProblemKind.UnclosedQuote;
                        return Step.Problem;
                    }
                }

                if (p == end)
                {
                    if (!endOfText)
                    {
                        return Step.NeedMore;
                    }

                    next = p;
                    return Step.Done;
                }

                var after = text[p];
                if (after == delimiter)
                {
                    p++;
                    continue;
                }

                if (after is not ('\r' or '\n'))
                {
                    problem = $"unexpected '{after}' after the closing quote of the field starting at {Column(column)}";
                    kind = CsvProblemKind.TextAfterClosingQuote;
                    return Step.Problem;
                }
            }
            else
            {
                var i = text.AsSpan(p, end - p).IndexOfAny(delimiter, '\r', '\n');
                if (i < 0)
                {
                    if (!endOfText)
                    {
                        return Step.NeedMore;
                    }

                    AddField(p, end - p, false);
                    next = end;
                    return Step.Done;
                }

                AddField(p, i, false);
                p += i;
                if (text[p] == delimiter)
                {
                    p++;
                    continue;
                }
            }

            // A line break ends the record.
            if (text[p] == '\r')
            {
                if (p + 1 == end && !endOfText)
                {
                    return Step.NeedMore;
                }

                next = p + 1 < end && text[p + 1] == '\n' ? p + 2 : p + 1;
            }
            else
            {
                next = p + 1;
            }

            return Step.Done;
        }
    }

    private string UnbalancedQuote(int column) => $"unbalanced quote: the field starting at {Column(column)} is never closed";

    /// <summary><c>column 2 (Kunde)</c> once the header is known, <c>column 2</c> before.</summary>
    private string Column(int column) =>
        ColumnNames is { } names && column <= names.Count && names[column - 1].Length > 0
            ? string.Create(CultureInfo.InvariantCulture, $"column {column} ({names[column - 1]})")
            : string.Create(CultureInfo.InvariantCulture, $"column {column}");

    private bool EndsWithLineBreak(int end) => end > 0 && buffer[end - 1] is '\n' or '\r';

    private void AddField(int start, int fieldLength, bool hasEscapes)
    {
        var index = FieldCount;
        if (index == starts.Length)
        {
            Array.Resize(ref starts, index * 2);
            Array.Resize(ref lengths, index * 2);
            Array.Resize(ref escaped, index * 2);
            Array.Resize(ref previous, index * 2);
        }

        starts[index] = start;
        lengths[index] = fieldLength;
        escaped[index] = hasEscapes;
        FieldCount = index + 1;
    }

    /// <summary>Consumes the text up to and including the next line break and returns it (capped for dead letters).</summary>
    private string SkipLine()
    {
        StringBuilder? longLine = null;
        while (true)
        {
            var available = buffer.AsSpan(position, length - position);
            var i = available.IndexOfAny('\r', '\n');
            if (i < 0)
            {
                Append(ref longLine, available);
                position = length;
                if (endOfText)
                {
                    return longLine?.ToString() ?? string.Empty;
                }

                Refill();
                continue;
            }

            var lineText = available[..i];
            string result;
            if (longLine is null)
            {
                result = Capped(lineText);
            }
            else
            {
                Append(ref longLine, lineText);
                result = longLine.ToString();
            }

            position += i;
            var wasReturn = buffer[position] == '\r';
            position++;
            if (wasReturn)
            {
                if (position == length && !endOfText)
                {
                    Refill();
                }

                if (position < length && buffer[position] == '\n')
                {
                    position++;
                }
            }

            line++;
            return result;
        }
    }

    private static void Append([NotNull] ref StringBuilder? text, ReadOnlySpan<char> part)
    {
        text ??= new StringBuilder();
        var room = MaxRawTextChars - text.Length;
        if (room > 0)
        {
            text.Append(part[..Math.Min(room, part.Length)]);
        }
    }

    private static string Capped(ReadOnlySpan<char> text) =>
        text.Length <= MaxRawTextChars ? new string(text) : new string(text[..MaxRawTextChars]);

    /// <summary>Keeps the unread text at the front of the buffer (growing it when one record fills it) and reads more after it.</summary>
    private void Refill()
    {
        var remaining = length - position;
        if (position == 0 && remaining == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }
        else if (position > 0)
        {
            Array.Copy(buffer, position, buffer, 0, remaining);
        }

        position = 0;
        length = remaining;
        var read = reader.Read(buffer, length, buffer.Length - length);
        if (read == 0)
        {
            endOfText = true;
        }

        length += read;
    }
}
