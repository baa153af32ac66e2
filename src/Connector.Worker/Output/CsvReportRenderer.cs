using System.Text;

namespace Connector.Worker.Output;

/// <summary>
/// CSV for machines: a header of column keys, invariant numbers without thousands separators, money
/// rounded to its currency's minor units, RFC 4180 quoting, text that a spreadsheet would run as a
/// formula neutralised. Several sections are separated by a blank line.
/// </summary>
internal static class CsvReportRenderer
{
    public static void Write(Report report, TextWriter output)
    {
        var line = new StringBuilder(256);
        for (var s = 0; s < report.Sections.Count; s++)
        {
            var section = report.Sections[s];
            if (s > 0)
            {
                output.Write('\n');
            }

            line.Clear();
            var written = 0;
            for (var c = 0; c < section.Columns.Count; c++)
            {
                if (!section.Columns[c].TableOnly)
                {
                    AppendField(line, written++, section.Columns[c].Key);
                }
            }

            output.Write(line.Append('\n'));
            foreach (var row in section.Rows)
            {
                line.Clear();
                written = 0;
                for (var c = 0; c < row.Cells.Count && c < section.Columns.Count; c++)
                {
                    if (!section.Columns[c].TableOnly)
                    {
                        var cell = row.Cells[c];
                        var value = cell.ToInvariant();
                        AppendField(line, written++, cell.Kind == CellKind.Text ? SpreadsheetSafe.Text(value) : value);
                    }
                }

                output.Write(line.Append('\n'));
            }
        }
    }

    internal static void AppendField(StringBuilder line, int index, string value)
    {
        if (index > 0)
        {
            line.Append(',');
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(value);
            return;
        }

        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
