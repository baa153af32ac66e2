namespace Connector.Worker.Output;

/// <summary>How a report is written to stdout: <c>--format table|csv|json</c>.</summary>
public enum ReportFormat
{
    /// <summary>Terminal tables for people.</summary>
    Table,

    /// <summary>RFC 4180 CSV, invariant culture, amounts in minor units without thousands separators.</summary>
    Csv,

    /// <summary>Indented JSON with snake_case names.</summary>
    Json,

    /// <summary>An Excel workbook (needs <c>--out</c>): one sheet per section, numbers as numbers, a finance person can pivot it.</summary>
    Xlsx,

    /// <summary>One self-contained html page: the charts as inline SVG, then the tables.</summary>
    Html,
}
