using Spectre.Console;
using Spectre.Console.Rendering;

namespace Connector.Worker.Output;

/// <summary>Terminal tables for people (Spectre.Console): amounts right-aligned with thousands separators, totals set apart.</summary>
internal static class TableReportRenderer
{
    public static void Write(Report report, TextWriter output, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;

        console.Write(new Text(report.Title, new Style(decoration: Decoration.Bold)));
        console.WriteLine();
        foreach (var section in report.Sections)
        {
            console.WriteLine();
            console.Write(Table(section));
        }

        foreach (var note in report.Notes)
        {
            console.Write(new Text(note));
            console.WriteLine();
        }
    }

    private static Table Table(ReportSection section)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (section.Title is { Length: > 0 } title)
        {
            table.Title = new TableTitle(Markup.Escape(title));
        }

        foreach (var column in section.Columns)
        {
            if (column.MachineOnly)
            {
                continue;
            }

            var tableColumn = new TableColumn(new Text(column.Header));
            table.AddColumn(column.AlignRight ? tableColumn.RightAligned() : tableColumn);
        }

        var rows = section.Rows;
        var footer = rows.Count > 0 && rows[^1].IsTotal ? rows[^1] : null;
        for (var r = 0; r < rows.Count - (footer is null ? 0 : 1); r++)
        {
            table.AddRow(Cells(section, rows[r], bold: rows[r].IsTotal));
        }

        if (footer is not null)
        {
            // The last total row becomes the footer, under a rule.
            var cells = Cells(section, footer, bold: true);
            for (var c = 0; c < table.Columns.Count && c < cells.Count; c++)
            {
                table.Columns[c].Footer = cells[c];
            }

            table.ShowFooters = true;
        }

        if (rows.Count == 0)
        {
            table.Caption = new TableTitle("(none)");
        }

        return table;
    }

    private static List<IRenderable> Cells(ReportSection section, ReportRow row, bool bold)
    {
        var style = bold ? new Style(decoration: Decoration.Bold) : Style.Plain;
        var cells = new List<IRenderable>(row.Cells.Count);
        for (var c = 0; c < row.Cells.Count; c++)
        {
            if (c < section.Columns.Count && section.Columns[c].MachineOnly)
            {
                continue;
            }

            cells.Add(new Text(row.Cells[c].ToDisplay(), style));
        }

        return cells;
    }
}
