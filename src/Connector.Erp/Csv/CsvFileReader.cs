using System.Globalization;
using Connector.Mapping.Rows;
using Connector.Sync.Ports;

namespace Connector.Erp.Csv;

/// <summary>
/// The rows of one drop file. Every record becomes a <see cref="SourceRow"/>: one the file could not express
/// cleanly (wrong column count, bad quoting, undecodable bytes) carries a problem and its raw text instead of being
/// dropped or thrown, so it reaches dead letters with its line number.
/// </summary>
internal sealed class CsvFileReader : ISourceReader
{
    internal const string Done = "done";
    private const string LinePrefix = "line:";

    private readonly CsvTokenizer? tokenizer;
    private readonly long resumeAfterLine;
    private readonly string encodingName;
    private readonly Func<string?>? whole;

    private CsvFileReader(CsvTokenizer? tokenizer, IReadOnlyList<string> header, string? problem, long resumeAfterLine, string encodingName, Func<string?>? whole)
    {
        this.tokenizer = tokenizer;
        Header = header;
        Problem = problem;
        this.resumeAfterLine = resumeAfterLine;
        this.encodingName = encodingName;
        this.whole = whole;
    }

    public IReadOnlyList<string> Header { get; }

    public string? Problem { get; }

    public IEnumerable<SourceRow> Rows => tokenizer is null || Problem is not null || Changed is not null ? [] : Read(tokenizer, inPlace: false);

    public IEnumerable<SourceRow> RowsInPlace => tokenizer is null || Problem is not null || Changed is not null ? [] : Read(tokenizer, inPlace: true);

    public string? Changed { get; private set; }

    public string CompletedCheckpoint => Done;

    public string? CheckpointAfter(SourceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Create(CultureInfo.InvariantCulture, $"{LinePrefix}{row.Line}");
    }

    /// <summary>The physical line a checkpoint says is read (0 for none, <see cref="long.MaxValue"/> for a finished file); null when it is not one of ours.</summary>
    internal static long? ResumeLine(string? checkpoint)
    {
        if (checkpoint is null)
        {
            return 0;
        }

        if (checkpoint == Done)
        {
            return long.MaxValue;
        }

        return checkpoint.StartsWith(LinePrefix, StringComparison.Ordinal)
            && long.TryParse(checkpoint.AsSpan(LinePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var line)
                ? line
                : null;
    }

    /// <summary>Skips the title lines, reads the header and returns the reader positioned on the first row.</summary>
    /// <param name="whole">
    /// Whether what was read is the whole file as it was found (<c>null</c>) or why not; asked at the end of the text, and before a
    /// last line that the end of the text cut off is given out (an ERP that pauses mid-line must not have half a line land).
    /// </param>
    internal static async Task<CsvFileReader> OpenAsync(
        TextReader text, string encodingName, char delimiter, char quote, int skipLines, long resumeAfterLine, Func<string?>? whole, CancellationToken cancellationToken)
    {
        var tokenizer = new CsvTokenizer(text, delimiter, quote);
        try
        {
            await tokenizer.FillAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < skipLines; i++)
            {
                if (!tokenizer.TrySkipLine())
                {
                    return Failed(tokenizer, string.Create(CultureInfo.InvariantCulture, $"empty file: no header row after the {skipLines} lines to skip"));
                }
            }

            var kind = tokenizer.Next();
            if (kind == CsvRecordKind.End)
            {
                return Failed(tokenizer, "empty file: no header row");
            }

            if (kind == CsvRecordKind.Problem)
            {
                return Failed(tokenizer, string.Create(CultureInfo.InvariantCulture, $"header row on line {tokenizer.RecordLine}: {tokenizer.Problem}"));
            }

            if (tokenizer.RecordContains('\0'))
            {
                return Failed(tokenizer, $"undecodable: the header row holds NUL characters, so the file is not {encodingName} text (UTF-16 without a byte order mark? set source.csv.encoding)");
            }

            if (tokenizer.RecordContains('\uFFFD'))
            {
                return Failed(tokenizer, $"undecodable: the header row is not valid {encodingName} text (set source.csv.encoding to the file's encoding)");
            }

            var header = new string[tokenizer.FieldCount];
            for (var i = 0; i < header.Length; i++)
            {
                header[i] = tokenizer.Field(i).Trim().Trim('\uFEFF').Trim();
            }

            tokenizer.ColumnNames = header;
            return new CsvFileReader(tokenizer, header, null, resumeAfterLine, encodingName, whole);
        }
        catch
        {
            tokenizer.Dispose();
            throw;
        }
    }

    /// <summary>A reader for a file that cannot be read at all.</summary>
    internal static CsvFileReader Failed(CsvTokenizer? tokenizer, string problem)
    {
        tokenizer?.Dispose();
        return new CsvFileReader(null, [], problem, 0, "", null);
    }

    /// <summary>A reader for a file that changed since it was found: no rows now, it is read whole on the next run.</summary>
    internal static CsvFileReader Unsettled(string changed) => new(null, [], null, 0, "", null) { Changed = changed };

    public void Dispose() => tokenizer?.Dispose();

    private IEnumerable<SourceRow> Read(CsvTokenizer records, bool inPlace)
    {
        var columns = Header.Count;
        SourceRow? inPlaceRow = null;
        while (true)
        {
            var kind = records.Next();
            if (kind == CsvRecordKind.End)
            {
                Changed = whole?.Invoke();
                yield break;
            }

            if ((records.RecordEndsText || (kind == CsvRecordKind.Problem && records.AtEnd)) && whole?.Invoke() is { } changed)
            {
                // The end of the text cut this line off and the file has changed since: it is the ERP's half-written line.
                Changed = changed;
                yield break;
            }

            var line = records.RecordLine;
            if (kind == CsvRecordKind.Problem)
            {
                if (line > resumeAfterLine)
                {
                    yield return new SourceRow(line, [], records.Problem, records.ProblemText);
                }

                continue;
            }

            if (records.FieldCount != columns)
            {
                var problem = string.Create(CultureInfo.InvariantCulture, $"expected {columns} columns as in the header, got {records.FieldCount}");
                if (records.RecordEndsText && records.FieldCount < columns)
                {
                    problem = "truncated last line: " + problem;
                }

                // Line breaks inside a malformed record are more likely a stray quote than data: reject only its
                // first line and read the next one on its own, so one bad quote cannot take other rows with it.
                var multiLine = records.RecordLines > 1;
                var values = multiLine ? [] : records.Fields();
                var raw = multiLine ? records.RejectToFirstLine() : records.RecordText();
                if (line > resumeAfterLine)
                {
                    yield return new SourceRow(line, values, problem, raw);
                }

                continue;
            }

            if (line <= resumeAfterLine)
            {
                continue;
            }

            if (records.RecordContains('\uFFFD'))
            {
                var fields = records.Fields();
                yield return new SourceRow(line, fields, InvalidBytes(ColumnHolding(fields, '\uFFFD')), records.RecordText());
                continue;
            }

            if (records.RecordContains('\0'))
            {
                // Text with NUL characters is binary data or a wrong encoding, and PostgreSQL cannot store it as text.
                var fields = records.Fields();
                yield return new SourceRow(line, fields, $"NUL character in {ColumnHolding(fields, '\0')}: binary data, or UTF-16 text read as {encodingName} (set source.csv.encoding)", records.RecordText());
                continue;
            }

            yield return !inPlace ? new SourceRow(line, records.Fields())
                : inPlaceRow is null ? inPlaceRow = new SourceRow(line, records)
                : inPlaceRow.NextInPlace(line);
        }
    }

    private string InvalidBytes(string column) => encodingName == "utf-8"
        ? $"invalid UTF-8 byte sequence in {column} (set source.csv.encoding if the file is not utf-8)"
        : $"bytes that are not valid {encodingName} in {column} (set source.csv.encoding to the file's encoding)";

    /// <summary><c>column 'Name'</c>: the first column whose value holds <paramref name="c"/>.</summary>
    private string ColumnHolding(string[] fields, char c)
    {
        var index = Array.FindIndex(fields, f => f.Contains(c, StringComparison.Ordinal));
        return index >= 0 && index < Header.Count ? $"column '{Header[index]}'" : "the row";
    }
}
