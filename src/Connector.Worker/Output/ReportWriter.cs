namespace Connector.Worker.Output;

/// <summary>Writes a <see cref="Report"/> to stdout in the chosen format; the only place that knows the formats.</summary>
public sealed class ReportWriter
{
    private readonly TextWriter output;
    private readonly int tableWidth;

    /// <param name="output">Where reports go (stdout; logs and warnings go to stderr).</param>
    /// <param name="tableWidth">Width of terminal tables in characters.</param>
    public ReportWriter(TextWriter output, int tableWidth)
    {
        this.output = output;
        this.tableWidth = tableWidth;
    }

    public void Write(Report report, ReportFormat format) => Write(report, format, output);

    /// <summary>
    /// Writes to <paramref name="path"/> (<c>--out FILE</c>) when given, to stdout otherwise; an xlsx workbook always goes to
    /// a file (the command's options require <c>--out</c> with it).
    /// </summary>
    public void Write(Report report, ReportFormat format, string? path)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (path is null)
        {
            Write(report, format);
            return;
        }

        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        if (format == ReportFormat.Xlsx)
        {
            XlsxReportRenderer.Write(report, path);
            return;
        }

        using var file = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        Write(report, format, file);
    }

    private void Write(Report report, ReportFormat format, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        switch (format)
        {
            case ReportFormat.Html:
                HtmlReportRenderer.Write(report, output);
                break;
            case ReportFormat.Csv:
                CsvReportRenderer.Write(report, output);
                break;
            case ReportFormat.Json:
                JsonReportRenderer.Write(report, output);
                break;
            default:
                TableReportRenderer.Write(report, output, tableWidth);
                break;
        }

        output.Flush();
    }
}
