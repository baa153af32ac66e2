using System.Globalization;
using System.Text;

namespace Connector.Benchmarks.Data;

/// <summary>
/// A large customer-ledger export in the sample ERP's style (<c>samples/erp/CUST_LEDGER_ENTRIES_*.csv</c>: the same
/// columns, <c>;</c>, UTF-8 with BOM, CRLF, dd.MM.yyyy, de-DE amounts with thousands): the sample's invoice and
/// credit-memo rows repeated in order with fresh entry and document numbers (<c>INV-0000001</c> …), so every row
/// names one of the sample customers and maps cleanly. Deterministic: the same size gives the same bytes.
/// </summary>
internal static class ErpLedgerExport
{
    private const int EntryNo = 0;
    private const int DocumentType = 3;
    private const int DocumentNo = 4;
    private const int Description = 7;
    private const int LastModified = 16;

    /// <summary>
    /// Writes <paramref name="rows"/> rows to <paramref name="path"/>. With <paramref name="lastModified"/> every
    /// row's <c>Last Modified</c> (a column no mapping reads) is that stamp instead of the sample's: the same
    /// ledger content in a file with another content hash.
    /// </summary>
    public static long Write(string samplePath, string path, int rows, string? lastModified = null)
    {
        var lines = File.ReadAllLines(samplePath, Encoding.UTF8);
        var header = lines[0].TrimStart('\uFEFF');
        var templates = lines.Skip(1)
            .Select(Split)
            .Where(fields => fields[DocumentType] is "Invoice" or "Credit Memo")
            .ToList();

        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 20) { NewLine = "\r\n" })
        {
            writer.WriteLine(header);
            var line = new StringBuilder(256);
            for (var i = 0; i < rows; i++)
            {
                var fields = (string[])templates[i % templates.Count].Clone();
                var oldNumber = fields[DocumentNo];
                var number = oldNumber[..(oldNumber.IndexOf('-', StringComparison.Ordinal) + 1)] + (i + 1).ToString("D7", CultureInfo.InvariantCulture);
                fields[EntryNo] = (1_000_001 + i).ToString(CultureInfo.InvariantCulture);
                fields[DocumentNo] = number;
                fields[Description] = fields[Description].Replace(oldNumber, number, StringComparison.Ordinal);
                if (lastModified is not null)
                {
                    fields[LastModified] = lastModified;
                }

                line.Clear();
                for (var f = 0; f < fields.Length; f++)
                {
                    if (f > 0)
                    {
                        line.Append(';');
                    }

                    var value = fields[f];
                    if (value.AsSpan().IndexOfAny(";\"\r\n") >= 0)
                    {
                        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                    }
                    else
                    {
                        line.Append(value);
                    }
                }

                writer.WriteLine(line);
            }
        }

        return new FileInfo(path).Length;
    }

    /// <summary>The file's header columns (for the bare baseline tables).</summary>
    public static string[] Columns(string samplePath) => Split(File.ReadLines(samplePath, Encoding.UTF8).First().TrimStart('\uFEFF'));

    // The sample has no line breaks inside fields: one line is one record.
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ';')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
