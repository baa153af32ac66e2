using System.Net;
using System.Text;

namespace Connector.Worker.Output;

/// <summary>
/// One html page a manager opens in a browser, nothing beside it: the title, each chart as inline SVG (ScottPlot), each
/// section as a table (headers for people, numbers as the table format shows them), then the notes. Text is encoded.
/// </summary>
internal static class HtmlReportRenderer
{
    public static void Write(Report report, TextWriter output)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(Encode(report.Title))
            .Append("</title>\n<style>\nbody{font-family:system-ui,sans-serif;margin:2em;color:#222}\n")
            .Append("table{border-collapse:collapse;margin:0 0 2em}\nth,td{border:1px solid #ccc;padding:.25em .6em}\n")
            .Append("td.n{text-align:right;font-variant-numeric:tabular-nums}\ntr.total td{font-weight:bold}\n")
            .Append("figure{margin:0 0 1.5em}\n</style>\n</head>\n<body>\n<h1>")
            .Append(Encode(report.Title))
            .Append("</h1>\n");
        foreach (var chart in report.Charts)
        {
            html.Append("<figure class=\"chart\">\n").Append(ChartSvg.Inline(chart)).Append("\n</figure>\n");
        }

        foreach (var section in report.Sections)
        {
            if (section.Title is { } title)
            {
                html.Append("<h2>").Append(Encode(title)).Append("</h2>\n");
            }

            var columns = Enumerable.Range(0, section.Columns.Count).Where(c => !section.Columns[c].MachineOnly).ToList();
            html.Append("<table>\n<thead><tr>");
            foreach (var c in columns)
            {
                html.Append("<th>").Append(Encode(section.Columns[c].Header)).Append("</th>");
            }

            html.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in section.Rows)
            {
                html.Append(row.IsTotal ? "<tr class=\"total\">" : "<tr>");
                foreach (var c in columns)
                {
                    var cell = c < row.Cells.Count ? row.Cells[c] : Cell.Of(null);
                    html.Append(section.Columns[c].AlignRight ? "<td class=\"n\">" : "<td>").Append(Encode(cell.ToDisplay())).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        if (report.Notes.Count > 0)
        {
            html.Append("<ul class=\"notes\">\n");
            foreach (var note in report.Notes)
            {
                html.Append("<li>").Append(Encode(note)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</body>\n</html>\n");
        output.Write(html);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
