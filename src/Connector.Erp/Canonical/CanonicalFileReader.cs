using System.Globalization;
using System.Text;
using Connector.Erp.Csv;
using Connector.Mapping.Canonical;

namespace Connector.Erp.Canonical;

/// <summary>
/// The rows of one canonical CSV file, split by the ERP's <see cref="CsvTokenizer"/>: the header is matched to
/// the schema's fields by name (any order; missing, unknown and repeated columns are errors) and each row's raw
/// values come back in schema order. A row the file cannot express (bad quoting, wrong column count) is
/// reported on the line it starts on and skipped. Line numbers count every physical line, blank ones too.
/// </summary>
internal sealed class CanonicalFileReader : IDisposable
{
    private readonly CanonicalEntitySchema schema;
    private readonly List<CanonicalError> errors;
    private readonly CsvTokenizer tokenizer;

    // The file column of each schema field.
    private readonly int[] positions;

    private CanonicalFileReader(CanonicalEntitySchema schema, string path, List<CanonicalError> errors)
    {
        this.schema = schema;
        this.errors = errors;
        positions = new int[schema.Fields.Count];
        var text = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        tokenizer = new CsvTokenizer(text, ',', '"');
    }

    /// <summary>The line the current row starts on (1 is the header, unless blank lines come before it).</summary>
    public int Line { get; private set; }

    private string FileName => schema.FileName;

    private string Header => string.Join(',', schema.Fields.Select(static f => f.Name));

    /// <summary>Opens the file of <paramref name="schema"/> in <paramref name="folder"/> and checks its header; <c>null</c> when absent or unusable.</summary>
    public static CanonicalFileReader? Open(string folder, CanonicalEntitySchema schema, bool required, List<CanonicalError> errors)
    {
        var path = Path.Combine(folder, schema.FileName);
        if (!File.Exists(path))
        {
            if (required)
            {
                errors.Add(new(schema.FileName, 0, null, $"required file not found in {folder}"));
            }

            return null;
        }

        var file = new CanonicalFileReader(schema, path, errors);
        if (file.ReadHeader())
        {
            return file;
        }

        file.Dispose();
        return null;
    }

    /// <summary>Moves to the next well-formed row and puts its raw values, in schema order, into <paramref name="values"/>.</summary>
    public bool Read(string[] values)
    {
        while (true)
        {
            var kind = tokenizer.Next();
            if (kind == CsvRecordKind.End)
            {
                return false;
            }

            Line = checked((int)tokenizer.RecordLine);
            if (kind == CsvRecordKind.Problem)
            {
                Report(null, QuotingProblem());
                continue;
            }

            if (tokenizer.FieldCount != positions.Length)
            {
                Report(null, ColumnCountProblem());
                continue;
            }

            for (var i = 0; i < positions.Length; i++)
            {
                values[i] = tokenizer.Field(positions[i]);
            }

            return true;
        }
    }

    /// <summary>Records a problem in the current row (column <c>null</c>: the row as a whole).</summary>
    public void Report(string? column, string message) => errors.Add(new(FileName, Line, column, message));

    public void Dispose() => tokenizer.Dispose();

    private bool ReadHeader()
    {
        var kind = tokenizer.Next();
        if (kind == CsvRecordKind.End)
        {
            errors.Add(new(FileName, 1, null, $"expected the header row {Header}, got an empty file"));
            return false;
        }

        Line = checked((int)tokenizer.RecordLine);
        if (kind == CsvRecordKind.Problem)
        {
            Report(null, QuotingProblem());
            return false;
        }

        var names = tokenizer.Fields();
        var before = errors.Count;
        Array.Fill(positions, -1);
        for (var i = 0; i < names.Length; i++)
        {
            var field = schema.IndexOf(names[i]);
            if (field < 0)
            {
                Report(null, $"unknown column '{names[i]}' (expected {Header})");
            }
            else if (positions[field] >= 0)
            {
                Report(null, $"column '{names[i]}' appears twice");
            }
            else
            {
                positions[field] = i;
            }
        }

        for (var field = 0; field < positions.Length; field++)
        {
            if (positions[field] < 0)
            {
                Report(null, $"missing column '{schema.Fields[field].Name}' (expected {Header})");
            }
        }

        // Quoting problems further down name the column as well as its number.
        tokenizer.ColumnNames = names;
        return errors.Count == before;
    }

    private string QuotingProblem() => tokenizer.ProblemKind switch
    {
        // The fields before the quote, plus the quoted field that never ends.
        CsvProblemKind.UnclosedQuote => string.Create(CultureInfo.InvariantCulture,
            $"unbalanced quotes: a quote opened on this line is never closed; expected {positions.Length} columns, got {tokenizer.FieldCount + 1}"),
        CsvProblemKind.TextAfterClosingQuote =>
            $"malformed quoting: {tokenizer.Problem}; expected a quoted field to be \"…\" with inner quotes doubled",
        _ => tokenizer.Problem ?? "unreadable row",
    };

    private string ColumnCountProblem()
    {
        var expected = string.Create(CultureInfo.InvariantCulture, $"expected {positions.Length} columns, got {tokenizer.FieldCount}");
        if (tokenizer.RecordLines == 1)
        {
            return expected;
        }

        // A quoted field that spans lines in a row of the wrong width is most likely a stray quote.
        var lastLine = tokenizer.RecordLine + tokenizer.RecordLines - 1;
        return string.Create(CultureInfo.InvariantCulture, $"unbalanced quotes: a quoted field opened on this line runs to line {lastLine}; {expected}");
    }
}
