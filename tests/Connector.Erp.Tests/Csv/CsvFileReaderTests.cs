using System.Text;
using Connector.Mapping.Rows;

namespace Connector.Erp.Tests.Csv;

public sealed class CsvFileReaderTests : IDisposable
{
    private const string Header = "Document,Customer,Amount";
    private readonly DropFolder drop = new();

    public void Dispose() => drop.Dispose();

    [Fact]
    public async Task Rows_Utf8WithBom_HeaderHasNoBomAndValuesRead()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(" Document ,Customer,Amount\nINV-1,Müller GmbH,10.50\n")).ToArray();

        var read = await drop.ReadAsync(bytes);

        Assert.Null(read.Problem);
        Assert.Equal(["Document", "Customer", "Amount"], read.Header);
        var row = Assert.Single(read.Rows);
        Assert.Equal(["INV-1", "Müller GmbH", "10.50"], row.Values);
        Assert.Equal(2, row.Line);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rows_Utf16WithBom_Decoded(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes($"{Header}\r\nINV-1,Ærø Ltd,5\r\n")).ToArray();

        var read = await drop.ReadAsync(bytes, DropFolder.Spec(encoding: "utf-16"));

        Assert.Equal(["Document", "Customer", "Amount"], read.Header);
        Assert.Equal(["INV-1", "Ærø Ltd", "5"], Assert.Single(read.Rows).Values);
    }

    [Theory]
    [InlineData("windows-1252")]
    [InlineData("iso-8859-1")]
    public async Task Rows_SingleByteEncoding_AccentsDecoded(string encoding)
    {
        // é is 0xE9 in both; as UTF-8 it would be an invalid byte.
        var bytes = Encoding.Latin1.GetBytes($"{Header}\nINV-1,Café Noël,5\n");

        var read = await drop.ReadAsync(bytes, DropFolder.Spec(encoding: encoding));

        var row = Assert.Single(read.Rows);
        Assert.Null(row.Problem);
        Assert.Equal("Café Noël", row.Values[1]);
    }

    [Fact]
    public async Task Rows_InvalidUtf8InOneRow_RowFlaggedOthersRead()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes($"{Header}\nINV-1,Alpha,1\nINV-2,Caf"));
        bytes.Add(0xE9); // windows-1252 é inside a UTF-8 file
        bytes.AddRange(Encoding.UTF8.GetBytes(",2\nINV-3,Gamma,3\n"));

        var read = await drop.ReadAsync([.. bytes]);

        Assert.Equal(3, read.Rows.Count);
        Assert.Null(read.Rows[0].Problem);
        Assert.Equal("invalid UTF-8 byte sequence in column 'Customer' (set source.csv.encoding if the file is not utf-8)", read.Rows[1].Problem);
        Assert.Equal(3, read.Rows[1].Line);
        Assert.Equal("INV-2,Caf\uFFFD,2", read.Rows[1].RawText);
        Assert.Null(read.Rows[2].Problem);
        Assert.Equal("Gamma", read.Rows[2].Values[1]);
    }

    [Fact]
    public async Task Open_HeaderNotUtf8_FileProblemUndecodable()
    {
        var bytes = Encoding.Latin1.GetBytes("Numéro,Client\nINV-1,A\n");

        var read = await drop.ReadAsync(bytes);

        Assert.StartsWith("undecodable: the header row is not valid utf-8 text", read.Problem, StringComparison.Ordinal);
        Assert.Empty(read.Rows);
    }

    [Fact]
    public async Task Open_Utf16WithoutBomReadAsUtf8_FileProblemUndecodable()
    {
        var bytes = Encoding.Unicode.GetBytes($"{Header}\nINV-1,A,1\n");

        var read = await drop.ReadAsync(bytes);

        Assert.StartsWith("undecodable: the header row holds NUL characters", read.Problem, StringComparison.Ordinal);
        Assert.Empty(read.Rows);
    }

    [Fact]
    public async Task Rows_SemicolonDelimiter_SplitOnSemicolonCommasKept()
    {
        var read = await drop.ReadAsync("Document;Customer;Amount\nINV-1;Smith, John;1.234,50\n", DropFolder.Spec(delimiter: ';'));

        Assert.Equal(["INV-1", "Smith, John", "1.234,50"], Assert.Single(read.Rows).Values);
    }

    [Fact]
    public async Task Rows_QuotedFields_DelimitersQuotesAndNewlinesKeptLinesPhysical()
    {
        var text = $"{Header}\n" +
            "INV-1,\"Smith, John\",1\n" +
            "INV-2,\"The \"\"Best\"\" Co\",2\n" +
            "INV-3,\"Line one\nLine two\r\nLine three\",3\n" +
            "INV-4,Plain,4\n";

        var read = await drop.ReadAsync(text);

        Assert.All(read.Rows, row => Assert.Null(row.Problem));
        Assert.Equal(["Smith, John", "The \"Best\" Co", "Line one\nLine two\r\nLine three", "Plain"], read.Rows.Select(r => r.Values[1]));
        Assert.Equal([2L, 3, 4, 7], read.Rows.Select(r => r.Line));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("mixed")]
    public async Task Rows_LineEndings_SameRowsAndLines(string ending)
    {
        var lines = new[] { Header, "INV-1,A,1", "INV-2,B,2", "INV-3,C,3" };
        var text = ending == "mixed"
            ? $"{lines[0]}\r\n{lines[1]}\n{lines[2]}\r\n{lines[3]}\n"
            : string.Join(ending, lines) + ending;

        var read = await drop.ReadAsync(text);

        Assert.Equal(["INV-1", "INV-2", "INV-3"], read.Rows.Select(r => r.Values[0]));
        Assert.Equal(["1", "2", "3"], read.Rows.Select(r => r.Values[2]));
        Assert.Equal([2L, 3, 4], read.Rows.Select(r => r.Line));
    }

    [Fact]
    public async Task Rows_WrongColumnCount_RowFlaggedWithRawTextOthersRead()
    {
        var read = await drop.ReadAsync($"{Header}\nINV-1,A,1\nINV-2,B,2,extra\nINV-3,C,3\n");

        Assert.Equal(3, read.Rows.Count);
        var bad = read.Rows[1];
        Assert.Equal("expected 3 columns as in the header, got 4", bad.Problem);
        Assert.Equal("INV-2,B,2,extra", bad.RawText);
        Assert.Equal(3, bad.Line);
        Assert.Equal(["INV-1", "INV-3"], read.Rows.Where(r => r.Problem is null).Select(r => r.Values[0]));
    }

    [Fact]
    public async Task Rows_NulCharacterInOneRow_RowFlaggedNamingTheColumn()
    {
        var read = await drop.ReadAsync($"{Header}\nINV-1,Alpha,1\nINV-2,Be\0ta,2\nINV-3,Gamma,3\n");

        Assert.Equal(3, read.Rows.Count);
        Assert.Equal("NUL character in column 'Customer': binary data, or UTF-16 text read as utf-8 (set source.csv.encoding)", read.Rows[1].Problem);
        Assert.Equal(3, read.Rows[1].Line);
        Assert.Null(read.Rows[2].Problem);
    }

    [Fact]
    public async Task Rows_UnbalancedQuote_FlaggedOnItsLineAndRestOfFileRead()
    {
        var lines = new List<string> { Header, "INV-1,A,1", "INV-2,\"Broken,2" };
        lines.AddRange(Enumerable.Range(3, 20).Select(i => $"INV-{i},Name {i},{i}"));

        var read = await drop.ReadAsync(string.Join("\n", lines) + "\n");

        Assert.Equal(22, read.Rows.Count);
        var bad = read.Rows[1];
        Assert.Equal("unbalanced quote: the field starting at column 2 (Customer) is never closed", bad.Problem);
        Assert.Equal(3, bad.Line);
        Assert.Equal("INV-2,\"Broken,2", bad.RawText);
        Assert.Equal(Enumerable.Range(3, 20).Select(i => $"INV-{i}"), read.Rows.Skip(2).Select(r => r.Values[0]));
        Assert.All(read.Rows.Skip(2), row => Assert.Null(row.Problem));
    }

    [Fact]
    public async Task Rows_StrayQuotePairsWithLaterQuote_OnlyTheBrokenLineFlagged()
    {
        var read = await drop.ReadAsync($"{Header}\nINV-1,\"Open,1\nINV-2,\"Fine\",2\nINV-3,C,3\n");

        Assert.Equal(3, read.Rows.Count);
        Assert.Equal(2, read.Rows[0].Line);
        Assert.NotNull(read.Rows[0].Problem);
        Assert.Equal("INV-1,\"Open,1", read.Rows[0].RawText);
        Assert.Equal(["INV-2", "Fine", "2"], read.Rows[1].Values);
        Assert.Null(read.Rows[1].Problem);
        Assert.Equal(["INV-3", "C", "3"], read.Rows[2].Values);
    }

    [Fact]
    public async Task Rows_LastLineCutInsideQuote_FlaggedAsTruncated()
    {
        var read = await drop.ReadAsync($"{Header}\nINV-1,A,1\nINV-2,\"Cut off");

        Assert.Equal(2, read.Rows.Count);
        Assert.Null(read.Rows[0].Problem);
        Assert.Equal("truncated last line: the file ends inside the quoted field starting at column 2 (Customer)", read.Rows[1].Problem);
        Assert.Equal("INV-2,\"Cut off", read.Rows[1].RawText);
    }

    [Fact]
    public async Task Rows_LastLineCutShort_FlaggedAsTruncated()
    {
        var read = await drop.ReadAsync($"{Header}\nINV-1,A,1\nINV-2,B");

        Assert.Equal("truncated last line: expected 3 columns as in the header, got 2", read.Rows[1].Problem);
    }

    [Fact]
    public async Task Rows_CompleteLastLineWithoutNewline_Read()
    {
        var read = await drop.ReadAsync($"{Header}\nINV-1,A,1\nINV-2,\"B\",2");

        Assert.All(read.Rows, row => Assert.Null(row.Problem));
        Assert.Equal(["INV-2", "B", "2"], read.Rows[1].Values);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public async Task Open_EmptyFile_FileProblem(string text)
    {
        var read = await drop.ReadAsync(text);

        Assert.Equal("empty file: no header row", read.Problem);
        Assert.Empty(read.Rows);
    }

    [Fact]
    public async Task Open_HeaderOnly_NoProblemNoRows()
    {
        var read = await drop.ReadAsync(Header + "\r\n");

        Assert.Null(read.Problem);
        Assert.Equal(3, read.Header.Count);
        Assert.Empty(read.Rows);
    }

    [Fact]
    public async Task Open_SkipLines_TitleLinesSkippedLinesStayPhysical()
    {
        var read = await drop.ReadAsync($"Open items report\n\"Printed 01.03.2026, page 1\n{Header}\nINV-1,A,1\n", DropFolder.Spec(skipLines: 2));

        Assert.Equal(["Document", "Customer", "Amount"], read.Header);
        var row = Assert.Single(read.Rows);
        Assert.Equal(4, row.Line);
    }

    [Fact]
    public async Task Rows_FormulaLookingText_ReadAsPlainText()
    {
        var read = await drop.ReadAsync($"{Header}\nINV-1,\"=HYPERLINK(\"\"http://x\"\")\",=1+2\n");

        Assert.Equal(["INV-1", "=HYPERLINK(\"http://x\")", "=1+2"], Assert.Single(read.Rows).Values);
    }

    [Fact]
    public async Task Rows_BlankLinesBetweenRows_Skipped()
    {
        var read = await drop.ReadAsync($"{Header}\nINV-1,A,1\n\n\r\nINV-2,B,2\n\n");

        Assert.Equal([2L, 5], read.Rows.Select(r => r.Line));
    }

    [Fact]
    public async Task Open_ResumeFromLineCheckpoint_ExactlyTheRemainingRows()
    {
        var text = $"{Header}\nINV-1,A,1\nINV-2,\"two\nlines\",2\nINV-3,C,3,x\nINV-4,D,4\nINV-5,E,5\n";
        var first = await drop.ReadAsync(text);
        var checkpoint = first.Reader.CheckpointAfter(first.Rows[1]);
        Assert.Equal("line:3", checkpoint);

        var unit = await drop.SingleUnitAsync();
        using var resumed = await unit.OpenAsync(checkpoint, CancellationToken.None);
        var rest = resumed.Rows.ToList();

        Assert.Equal(first.Rows.Skip(2).Select(Describe), rest.Select(Describe));
        Assert.Equal([5L, 6, 7], rest.Select(r => r.Line));
    }

    [Fact]
    public async Task Rows_LargeFile_EveryRowReadAcrossBufferRefills()
    {
        var text = new StringBuilder(Header + "\r\n");
        for (var i = 1; i <= 50_000; i++)
        {
            text.Append("INV-").Append(i).Append(",\"Customer ").Append(i).Append(", Inc.\",").Append(i).Append(".25\r\n");
        }

        var read = await drop.ReadAsync(text.ToString());

        Assert.Equal(50_000, read.Rows.Count);
        Assert.All(read.Rows, row => Assert.Null(row.Problem));
        Assert.Equal(["INV-50000", "Customer 50000, Inc.", "50000.25"], read.Rows[^1].Values);
        Assert.Equal(50_001, read.Rows[^1].Line);
        Assert.Equal("done", read.Reader.CompletedCheckpoint);
    }

    private static string Describe(SourceRow row) => $"{row.Line}|{string.Join("|", row.Values)}|{row.Problem}";
}
