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

    public void Write(Report report, ReportFormat format)
    {
        ArgumentNullException.ThrowIfNull(report);
        switch (format)
        {
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
