using System.Globalization;
using MiniExcelLibs;

namespace Connector.Worker.Output;

/// <summary>
/// A workbook for people who pivot (MiniExcel, docs/decisions.md 98): one sheet per section named after it, a header row
/// of the column keys (as in CSV), then one row per report row with numbers as numbers — money rounded to its minor
/// units, percentages as percentage points, dates as dates — and a last sheet <c>notes</c> with the title and the notes.
/// </summary>
internal static class XlsxReportRenderer
{
    public static void Write(Report report, string path)
    {
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var s = 0; s < report.Sections.Count; s++)
        {
            var section = report.Sections[s];
            var rows = new List<Dictionary<string, object?>>(section.Rows.Count);
            foreach (var row in section.Rows)
            {
                var values = new Dictionary<string, object?>(section.Columns.Count, StringComparer.Ordinal);
                for (var c = 0; c < section.Columns.Count && c < row.Cells.Count; c++)
                {
                    var column = section.Columns[c];
                    if (!column.TableOnly)
                    {
                        values[column.Key] = Value(row.Cells[c], column);
                    }
                }

                rows.Add(values);
            }

            sheets[SheetName(section.Title, s, sheets)] = rows;
        }

        sheets["notes"] = new List<Dictionary<string, object?>> { new() { ["note"] = report.Title } }
            .Concat(report.Notes.Select(static n => new Dictionary<string, object?> { ["note"] = n }))
            .ToList();
        MiniExcel.SaveAs(path, sheets, overwriteFile: true);
    }

    private static object? Value(Cell cell, ReportColumn column) => cell.Kind switch
    {
        CellKind.Money or CellKind.Integer or CellKind.Percent => decimal.Parse(cell.ToInvariant(), NumberStyles.Number, CultureInfo.InvariantCulture),
        CellKind.Date => DateOnly.ParseExact(cell.Text!, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue),

        // A figure a report keeps as text (days with two decimals) is still a number in a numeric column.
        _ when column.AlignRight && decimal.TryParse(cell.Text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
        _ => cell.Text is { } text ? SpreadsheetSafe.Text(text) : null,
    };

    // Excel's rules: at most 31 characters, none of []:*?/\, unique.
    private static string SheetName(string? title, int index, Dictionary<string, object> taken)
    {
        var name = new string((title ?? (index == 0 ? "report" : $"section {index + 1}")).Where(static ch => "[]:*?/\\".IndexOf(ch) < 0).ToArray()).Trim();
        name = name.Length > 31 ? name[..31] : name.Length == 0 ? $"section {index + 1}" : name;
        var unique = name;
        for (var n = 2; taken.ContainsKey(unique); n++)
        {
            var suffix = $" {n}";
            unique = (name.Length + suffix.Length > 31 ? name[..(31 - suffix.Length)] : name) + suffix;
        }

        return unique;
    }
}
