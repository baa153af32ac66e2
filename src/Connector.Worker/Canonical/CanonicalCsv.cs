using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Connector.Worker.Canonical;

/// <summary>
/// Streams the rows of one canonical file with CsvHelper's raw parser (no reflection per field) and
/// parses fields by column, recording every problem as a <see cref="CanonicalError"/> instead of stopping.
/// Columns are matched by name; a row with the wrong number of fields or bad quoting is reported and skipped.
/// </summary>
internal sealed class CanonicalCsv : IDisposable
{
    private readonly CanonicalFile file;
    private readonly List<CanonicalError> errors;
    private readonly StreamReader reader;
    private readonly CsvParser parser;
    private readonly int[] positions;
    private string? badData;
    private int errorsBeforeRow;

    private CanonicalCsv(CanonicalFile file, string path, List<CanonicalError> errors)
    {
        this.file = file;
        this.errors = errors;
        reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Mode = CsvMode.RFC4180,
            // Blank lines are skipped here rather than by the parser, so that line numbers stay exact.
            IgnoreBlankLines = false,
            BadDataFound = args => badData ??= args.Field,
        };
        parser = new CsvParser(reader, configuration);
        positions = new int[file.Columns.Count];
    }

    /// <summary>The line the current row starts on (1 is the header).</summary>
    public int Line { get; private set; }

    /// <summary>Whether a field of the current row was reported as bad (rules across fields are checked only when not).</summary>
    public bool RowHasErrors => errors.Count > errorsBeforeRow;

    /// <summary>Opens <paramref name="file"/> in <paramref name="folder"/> and checks its header; <c>null</c> when absent or unusable.</summary>
    public static CanonicalCsv? Open(string folder, CanonicalFile file, List<CanonicalError> errors)
    {
        var path = Path.Combine(folder, file.Name);
        if (!File.Exists(path))
        {
            if (file.Required)
            {
                errors.Add(new(file.Name, 0, null, $"required file not found in {folder}"));
            }

            return null;
        }

        var csv = new CanonicalCsv(file, path, errors);
        if (csv.ReadHeader())
        {
            return csv;
        }

        csv.Dispose();
        return null;
    }

    /// <summary>Moves to the next well-formed row; malformed rows are reported and skipped.</summary>
    public bool Read()
    {
        while (true)
        {
            var previousEnd = parser.RawRow;
            badData = null;
            if (!parser.Read())
            {
                return false;
            }

            Line = previousEnd + 1;
            if (parser.Count == 1 && parser[0].Length == 0 && parser.RawRecord.AsSpan().Trim().IsEmpty)
            {
                continue;
            }

            errorsBeforeRow = errors.Count;
            if (badData is not null)
            {
                Report(null, $"malformed quoting: expected a quoted field to be \"…\" with inner quotes doubled, got {Shorten(badData)}");
                continue;
            }

            if (parser.Count != file.Columns.Count)
            {
                var raw = parser.RawRecord;
                var endLine = Line + InteriorNewlines(raw);
                var expected = $"expected {file.Columns.Count} columns, got {parser.Count}";
                Report(null, raw.AsSpan().Count('"') % 2 == 1
                    ? $"unbalanced quotes: a quote opened on this line is never closed; {expected}"
                    : endLine > Line ? $"unbalanced quotes: a quoted field opened on this line runs to line {endLine}; {expected}" : expected);
                continue;
            }

            return true;
        }
    }

    public string Column(int column) => file.Columns[column];

    /// <summary>The raw text of a field.</summary>
    public string Raw(int column) => parser[positions[column]];

    public string? Optional(int column)
    {
        var value = Raw(column);
        return value.Length == 0 ? null : value;
    }

    public string Required(int column)
    {
        var value = Raw(column);
        if (value.Length == 0)
        {
            Report(column, "expected a value, got an empty field");
        }

        return value;
    }

    public string Currency(int column)
    {
        var value = Raw(column);
        if (value.Length != 3 || !char.IsAsciiLetterUpper(value[0]) || !char.IsAsciiLetterUpper(value[1]) || !char.IsAsciiLetterUpper(value[2]))
        {
            Report(column, $"expected a three-letter currency code like USD, got {Quote(value)}");
        }

        return value;
    }

    public DateOnly Date(int column)
    {
        var value = Raw(column);
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Report(column, $"expected a date yyyy-MM-dd, got {Quote(value)}");
        return default;
    }

    public decimal Decimal(int column) => OptionalDecimal(column, required: true) ?? 0m;

    public decimal? OptionalDecimal(int column, bool required = false)
    {
        var value = Raw(column);
        if (value.Length == 0 && !required)
        {
            return null;
        }

        if (decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        Report(column, $"expected a number like -1234.56 ('.' decimal point, no thousands separator), got {Quote(value)}");
        return null;
    }

    public int Integer(int column)
    {
        var value = Raw(column);
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        Report(column, $"expected a whole number, got {Quote(value)}");
        return 0;
    }

    public bool Boolean(int column) => Choice(column, BooleanValues);

    /// <summary>One of a fixed set of lower-case words, e.g. <c>invoice|credit_memo</c>.</summary>
    public T Choice<T>(int column, (string Text, T Value)[] choices)
    {
        var value = Raw(column);
        foreach (var (text, result) in choices)
        {
            if (string.Equals(text, value, StringComparison.Ordinal))
            {
                return result;
            }
        }

        Report(column, $"expected {string.Join('|', choices.Select(static c => c.Text))}, got {Quote(value)}");
        return choices[0].Value;
    }

    /// <summary>Records a problem in the current row (column <c>null</c>: the row as a whole).</summary>
    public void Report(int? column, string message) =>
        errors.Add(new(file.Name, Line, column is { } c ? file.Columns[c] : null, message));

    public static string Quote(string value) => value.Length == 0 ? "an empty field" : $"'{value}'";

    public void Dispose()
    {
        parser.Dispose();
        reader.Dispose();
    }

    private static readonly (string, bool)[] BooleanValues = [("true", true), ("false", false)];

    private bool ReadHeader()
    {
        if (!parser.Read())
        {
            errors.Add(new(file.Name, 1, null, $"expected the header row {file.Header}, got an empty file"));
            return false;
        }

        Line = 1;
        var header = parser.Record ?? [];
        var before = errors.Count;
        Array.Fill(positions, -1);
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i];
            var column = IndexOfColumn(name);
            if (column < 0)
            {
                errors.Add(new(file.Name, 1, null, $"unknown column '{name}' (expected {file.Header})"));
            }
            else if (positions[column] >= 0)
            {
                errors.Add(new(file.Name, 1, null, $"column '{name}' appears twice"));
            }
            else
            {
                positions[column] = i;
            }
        }

        for (var column = 0; column < positions.Length; column++)
        {
            if (positions[column] < 0)
            {
                errors.Add(new(file.Name, 1, null, $"missing column '{file.Columns[column]}' (expected {file.Header})"));
            }
        }

        return errors.Count == before;
    }

    private int IndexOfColumn(string name)
    {
        for (var i = 0; i < file.Columns.Count; i++)
        {
            if (string.Equals(file.Columns[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    // Newlines inside the record (quoted fields spanning lines), not counting the one that ends it.
    private static int InteriorNewlines(string raw)
    {
        var count = raw.AsSpan().TrimEnd("\r\n").Count('\n');
        return count;
    }

    private static string Shorten(string value) =>
        Quote(value.Length > 40 ? value[..40] + "…" : value.ReplaceLineEndings(" "));
}
